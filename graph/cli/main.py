"""The ``accredigraph`` command line (also ``python -m graph``): everything the app can do.

Global options may come before or after the command::

    accredigraph [--store PATH|memory|URL] [--update-url URL] [--graph-store-url URL]
                 [--data DIR] COMMAND ...
    accredigraph --store PATH build --data DIR      # the same as --data DIR build

Without ``--store``, commands use ``.accredigraph/store`` when it exists (``make run`` builds
it) and otherwise build the graph in memory. ``--store http://…`` works on a SPARQL 1.1
endpoint (docs/scale.md); it is read-only unless ``--update-url`` is given. ``--data DIR``
adds a register in the interchange format on top of the bundled data; with no ``--store`` it
works in memory, leaving the on-disk store alone.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph import __version__, sparql
from graph.errors import AccredigraphError
from graph.ingest.build import build_store, import_register
from graph.query import load_named, named_queries, run_named
from graph.settings import Settings
from graph.sparql import Boolean, Rows, Triples, python_value
from graph.store import Store, open_store

__all__ = ["main", "open_graph"]

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def open_graph(store: str | None, data: Sequence[str] = (), *, quiet: bool = False) -> Store:
    """The graph a command works on, following the rules in this module's docstring."""
    settings = Settings()
    extra = [Path(d) for d in data]
    if store is None and not extra and settings.store_path.is_dir():
        return open_store(settings.store_path)
    if store is None or store == "memory":
        if not quiet and not extra:
            print("(no store built yet: building the graph in memory)", file=sys.stderr)
        graph, _ = build_store("memory", extra=extra, settings=settings)
        return graph
    graph = open_store(store)
    for folder in extra:
        import_register(graph, folder)
    return graph


def _render_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    cells = [[("" if v is None else str(v)) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], len(value)), 60)

    def fmt(values: Sequence[str]) -> str:
        return "  ".join(v[:60].ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths])]
    lines.extend(fmt(row) for row in cells)
    return "\n".join(lines)


def _print_result(result: Any, fmt: str) -> None:
    if isinstance(result, Boolean):
        print(result.to_json() if fmt == "json" else ("yes" if result.value else "no"))
    elif isinstance(result, Triples):
        print(result.serialize(fmt if fmt in ("ttl", "nt", "jsonld") else "ttl"), end="")
    elif isinstance(result, Rows):
        if fmt == "csv":
            print(result.to_csv(), end="")
        elif fmt == "json":
            print(result.to_json())
        else:
            rows = [[python_value(t) for t in row] for row in result.rows]
            print(_render_table(result.variables, rows))
            print(f"({len(rows)} rows{', truncated at the row cap' if result.truncated else ''})")
    if getattr(result, "truncated", False):
        print(f"warning: truncated at {result.row_cap} rows; raise --limit", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    location = args.store or str(Settings().store_path)
    _, report = build_store(location, extra=[Path(d) for d in args.data])
    print(f"{location}: {report}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    store = open_graph(args.store, quiet=True)
    report = import_register(store, Path(args.folder))
    store.close()
    print(f"{args.folder}: {report}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    store = open_graph(args.store, args.data)
    result = run_named(store, "class-counts", row_cap=None)
    assert isinstance(result, Rows)
    if args.format == "json":
        print(result.to_json())
        return 0
    print(_render_table(["class", "count"], [(r["label"], r["count"]) for r in result.records()]))
    print(f"\n{len(store):,} triples in {store.location}")
    return 0


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise AccredigraphError(f"--param takes name=value, not {pair!r}")
        params[name.strip().lstrip("?")] = value
    return params


def cmd_query(args: argparse.Namespace) -> int:
    if args.list:
        rows = [(q.name, q.audience, q.title, " ".join(f"{p.name}={p.default}" for p in q.params))
                for q in named_queries().values() if q.audience != "internal"]  # fmt: skip
        print(_render_table(["name", "audience", "title", "params (defaults)"], rows))
        return 0
    if not args.sparql:
        raise AccredigraphError("give SPARQL text, a .rq file or a named query (see --list)")
    store = open_graph(args.store, args.data)
    source = args.sparql
    if source in named_queries():
        result = run_named(store, source, _params(args.param), row_cap=args.limit,
                           timeout=args.timeout)  # fmt: skip
    else:
        if source.endswith(".rq") and Path(source).is_file():
            source = Path(source).read_text(encoding="utf-8")
        if args.param:
            raise AccredigraphError("--param works with named queries only")
        result = sparql.run(store, source, row_cap=args.limit, timeout=args.timeout)
    _print_result(result, args.format)
    return 0


def cmd_describe_query(args: argparse.Namespace) -> int:
    query = load_named(args.name)
    print(f"{query.title}\n\n{query.description}\n\naudience: {query.audience}")
    for p in query.params:
        print(f"param {p.name} ({p.kind}, default {p.default!r}): {p.label}")
    print(f"\n{query.text}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = open_graph(args.store, args.data)
    data = store.dump(EXPORT_FORMATS[args.format])
    if args.out:
        Path(args.out).write_bytes(data)
        print(f"wrote {len(data):,} bytes to {args.out}", file=sys.stderr)
    else:
        sys.stdout.buffer.write(data)
    return 0


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and the tests)."""
    top = argparse.ArgumentParser(
        prog="accredigraph",
        description="Explore the accreditation ecosystem as a knowledge graph.",
    )
    top.add_argument("--version", action="version", version=f"accredigraph {__version__}")
    top.add_argument("--store", help="store directory, 'memory', or a SPARQL endpoint URL "
                     "(default: .accredigraph/store if built, else memory)")  # fmt: skip
    top.add_argument("--update-url", metavar="URL",
                     help="SPARQL update endpoint of a --store URL (makes it writable; default "
                     "$ACCREDIGRAPH_UPDATE_URL)")  # fmt: skip
    top.add_argument("--graph-store-url", metavar="URL",
                     help="Graph Store Protocol endpoint of a --store URL, for fast loads "
                     "(default $ACCREDIGRAPH_GRAPH_STORE_URL)")  # fmt: skip
    top.add_argument("--data", action="append", default=[], metavar="DIR",
                     help="a register folder (interchange CSV/TTL) loaded on top of the bundled "
                     "data; repeatable")  # fmt: skip
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("build", help="build the store from data/ (and --data folders)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("import", help="add a register folder to an existing store, atomically")
    p.add_argument("folder")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("stats", help="counts per class")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("query", help="run SPARQL: inline text, a .rq file, or a named query")
    p.add_argument("sparql", nargs="?", help="SPARQL text, FILE.rq or a named query's name")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--format", choices=["table", "csv", "json", "ttl", "nt", "jsonld"],
                   default="table")  # fmt: skip
    p.add_argument("--limit", type=int, default=Settings().row_cap, help="row cap")
    p.add_argument("--timeout", type=float, default=Settings().query_timeout, help="seconds")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("show-query", help="show a named query's header and text")
    p.add_argument("name")
    p.set_defaults(func=cmd_describe_query)

    p = sub.add_parser("export", help="the whole graph as Turtle, N-Triples or JSON-LD")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="ttl")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    from graph.cli import explore as cli_explore
    from graph.cli import verify as cli_verify
    from graph.ingest import generate as generate
    from graph.ingest import register_export as export_register
    from graph.serve import endpoint as endpoint

    cli_verify.add_commands(sub)
    cli_explore.add_commands(sub)
    generate.add_commands(sub)
    endpoint.add_commands(sub)
    export_register.add_commands(sub)
    for command in sub.choices.values():
        _add_global_options(command)
    return top


#: The global options, also accepted after the command (``build --data DIR``).
_GLOBAL = ("store", "update_url", "graph_store_url", "data")


def _add_global_options(command: argparse.ArgumentParser) -> None:
    """Accept the global options after ``command`` too, under ``late_*`` names that
    :func:`_merge_global_options` folds into the global ones."""
    group = command.add_argument_group("global options (also accepted before the command)")
    for name in _GLOBAL:
        flag = "--" + name.replace("_", "-")
        extra = {"action": "append", "metavar": "DIR"} if name == "data" else {"metavar": "VALUE"}
        group.add_argument(
            flag, dest=f"late_{name}", default=argparse.SUPPRESS, help="see accredigraph --help",
            **extra,
        )  # fmt: skip


def _merge_global_options(top: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fold options given after the command into the global ones; a value given twice,
    differently, is a usage error rather than a silent choice."""
    args.data = list(args.data) + list(getattr(args, "late_data", []))
    for name in _GLOBAL[:-1]:
        late = getattr(args, f"late_{name}", None)
        if late is None:
            continue
        if getattr(args, name) not in (None, late):
            flag = "--" + name.replace("_", "-")
            top.error(f"{flag} given twice, before and after the command, with different values")
        setattr(args, name, late)


@contextlib.contextmanager
def _remote_urls(update_url: str | None, graph_store_url: str | None) -> Iterator[None]:
    """Make ``--update-url``/``--graph-store-url`` the defaults of every store this command
    opens (through the environment :func:`graph.store.embedded.open_store` reads), then restore it."""
    wanted = {"ACCREDIGRAPH_UPDATE_URL": update_url,
              "ACCREDIGRAPH_GRAPH_STORE_URL": graph_store_url}  # fmt: skip
    saved = {name: os.environ.get(name) for name in wanted}
    try:
        for name, value in wanted.items():
            if value is not None:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 bad input, 2 usage)."""
    top = parser()
    args = top.parse_args(argv)
    _merge_global_options(top, args)
    try:
        with _remote_urls(args.update_url, args.graph_store_url):
            return args.func(args)
    except AccredigraphError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
