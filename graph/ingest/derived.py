"""What a build derives from a register's rows, derived again from a store.

A build or an import writes, from each row as it streams through, facts that fast named
queries read instead of the data itself: an accreditation's *coverage nodes*
(:func:`graph.ingest.flag_pages.write_coverage`: one per certification body and standard
work it covers, with copies of its number, bodies, status and dates), the *certificate
counts* (:mod:`graph.ingest.summaries`) and the *pages of certificates* of two red flags
(:data:`~graph.ingest.flag_pages.VALID_PAIR`, :data:`~graph.ingest.flag_pages.VOID_EDITION`,
with the certificates' ``ag:certificatePage`` links). A register's Turtle has no rows and may
say anything — a new accreditation or certificate, another status, a transition end for an
edition — so when one comes in, :func:`refresh_derived` writes all of them again from what the
store then says, inside the build's or import's atomic update, as
:func:`graph.ingest.flag_store.refresh_flags` does for the red flags. It reads every
certificate: seconds at a million, paid only when a register has Turtle.

The counts are then one batch (``agd:summary/<batch>/…``) in place of every earlier one, and
the pages are cut afresh, as a build cuts them.

Examples
--------
>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> import pyoxigraph as ox
>>> before = set(store.dump(ox.RdfFormat.N_QUADS).splitlines())
>>> refresh_derived(store, "build") > 0  # from the rows: the same triples again
True
>>> set(store.dump(ox.RdfFormat.N_QUADS).splitlines()) == before
True
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.ingest.context import Context, Sink
from graph.ingest.flag_pages import (
    CERTIFICATE_LINK,
    VOID_EDITION,
    FlagPages,
    coverage_node,
    pair_page,
)
from graph.ingest.lapse_windows import refresh_windows
from graph.ingest.summaries import count_certificate, write_summaries
from graph.ingest.void_tracker import Tracker, changing
from graph.query import run_named
from graph.store import Store
from graph.vocab.namespaces import AG, with_prefixes

__all__ = ["COPIED", "certificate_triples", "coverage_triples", "refresh_derived"]

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
#: Everything :func:`refresh_derived` replaces (as ``internal-derived-triples`` reads it).
_DELETE_DERIVED = """
DELETE { ?node ?p ?o } WHERE { ?node ag:coverageOf ?accreditation ; ?p ?o } ;
DELETE { ?node ?p ?o } WHERE { ?node a ag:CertificateCount ; ?p ?o } ;
DELETE { ?node ?p ?o } WHERE {
  VALUES ?rule { "valid-pair" "void-edition" } ?node ag:pageRule ?rule ; ?p ?o } ;
DELETE WHERE { ?certificate ag:certificatePage ?page }
"""


def coverage_triples(store: Store) -> list[ox.Triple]:
    """Every coverage node's triples as the accreditations of ``store`` give them: one node per
    accreditation, body (its ``ag:subject``) and standard work it covers, with the statements
    of :data:`COPIED` it has (one it lacks is lacking on its nodes too)."""
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


def certificate_triples(store: Store, batch: str) -> list[ox.Triple]:
    """The certificate counts (one ``batch``) and the pages of certificates, with their links,
    as the certificates of ``store`` give them — what the build writes from their rows."""
    ctx = Context(out=Sink())
    pages = FlagPages()
    # a certificate with several values of another column comes in several rows: one link
    voided: set[tuple[str, str]] = set()  # (certificate, transition end)
    paired: set[tuple[str, str, str]] = set()  # (certificate, body, work)
    rows = run_named(store, "internal-derived-certificates", row_cap=None, timeout=None)
    for row in rows.records():
        certificate, cb, status, work = row["certificate"], row["cb"], row["status"], row["work"]
        until = row["until"].isoformat() if row["until"] is not None else None
        count_certificate(ctx, work, row["country"], cb, status, until)
        if status != "valid":
            continue
        ends = str(row["ends"]) if row["ends"] is not None else None
        if ends is not None and row["id"] is not None and (certificate, ends) not in voided:
            voided.add((certificate, ends))
            pages.note(certificate, VOID_EDITION, ends, row["id"], CERTIFICATE_LINK)
        if cb is not None and work is not None and (certificate, cb, work) not in paired:
            paired.add((certificate, cb, work))
            pages.link_pair(ctx.out, certificate, cb, work)
    pages.write(ctx.out, counts=True)
    write_summaries(ctx, batch)
    data = ctx.out.data()
    return list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else []


def refresh_derived(store: Store, batch: str, tracker: Tracker | None = None) -> int:
    """Replace everything a build derives from rows — coverage nodes, certificate counts (as
    the one ``batch``), pages of certificates and their links, and the lapse windows of the
    coverage nodes (:func:`graph.ingest.lapse_windows.refresh_windows`) — by what ``store``
    now gives; returns how many triples that is, the windows aside. A ``tracker`` (an
    import's) counts the old triples out of, and the new ones into, the VoID statistics
    (:mod:`graph.ingest.void_tracker`)."""
    new = coverage_triples(store) + certificate_triples(store, batch)
    old: list[ox.Triple] = []
    if tracker is not None:
        rows = run_named(store, "internal-derived-triples", row_cap=None, timeout=None).rows
        old = [ox.Triple(*row) for row in rows]  # type: ignore[misc]

    def replace() -> None:
        store.update(with_prefixes(_DELETE_DERIVED))
        if new:
            store.add(new)

    changing(tracker, new, old, replace)
    refresh_windows(store, tracker)  # from the coverage nodes just written
    return len(new)
