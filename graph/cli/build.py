"""Commands that make, fill, count and write out the graph: ``build``, ``import``, ``stats``,
``export``, ``generate`` and ``export-register``.

Each command has an ``add_*`` function that adds it to the ``accredigraph`` parser
(:func:`graph.cli.main.parser` calls them in the order ``accredigraph --help`` lists them).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyoxigraph as ox

from graph.cli.options import workspace
from graph.cli.output import render_table
from graph.query import run_named, void_document
from graph.settings import Settings
from graph.sparql import Rows
from graph.store.lock import DEFAULT_WAIT

# The builder, the generator and the register export are imported by their commands when
# they run, so that another command (a query) does not load them (pycountry, the CSV rules).

__all__ = [
    "EXPORT_FORMATS",
    "add_build",
    "add_export",
    "add_export_register",
    "add_generate",
    "add_import",
    "add_stats",
    "add_void",
]

EXPORT_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def cmd_build(args: argparse.Namespace) -> int:
    from graph.ingest.build import build_store

    location = args.store or str(Settings().store_path)
    _, report = build_store(location, extra=[Path(d) for d in args.data],
                            update_url=args.update_url, graph_store_url=args.graph_store_url,
                            wait=args.wait)  # fmt: skip
    print(f"{location}: {report}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from graph.ingest.build import import_register

    store = workspace(args, data=(), quiet=True)
    report = import_register(store, Path(args.folder), wait=args.wait)
    store.close()
    print(f"{args.folder}: {report}")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    store = workspace(args)
    if args.sources:
        return _source_counts(store, args.format)
    result = run_named(store, "class-counts", row_cap=None)
    assert isinstance(result, Rows)
    if args.format == "json":
        print(result.to_json())
        return 0
    print(render_table(["class", "count"], [(r["label"], r["count"]) for r in result.records()]))
    print(f"\n{len(store):,} triples in {store.location}")
    return 0


def cmd_void(args: argparse.Namespace) -> int:
    rdf = {**EXPORT_FORMATS, "rdfxml": ox.RdfFormat.RDF_XML}[args.format]
    print(void_document(workspace(args), rdf, endpoint=args.endpoint).decode(), end="")
    return 0


def _source_counts(store, output: str) -> int:
    """``stats --sources``: accreditation bodies by how well their IAF MLA status is sourced."""
    result = run_named(store, "ab-source-counts", row_cap=None)
    assert isinstance(result, Rows)
    if output == "json":
        print(result.to_json())
        return 0
    rows = result.records()
    total = sum(r["count"] for r in rows)
    print(render_table(["status", "accreditation bodies", "%"],
                       [(r["status"], r["count"], r["percent"]) for r in rows]))  # fmt: skip
    print(f"\n{total} accreditation bodies (samples left out); each one's status: "
          "accredigraph query ab-source-status")  # fmt: skip
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store = workspace(args)
    fmt = EXPORT_FORMATS[args.format]
    if args.out:  # streamed as it is read: a million certificates never sit in memory
        with Path(args.out).open("wb") as handle:
            store.dump_to(handle, fmt)
            size = handle.tell()
        print(f"wrote {size:,} bytes to {args.out}", file=sys.stderr)
    else:
        store.dump_to(sys.stdout.buffer, fmt)
        sys.stdout.buffer.flush()
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from graph.ingest.generate import generate_register

    report = generate_register(Path(args.out), args.certificates, seed=args.seed)
    print(report)
    return 0


def cmd_export_register(args: argparse.Namespace) -> int:
    from graph.ingest.register_export import export_register

    written = export_register(workspace(args), Path(args.out))
    if not written:
        print("nothing to export: the graph holds only the bundled data", file=sys.stderr)
    for name, count in written.items():
        print(f"{Path(args.out) / name}: {count} rows")
    return 0


def _add_wait(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wait", type=float, default=DEFAULT_WAIT, metavar="SECONDS",
                   help="how long to wait while another build or import changes the same store "
                   f"(default {DEFAULT_WAIT:g}; 0: give up at once)")  # fmt: skip


def add_build(sub: argparse._SubParsersAction) -> None:
    """Add ``build`` to the ``accredigraph`` parser."""
    p = sub.add_parser("build", help="build the store from data/ (and --data folders)")
    _add_wait(p)
    p.set_defaults(func=cmd_build)


def add_import(sub: argparse._SubParsersAction) -> None:
    """Add ``import`` to the ``accredigraph`` parser."""
    p = sub.add_parser("import", help="add a register folder to an existing store, atomically")
    p.add_argument("folder")
    _add_wait(p)
    p.set_defaults(func=cmd_import)


def add_stats(sub: argparse._SubParsersAction) -> None:
    """Add ``stats`` to the ``accredigraph`` parser."""
    p = sub.add_parser("stats", help="counts per class")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument(
        "--sources",
        action="store_true",
        help="count accreditation bodies by how well their IAF MLA status is sourced "
        "(confirmed with scopes / confirmed, scopes unknown / unconfirmed / not a signatory)",
    )
    p.set_defaults(func=cmd_stats)


def add_void(sub: argparse._SubParsersAction) -> None:
    """Add ``void`` to the ``accredigraph`` parser."""
    p = sub.add_parser("void", help="the dataset described in VoID: counts by class and "
                       "property, links, sources, licence (as /.well-known/void)")  # fmt: skip
    p.add_argument("--format", choices=[*sorted(EXPORT_FORMATS), "rdfxml"], default="ttl")
    p.add_argument("--endpoint", metavar="URL", help="the SPARQL endpoint that serves the data "
                   "(void:sparqlEndpoint)")  # fmt: skip
    p.set_defaults(func=cmd_void)


def add_export(sub: argparse._SubParsersAction) -> None:
    """Add ``export`` to the ``accredigraph`` parser."""
    p = sub.add_parser("export", help="the whole graph as Turtle, N-Triples or JSON-LD")
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="ttl")
    p.add_argument("--out", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)


def add_generate(sub: argparse._SubParsersAction) -> None:
    """Add ``generate`` to the ``accredigraph`` parser."""
    p = sub.add_parser(
        "generate", help="write a synthetic register (interchange CSV) of N certificates"
    )
    p.add_argument("--certificates", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the CSV files to")
    p.set_defaults(func=cmd_generate)


def add_export_register(sub: argparse._SubParsersAction) -> None:
    """Add ``export-register`` to the ``accredigraph`` parser."""
    p = sub.add_parser(
        "export-register",
        help="write the imported register (not the bundled data) as interchange CSV",
    )
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the CSV files to")
    p.set_defaults(func=cmd_export_register)
