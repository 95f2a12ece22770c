"""The accreditations' coverage nodes written again from a store.

A build or an import writes an accreditation's coverage nodes from its row
(:func:`graph.ingest.flag_pages.write_coverage`): one node per (certification body, standard
work) pair it covers, with copies of its number, accreditation body, status and dates, which
``red-flag-lapsed-accreditation-valid-certificates`` reads instead of the accreditation. A
register's Turtle may say anything — a new accreditation, another status or end date for one
already there — and has no rows, so when one comes in, :func:`refresh_coverage` rewrites every
coverage node from what the store then says of its accreditations (a few thousand nodes at a
million certificates), inside the build's or import's atomic update, as
:func:`graph.ingest.flag_store.refresh_flags` does for the red flags.

Examples
--------
>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> before = len(store)
>>> refresh_coverage(store) > 0, len(store) == before  # from the rows: the same nodes again
(True, True)
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.ingest.flag_pages import coverage_node, pair_page
from graph.ingest.void_tracker import Tracker, changing
from graph.query import run_named
from graph.store import Store
from graph.vocab.namespaces import AG, with_prefixes

__all__ = ["refresh_coverage"]

#: What a coverage node copies of its accreditation: the accreditation's property -> the node's.
COPIED = {
    AG + "number": AG + "coverageNumber",
    AG + "issuer": AG + "coverageIssuer",
    AG + "status": AG + "coverageStatus",
    AG + "validFrom": AG + "coverageFrom",
    AG + "validUntil": AG + "coverageUntil",
}

_OF, _PAIR, _BODY = (ox.NamedNode(AG + name) for name in ("coverageOf", "coveragePair",
                                                          "coverageBody"))  # fmt: skip
_DELETE = "DELETE { ?node ?p ?o } WHERE { ?node ag:coverageOf ?accreditation ; ?p ?o }"


def coverage_triples(store: Store) -> list[ox.Triple]:
    """Every coverage node's triples as the accreditations of ``store`` give them."""
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    copied: dict[str, list[tuple[ox.NamedNode, ox.Term]]] = defaultdict(list)
    rows = run_named(store, "internal-coverage-accreditations", row_cap=None, timeout=None)
    for accreditation, cb, work, p, o in rows.rows:
        if cb is not None and work is not None:
            pairs[accreditation.value].add((cb.value, work.value))
        elif p is not None and o is not None:
            copied[accreditation.value].append((ox.NamedNode(COPIED[p.value]), o))
    triples = []
    for accreditation, covered in pairs.items():
        subject = ox.NamedNode(accreditation)
        for cb, work in sorted(covered):
            pair = pair_page(cb, work)
            node = ox.NamedNode(coverage_node(accreditation, pair))
            triples.append(ox.Triple(node, _OF, subject))
            triples.append(ox.Triple(node, _PAIR, ox.NamedNode(pair)))
            triples.append(ox.Triple(node, _BODY, ox.NamedNode(cb)))
            triples += [ox.Triple(node, p, o) for p, o in copied[accreditation]]
    return triples


def refresh_coverage(store: Store, tracker: Tracker | None = None) -> int:
    """Replace every coverage node of ``store`` by those its accreditations now give; returns
    how many nodes there are. A ``tracker`` (an import's) counts the old triples out of, and the
    new ones into, the VoID statistics (:mod:`graph.ingest.void_tracker`)."""
    new = coverage_triples(store)
    old: list[ox.Triple] = []
    if tracker is not None:
        rows = run_named(store, "internal-coverage-triples", row_cap=None, timeout=None).rows
        old = [ox.Triple(*row) for row in rows]  # type: ignore[misc]

    def replace() -> None:
        store.update(with_prefixes(_DELETE))
        if new:
            store.add(new)

    changing(tracker, new, old, replace)
    return sum(1 for t in new if t.predicate == _OF)
