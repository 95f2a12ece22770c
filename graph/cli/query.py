"""Commands that run SPARQL: ``query`` (inline text, a ``.rq`` file or a named query) and
``show-query`` (a named query's header and text)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from graph import sparql
from graph.cli.options import workspace
from graph.cli.output import print_result, render_table
from graph.errors import AccredigraphError
from graph.query import load_named, named_queries, run_named
from graph.settings import Settings

__all__ = ["add_commands"]


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
        print(render_table(["name", "audience", "title", "params (defaults)"], rows))
        return 0
    if not args.sparql:
        raise AccredigraphError("give SPARQL text, a .rq file or a named query (see --list)")
    store = workspace(args)
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
    print_result(result, args.format)
    return 0


def cmd_describe_query(args: argparse.Namespace) -> int:
    query = load_named(args.name)
    print(f"{query.title}\n\n{query.description}\n\naudience: {query.audience}")
    for p in query.params:
        print(f"param {p.name} ({p.kind}, default {p.default!r}): {p.label}")
    print(f"\n{query.text}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``query`` and ``show-query`` to the ``accredigraph`` parser."""
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
