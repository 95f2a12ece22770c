"""Build-time red flags (:mod:`graph.ingest.flags`) read back from, and rewritten in, a store.

An import reads what its rules look at from the store it lands on (:func:`rules_from_store`);
when it (or a later register folder of a build) changes the accreditations, signatory records
or memberships behind flags already written, :func:`refresh_flags` recomputes the flags of the
certification bodies concerned from the store and replaces their old ``ag:RedFlag`` nodes. The
build and the import call it inside their atomic update, after loading their own triples.

Examples
--------
>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> before = len(store)
>>> cbs = certified(store)
>>> refresh_flags(store, cbs) > 0, len(store) == before  # the same flags again
(True, True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

import pyoxigraph as ox

from graph.ingest.context import Sink
from graph.ingest.flags import RULES, Flag, FlagRules, Shown, write_flags
from graph.ingest.void_tracker import Tracker, changing
from graph.query import load_named, run_named
from graph.sparql import Query, Rows, run, seed_values
from graph.store import Store
from graph.vocab.mint import XSD_INTEGER, nt_iri
from graph.vocab.namespaces import AG, with_prefixes

__all__ = ["certified", "recount_pages", "refresh_flags", "rules_from_store"]

#: Certification bodies whose old flags one update deletes.
_DELETE_BATCH = 200


def rules_from_store(store: Store, rules: FlagRules | None = None) -> FlagRules:
    """``rules`` (default: new) with the accreditations, IAF MLA signatory records,
    memberships and flag pages of ``store`` added, and its certified bodies marked as flagged
    already."""
    rules = rules if rules is not None else FlagRules()
    for row in run_named(store, "internal-flag-page-bounds", row_cap=None, timeout=None).records():
        rules.pages.add_bound(row["rule"], row["group"], row["start"])
    accreditations: dict[str, dict] = {}
    for row in run_named(
        store, "internal-flag-accreditations", row_cap=None, timeout=None
    ).records():
        a = accreditations.setdefault(row["accreditation"], {
            "cb": row["cb"], "ab": row["ab"], "from": row["from"], "works": set(),
            "all": False, "sectors": set()})  # fmt: skip
        a["works"].add(row["work"])
        a["all"] = a["all"] or row["allSectors"] is True
        if row["sector"]:
            a["sectors"].add(row["sector"])
    for iri, a in accreditations.items():
        if isinstance(a["from"], dt.date):
            rules.add_accreditation(iri, a["cb"], a["ab"], a["works"], a["from"],
                                    all_sectors=a["all"], sectors=a["sectors"])  # fmt: skip
    records: dict[str, tuple[str, bool, set[str]]] = {}
    for row in run_named(store, "internal-flag-signatories", row_cap=None, timeout=None).records():
        if row["member"]:
            rules.add_member(row["ab"])
            continue
        state, complete, scopes = records.setdefault(
            row["ab"], (row["state"], row["complete"] is not False, set())
        )
        if row["scope"]:
            scopes.add(row["scope"])
    for ab, (state, complete, scopes) in records.items():
        rules.add_signatory(ab, state, complete, scopes)
    rules.certified |= certified(store)
    return rules


def certified(store: Store) -> set[str]:
    """The issuers that have certificates in ``store`` (from its certificate counts)."""
    rows = run_named(store, "internal-flag-certified", row_cap=None, timeout=None).records()
    return {row["cb"] for row in rows if row["cb"]}


def _works(store: Store) -> tuple[dict[str, str], dict[str, str]]:
    """(standard -> its work, standard nobody can be certified to -> its kind)."""
    rows = run_named(store, "internal-flag-certified", row_cap=None, timeout=None).records()
    works = {row["standard"]: row["work"] for row in rows if row["standard"] and row["work"]}
    kinds = {row["standard"]: row["kind"] for row in rows if row["standard"] and row["kind"]}
    return works, kinds


def refresh_flags(
    store: Store, cbs: Collection[str], tracker: Tracker | None = None, *, recount: bool = False
) -> int:
    """Recompute the red flags of the certification bodies ``cbs`` (IRIs) from ``store`` and
    replace their old flag nodes; returns how many flags they have now. The flag pages are
    then recounted (:func:`recount_pages`), also with no body to recompute when ``recount``
    (flags were written into the store's pages by the caller).

    Reads every certificate of those bodies (one query per body), so it costs what they have:
    a fraction of a second for most, seconds for one with a hundred thousand certificates.
    A ``tracker`` (an import's) counts the flags' triples out of, and the new ones into, the
    VoID statistics (:mod:`graph.ingest.void_tracker`).
    """
    if not cbs:
        if recount:
            recount_pages(store, tracker)
        return 0
    rules = rules_from_store(store)
    works, kinds = _works(store)
    out = Sink()
    written = 0
    for cb in sorted(cbs):
        certificates: dict[str, tuple[str | None, Shown, set[str]]] = {}
        rows = run_named(store, "internal-flag-certificates", {"cb": cb}, row_cap=None,
                         timeout=None)  # fmt: skip
        for row in rows.records():
            shown = Shown(row["id"], row["designation"], row["status"], row["issued"],
                          row["organisationName"])  # fmt: skip
            _, _, sectors = certificates.setdefault(
                row["certificate"], (row["standard"], shown, set())
            )
            if row["sector"]:
                sectors.add(row["sector"])
        for certificate, (standard, shown, sectors) in certificates.items():
            flags = []
            if standard is None or standard in kinds:  # no known standard, or not certifiable
                flags = [Flag(RULES[3], kind="unknown" if standard is None else kinds[standard])]
            work = works.get(standard) if standard else None
            if work is not None and isinstance(shown.issued, dt.date):
                flags += rules.flags(cb, work, shown.issued, sectors)
            written += write_flags(out, certificate, cb, shown, flags, rules.pages)
    rules.pages.write(out, counts=False)  # in the pages already there
    ordered = sorted(cbs)
    data = out.data()
    new = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else []

    def replace() -> None:
        for start in range(0, len(ordered), _DELETE_BATCH):
            values = " ".join(nt_iri(cb) for cb in ordered[start : start + _DELETE_BATCH])
            store.update(with_prefixes(
                f"DELETE {{ ?flag ?p ?o }} WHERE {{ VALUES ?cb {{ {values} }} "
                "?flag ag:flagIssuer ?cb ; a ag:RedFlag ; ?p ?o }"))  # fmt: skip
        if new:
            store.add(new)

    changing(tracker, new, _flag_triples(store, ordered) if tracker else [], replace)
    recount_pages(store, tracker)
    return written


def recount_pages(store: Store, tracker: Tracker | None = None) -> None:
    """Write again how many flags each flag page of ``store`` holds (``ag:pageFlags``), after an
    import or a recomputation moved flags in or out (a guide for the paging: one pass over the
    flags' page links, about 0.1 s at a million certificates). A ``tracker`` (an import's)
    counts the old counts out of, and the new ones into, the VoID statistics."""
    out = Sink()
    for row in run_named(store, "internal-flag-page-counts", row_cap=None, timeout=None).records():
        out.lit(row["page"], AG + "pageFlags", str(row["flags"]), XSD_INTEGER)
    data = out.data()
    new = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) if data else []
    old = []
    if tracker is not None:
        rows = run_named(store, "internal-flag-page-flags", row_cap=None, timeout=None)
        old = [ox.Triple(page, ox.NamedNode(AG + "pageFlags"), flags)  # type: ignore[arg-type]
               for page, flags in rows.rows]  # fmt: skip

    def replace() -> None:
        store.update(with_prefixes("DELETE WHERE { ?page ag:pageFlags ?old }"))
        if new:
            store.add(new)

    changing(tracker, new, old, replace)


def _flag_triples(store: Store, cbs: list[str]) -> list[ox.Triple]:
    """Every triple of the flags of ``cbs`` (what :func:`refresh_flags` deletes)."""
    query = load_named("internal-flag-triples")
    triples = []
    for start in range(0, len(cbs), _DELETE_BATCH):
        rows = [(ox.NamedNode(cb),) for cb in cbs[start : start + _DELETE_BATCH]]
        text = seed_values(query.text, ["cb"], rows)
        found = run(store, Query(text, query.name), row_cap=None, timeout=None, trusted=True)
        assert isinstance(found, Rows)
        triples += [ox.Triple(*row) for row in found.rows]  # type: ignore[misc]
    return triples
