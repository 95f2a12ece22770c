"""Commands that run SPARQL: ``query`` (inline text, a ``.rq`` file or a named query) and
``show-query`` (a named query's header and text).

``query --format csv|tsv|json|xml`` writes a SELECT's (or an ASK's) answer in the SPARQL 1.1
Query Results formats and ``--format ttl|nt|jsonld|rdfxml`` a CONSTRUCT's or DESCRIBE's
triples, by pyoxigraph's serialisers, every row as the engine yields it
(:func:`graph.sparql.export`); ``--limit N`` cuts it, and says so on standard error. The
default ``table`` is for people: at most the row cap (1000) rows, and a line saying when the
answer was cut.

A long list (a named query with ``# page:``) comes a page at a time: the table, or
``--limit N`` in a results format, holds the first page and says on standard error how to ask
for the next one, ``--after`` with the last row's values of the page's columns (for
``expiring-certificates``: ``--after 2027-01-15 G-C-0012345``, its expiry date and id).
Without ``--limit``, a results format holds every row of such a list, read a page at a time
(:func:`graph.query.walk_named`): the time limit applies to each page, so a list of a hundred
thousand rows is written where one query for all of it would pass the limit. With
``--timeout 0`` (no limit) every row comes from one query instead: faster (at a million
certificates, 10 s against 16 s for the 65,721 certificates expiring within 90 days), but
nothing bounds it.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from graph import sparql
from graph.cli.options import workspace
from graph.cli.output import TextSink, print_result, render_table
from graph.errors import AccredigraphError
from graph.query import (
    NamedQuery,
    bind_named,
    is_named,
    load_named,
    named_queries,
    run_named,
    walk_named,
)
from graph.settings import Settings

#: ``--format``: the table for people, then the W3C results formats, then the RDF formats.
FORMATS = ["table", *sparql.RESULT_FORMATS, *sparql.GRAPH_FORMATS]
RESULTS = sparql.RESULT_FORMATS

__all__ = ["add_commands"]


def _params(pairs: Sequence[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise AccredigraphError(f"--param takes name=value, not {pair!r}")
        params[name.strip().lstrip("?")] = value
    return params


def _after(query: NamedQuery, values: Sequence[str] | None) -> dict[str, str]:
    """``--after``'s values as the query's next-page parameters (``# after:``)."""
    if not values:
        return {}
    if not query.after:
        paged = ", ".join(n for n, q in named_queries().items() if q.after)
        raise AccredigraphError(f"{query.name} is not paged: --after works with {paged}")
    if len(values) != len(query.after):
        columns = " ".join(query.page)
        raise AccredigraphError(f"--after takes the last row's {columns} ({len(query.page)} "
                                f"value{'s' if len(query.page) > 1 else ''})")  # fmt: skip
    return dict(zip(query.after, values, strict=True))


def _next_page(name: str, result: sparql.Result) -> None:
    """On standard error: how to ask for the page after a cut one."""
    query = load_named(name)
    if not (query.after and isinstance(result, sparql.Rows) and result.truncated and result.rows):
        return
    last = result.rows[-1]
    values = [last[result.variables.index(v)] for v in query.page]
    if any(v is None for v in values):
        return
    words = " ".join(shlex.quote(v.value) for v in values)
    print(f"next page: add --after {words}", file=sys.stderr)


def _write_pages(store, name: str, params: dict[str, str], fmt: str, timeout: float | None) -> None:
    """Every row of the paged named query ``name`` in the results format ``fmt``, read a page
    at a time, each page within ``timeout``: CSV and TSV page after page under one header,
    JSON and XML as one document once the last page is in."""
    kind = RESULTS[fmt]
    if kind in (ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV):
        for n, page in enumerate(walk_named(store, name, params, timeout=timeout)):
            data = page.encode(kind)
            sys.stdout.write((data if n == 0 else data.split(b"\n", 1)[1]).decode("utf-8"))
        return
    pages = list(walk_named(store, name, params, timeout=timeout))
    whole = sparql.Rows(pages[0].variables, [row for page in pages for row in page.rows])
    if kind == ox.QueryResultsFormat.JSON:  # written by pyoxigraph, as one query's answer is
        compact = whole.to_json(one_line=True).encode("utf-8")
        data = ox.parse_query_results(compact, kind).serialize(format=kind) or b""
    else:
        data = whole.encode(kind)
    sys.stdout.write(data.decode("utf-8"))


def cmd_query(args: argparse.Namespace) -> int:
    if args.list:
        rows = [(q.name, q.audience, q.title, " ".join(f"{p.name}={p.default}" for p in q.params))
                for q in named_queries().values() if q.audience != "internal"]  # fmt: skip
        print(render_table(["name", "audience", "title", "params (defaults)"], rows))
        return 0
    if not args.sparql:
        raise AccredigraphError("give SPARQL text, a .rq file or a named query (see --list)")
    store = workspace(args)
    source, bindings, trusted = args.sparql, {}, False
    timeout = args.timeout or None  # 0: no time limit
    if is_named(source):
        params = {**_params(args.param), **_after(load_named(source), args.after)}
        paged = bool(load_named(source).page)
        if args.format == "table" or (paged and args.limit and args.format in RESULTS):
            cap = Settings().row_cap if args.limit is None else args.limit
            result = run_named(store, source, params, row_cap=cap, timeout=timeout)
            if args.format == "table":
                print_result(result)
            else:  # the first page only: read no more than it needs
                assert isinstance(result, sparql.Rows)
                sys.stdout.write(result.encode(RESULTS[args.format]).decode("utf-8"))
            _next_page(source, result)
            return 0
        if paged and args.format in RESULTS and timeout is not None:  # a page at a time
            _write_pages(store, source, params, args.format, timeout)
            return 0
        source, bindings = bind_named(store, source, params)
        trusted = True  # our own text, its values bound as terms
    else:
        if source.endswith(".rq") and Path(source).is_file():
            source = Path(source).read_text(encoding="utf-8")
        if args.param or args.after:
            raise AccredigraphError("--param and --after work with named queries only")
    if args.format == "table":
        cap = Settings().row_cap if args.limit is None else args.limit
        result = sparql.run(store, source, bindings=bindings, row_cap=cap, timeout=timeout,
                            trusted=trusted)  # fmt: skip
        print_result(result)
        return 0
    written = sparql.export(store, source, TextSink(sys.stdout), args.format, bindings=bindings,
                            trusted=trusted, row_cap=args.limit, timeout=timeout)  # fmt: skip
    if written.truncated:
        print(f"warning: cut at {written.count} rows (--limit {args.limit}); without --limit "
              "every row is written", file=sys.stderr)  # fmt: skip
    return 0


def cmd_describe_query(args: argparse.Namespace) -> int:
    query = load_named(args.name)
    print(f"{query.title}\n\n{query.description}\n\naudience: {query.audience}")
    for p in query.params:
        print(f"param {p.name} ({p.kind}, default {p.default!r}): {p.label}")
    if query.after:
        print(f"paged by {' '.join(query.page)}: the next page is --after "
              f"{' '.join(query.page).upper()} (the last row's values)")  # fmt: skip
    print(f"\n{query.text}")
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``query`` and ``show-query`` to the ``accredigraph`` parser."""
    p = sub.add_parser("query", help="run SPARQL: inline text, a .rq file, or a named query")
    p.add_argument("sparql", nargs="?", help="SPARQL text, FILE.rq or a named query's name")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="table (for people), csv, tsv, json, xml (SPARQL 1.1 results of SELECT "
                   "and ASK), ttl, nt, jsonld, rdfxml (CONSTRUCT and DESCRIBE)")  # fmt: skip
    p.add_argument("--limit", type=int, default=None, metavar="N",
                   help="most rows or triples (default: every one; the table shows at most "
                   f"{Settings().row_cap})")  # fmt: skip
    p.add_argument(
        "--timeout",
        type=float,
        default=Settings().query_timeout,
        help="seconds the query (and writing its answer) may take; 0: no limit. Every "
        "row of a long list (a paged named query in a results format) is read a page at a "
        "time, each page within this limit (with 0: in one query)",
    )
    p.add_argument("--after", nargs="+", metavar="VALUE",
                   help="the next page of a long list: the last row's values of the columns "
                   "it is ordered by (see show-query)")  # fmt: skip
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("show-query", help="show a named query's header and text")
    p.add_argument("name")
    p.set_defaults(func=cmd_describe_query)
