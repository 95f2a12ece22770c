"""Command-line surface of the explorer: what the app's Search, Explore pages show, scriptable.

- ``search TEXT`` — entities by name, acronym, id or designation, counted per kind, country
  and standard, filtered by them (the Search page). On an on-disk store, the first search
  that looks for organisations builds the store's name index, as the app's warm-up does
  (:mod:`graph.explore.name_index`: about 13 s at 1 M certificates, once), and the first
  that looks for the start of a number its number index (:mod:`graph.explore.number_index`);
- ``entity WHAT`` — one entity's facts and first links, or its RDF (an entity page);
- ``draw WHAT --out FILE`` — a neighbourhood as the same offline HTML drawing the app shows,
  or as GraphML for Gephi/yEd (the Explore page);
- ``path A B`` — how two entities are related (Explore, "How is X related to Y?");
- ``hubs`` — the best-connected nodes of each kind (Explore, "Hubs").

``WHAT``, ``A`` and ``B`` are what a user would type in the app: an IRI, an id (``ukas``,
``S-C-0001``) or a designation (``ISO 9001``). Output is a table or JSON (``--format json``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph.cli.options import workspace
from graph.cli.output import render_table
from graph.errors import QueryError
from graph.vocab.kinds import SEARCH_KINDS

if TYPE_CHECKING:
    from graph.explore.search import Found
    from graph.store import Store

# Each command imports what it runs (networkx, pyvis, the explorer) when it runs, so that
# another command (a query) does not load them: the parser only needs the options.

__all__ = ["add_commands"]


def _store(args: argparse.Namespace) -> Store:
    return workspace(args, quiet=True)  # the CLI's rules for --store and --data


def _iri(store: Store, text: str) -> str:
    from graph.explore.resolve import resolve_entity

    iri = resolve_entity(store, text)
    if iri is None:
        raise QueryError(f"nothing in the graph is called {text!r}: try `accredigraph search`")
    return iri


def _print(rows: list[dict[str, Any]], columns: list[str], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False, default=str))
    else:
        print(render_table(columns, [[r.get(c, "") for c in columns] for r in rows]))


def cmd_search(args: argparse.Namespace) -> int:
    from graph.explore.search import find

    found = find(_store(args), args.text, kinds=args.kind or None, country=args.country,
                 standard=args.standard, offset=args.offset, limit=args.limit)  # fmt: skip
    rows = [dataclasses.asdict(h) for h in found.hits]
    if args.format == "json":
        print(json.dumps(_search_record(found, rows), indent=2, ensure_ascii=False))
    else:
        _print(rows, ["kind", "label", "identifier", "detail", "iri"], args.format)
    facets = ", ".join(f"{kind} {count}" for kind, count in found.by_kind)
    print(f"matches {found.in_words()}" + (f" ({facets})" if facets else ""), file=sys.stderr)
    for title, counts in (("countries", found.by_country), ("standards", found.by_standard)):
        if counts:
            words = ", ".join(f"{value} {found.count_in_words(n)}" for value, n in counts)
            print(f"{title}: {words}", file=sys.stderr)
    if not found.exact and (found.by_country or found.by_standard):
        print("(n+: at least n; the search stopped reading at its limit)", file=sys.stderr)
    return 0 if found.total else 3


def _search_record(found: Found, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON of ``accredigraph search``: the page of hits, the counts and the filters."""
    return {
        "matches": found.in_words(),
        "total": found.total,
        "exact": found.exact,
        "offset": found.offset,
        "filters": {"country": found.country, "standard": found.standard},
        "by_kind": dict(found.by_kind),
        "by_country": dict(found.by_country),
        "by_standard": dict(found.by_standard),
        "hits": rows,
    }


def cmd_entity(args: argparse.Namespace) -> int:
    from graph.explore.entity import describe, entity_rdf, links_in, links_out

    store = _store(args)
    iri = _iri(store, args.what)
    if args.format in ("ttl", "jsonld"):
        print(entity_rdf(store, iri, args.format))
        return 0
    entity = describe(store, iri)
    if entity is None:
        raise QueryError(f"{iri} has no statements in the graph")
    out, into = links_out(store, iri, limit=args.links), links_in(store, iri, limit=args.links)
    if args.format == "json":
        record = dataclasses.asdict(entity)
        record["links_out"] = {"total": out.total, "total_exact": out.total_exact,
                               "rows": [dataclasses.asdict(r) for r in out.rows]}  # fmt: skip
        record["links_in"] = {"total": into.total, "total_exact": into.total_exact,
                              "rows": [dataclasses.asdict(r) for r in into.rows]}  # fmt: skip
        print(json.dumps(record, indent=2, ensure_ascii=False, default=str))
        return 0
    print(f"{entity.label}  ({', '.join(entity.kinds) or 'no class'})\n{iri}\n")
    for fact in entity.facts:
        print(f"  {fact.predicate_label}: {fact.value_label}")
    for title, page in (("links out", out), ("links in", into)):
        print(f"\n{title} ({page.of}):")
        for row in page.rows:
            print(f"  {row.predicate_label} → {row.value_label}  <{row.value}>")
    if entity.sources:
        print("\nsources:\n" + "\n".join(f"  {s}" for s in entity.sources))
    return 0


def cmd_draw(args: argparse.Namespace) -> int:
    import networkx as nx

    from graph.drawing.html import to_html
    from graph.explore.neighbourhood import neighbourhood

    store = _store(args)
    iri = _iri(store, args.what)
    hood = neighbourhood(store, iri, depth=args.depth, classes=args.kind or None,
                         country=args.country, standard=args.standard, cap=args.cap)  # fmt: skip
    out = Path(args.out)
    if out.suffix.lower() == ".graphml":
        graph = nx.MultiDiGraph(hood.graph)
        graph.graph = {k: str(v) for k, v in graph.graph.items()}  # GraphML wants plain values
        nx.write_graphml(graph, out)
    else:
        out.write_text(to_html(hood.graph, highlight=[iri], caption=args.what), encoding="utf-8")
    print(f"{out}: {hood.shown} of {hood.of} nodes within {args.depth} links of {iri}")
    return 0


def cmd_path(args: argparse.Namespace) -> int:
    from graph.explore.algorithms import how_related

    store = _store(args)
    a, b = _iri(store, args.a), _iri(store, args.b)
    found = how_related(store, a, b, max_paths=args.max_paths, max_depth=args.max_depth)
    label = {n: d.get("label", n) for n, d in found.graph.nodes(data=True)}
    sentences = found.sentences()  # each link read the way the graph states it
    rows = [
        {"path": i, "nodes": [label.get(n, n) for n in path], "steps": steps, "iris": path,
         "sentence": sentence}
        for i, (path, steps, sentence) in enumerate(
            zip(found.paths, found.steps, sentences, strict=True), start=1)
    ]  # fmt: skip
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    for row in rows if args.format != "json" else []:
        print(f"{row['path']}. {row['sentence']}")
    if not rows:
        print(f"no path of at most {args.max_depth} links between them", file=sys.stderr)
    return 0 if rows else 3


def cmd_hubs(args: argparse.Namespace) -> int:
    from graph.explore.algorithms import hubs
    from graph.explore.neighbourhood import projection

    ranked = hubs(projection(_store(args)), top=args.top)
    rows = [
        {"group": group, "rank": i, **dataclasses.asdict(h)}
        for group, items in ranked.items()
        for i, h in enumerate(items, start=1)
        if args.kind in (None, group)
    ]
    _print(rows, ["group", "rank", "label", "kind", "degree", "pagerank"], args.format)
    return 0


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the explorer's commands to the ``accredigraph`` parser."""
    p = sub.add_parser("search", help="find entities by name, acronym, id or designation")
    p.add_argument("text")
    p.add_argument("--kind", action="append", choices=sorted(SEARCH_KINDS),
                   help="keep only this kind (repeatable)")  # fmt: skip
    p.add_argument("--country", help="keep only matches in this country (GB, DEU, Germany)")
    p.add_argument("--standard", help="keep only matches concerning this standard (ISO 9001)")
    p.add_argument("--limit", type=int, default=20, help="matches per page")
    p.add_argument("--offset", type=int, default=0, help="start after this many matches")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("entity", help="one entity's facts and links, or its RDF")
    p.add_argument("what", help="an IRI, an id (ukas, S-C-0001) or a designation (ISO 9001)")
    p.add_argument("--links", type=int, default=10, help="links shown each way")
    p.add_argument("--format", choices=["text", "json", "ttl", "jsonld"], default="text")
    p.set_defaults(func=cmd_entity)

    p = sub.add_parser("draw", help="a neighbourhood as an offline HTML drawing or GraphML")
    p.add_argument("what", help="the centre: an IRI, an id or a designation")
    p.add_argument("--out", required=True, help="FILE.html (the app's drawing) or FILE.graphml")
    p.add_argument("--depth", type=int, default=1)
    p.add_argument("--kind", action="append", help="keep only this kind of node (repeatable)")
    p.add_argument("--country", help="keep nodes of this country (or of none)")
    p.add_argument("--standard", help="keep attestations against this standard (e.g. ISO 9001)")
    p.add_argument("--cap", type=int, default=150, help="the most nodes drawn")
    p.set_defaults(func=cmd_draw)

    p = sub.add_parser("path", help="how two entities are related: the shortest paths")
    p.add_argument("a")
    p.add_argument("b")
    p.add_argument("--max-paths", type=int, default=3)
    p.add_argument("--max-depth", type=int, default=6)
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_path)

    p = sub.add_parser("hubs", help="the best-connected nodes of each kind (degree, PageRank)")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--kind", help="only this group (a kind, or 'all')")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_hubs)
