"""The trust-chain verifier: is this certificate credible on this date, and why?

For a certificate and an as-of date D the verifier checks every link — certificate, standard,
certification body, accreditation, accreditation body, IAF MLA signatory status, regional group
— and gives the first verdict that applies:

1. ``unknown``: no such certificate in the graph;
2. ``invalid``: the standard is unknown, guidance or a conformity-assessment standard, or the
   issuer is not a certification body;
3. ``not-in-force``: suspended, withdrawn or expired; D outside [issued, valid until]; or the
   edition void on D;
4. ``unaccredited``: in force, but no accreditation of the issuer covers the standard and every
   sector, is active on D and was in force on the issue date, and was granted by an AB that is
   an IAF MLA signatory for that standard;
5. ``accredited``: such an accreditation exists.

Verifying one certificate reads only that certificate, its issuer's accreditations and their
accreditation bodies (a handful of bound queries); :func:`verify_many` reads the same facts for
all certificates in one pass each and evaluates them in memory.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Verdict
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> result = verify(store, "S-C-0001", as_of=dt.date(2026, 11, 23))
>>> result.verdict in set(Verdict)
True
>>> verify(store, "NO-SUCH-ID").verdict
<Verdict.UNKNOWN: 'unknown'>
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from graph import sparql
from graph.query import load_named
from graph.store import Store
from graph.verify.facts import _records, facts_cache
from graph.verify.model import Verification
from graph.verify.rules import evaluate
from graph.vocab.mint import body_iri, certificate_iri

__all__ = ["ChainFacts", "verify", "verify_many"]


@dataclass
class ChainFacts:
    """The facts the rules read: a certificate row and what hangs off its issuer."""

    certificate: dict | None
    accreditations: list[dict]
    signatories: dict[str, dict]
    groups: dict[str, list[dict]]


def _facts_for(store: Store, certificate_id: str) -> ChainFacts:
    facts = facts_cache(store)
    cert = facts.certificate_row(certificate_iri(certificate_id))
    if cert is None:
        return ChainFacts(None, [], {}, {})
    accreditations: list[dict] = []
    signatories: dict[str, dict] = {}
    groups: dict[str, list[dict]] = {}
    issuer_id = cert.get("issuerId")
    if issuer_id and cert["issuer"] == body_iri(issuer_id):
        accreditations = facts.accreditations(issuer_id)
    for ab in {a["ab"] for a in accreditations}:
        signatory_rows, groups[ab] = facts.accreditation_body(ab)
        signatories.update((r["ab"], r) for r in signatory_rows)
    return ChainFacts(cert, accreditations, signatories, groups)


#: Up to this many ids, :func:`verify_many` reads only the given certificates (in batches of
#: :data:`BATCH`, bound with ``VALUES``) instead of every certificate in the graph.
SUBSET_LIMIT = 200_000
BATCH = 2_000
_EMPTY = {"certificate": "VALUES ?certificate { }", "issuer": "VALUES ?issuer { }",
          "standard": "VALUES ?standard { }"}  # fmt: skip


def _batches(name: str, variable: str, iris: Sequence[str]) -> list[str]:
    """The internal query ``name`` once per batch of ``iris``, bound with ``VALUES``.

    The IRIs are minted by :mod:`graph.vocab.mint` or read from the store, so they are valid IRIs
    (no ``>`` or space) and may be written into the ``VALUES`` block.
    """
    text = load_named(name).text
    return [
        text.replace(_EMPTY[variable], f"VALUES ?{variable} {{ {values} }}")
        for values in (
            " ".join(f"<{iri}>" for iri in iris[start : start + BATCH])
            for start in range(0, len(iris), BATCH)
        )
    ]


Job = Callable[[], list[dict]]


def _read_all(store: Store, jobs: Sequence[Job]) -> list[list[dict]]:
    """The rows of each job, read concurrently when the store can serve several readers
    (``parallel_reads``).

    Oxigraph evaluates a query without holding Python's lock, so on two cores two batches
    really do run at once; a remote endpoint gets that many requests in flight.
    """
    workers = min(len(jobs), store.parallel_reads)
    if workers <= 1:
        return [job() for job in jobs]
    with ThreadPoolExecutor(workers, thread_name_prefix="accredigraph-read") as pool:
        return list(pool.map(lambda job: job(), jobs))


def _internal_rows(store: Store, text: str) -> list[dict]:
    result = sparql.run(store, text, row_cap=None, timeout=None, trusted=True)
    assert isinstance(result, sparql.Rows)
    return result.records()


def _texts(store: Store, texts: Sequence[str]) -> list[Job]:
    """A job per filled-in query text."""
    return [partial(_internal_rows, store, text) for text in texts]


def _unbound(store: Store, *names: str) -> list[Job]:
    """A job per named query, read unbound (every row of the graph)."""
    return [partial(_records, store, name) for name in names]


#: The facts every certificate's verdict may read, whatever the certificates: each named query
#: is read unbound, once per bulk verification.
_SHARED = ("chain-accreditations", "chain-signatory", "chain-groups")


def _shared_facts(rows: Sequence[list[dict]]) -> tuple[dict, dict, dict]:
    accreditations, signatory_rows, group_rows = rows
    by_cb: dict[str, list[dict]] = defaultdict(list)
    for row in accreditations:
        by_cb[row["cb"]].append(row)
    signatories = {row["ab"]: row for row in signatory_rows}
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in group_rows:
        groups[row["ab"]].append(row)
    return by_cb, signatories, groups


def _read_subset(store: Store, ids: Sequence[str]) -> tuple[dict[str, dict], tuple]:
    """The ``chain-certificate`` rows of ``ids`` only, keyed by certificate IRI, and the
    shared facts.

    One unbound scan of ``chain-certificate`` reads every certificate in the graph; for a
    subset this reads the listed certificates (``internal-chain-batch``), their sectors and
    sources, and the facts of the few distinct issuers and standards, and joins them here into
    the same rows. All batches and the shared facts are read in one concurrent round.
    """
    iris = sorted({certificate_iri(i) for i in ids})
    own = _batches("internal-chain-batch", "certificate", iris)
    lists = _batches("internal-chain-batch-lists", "certificate", iris)
    answers = _read_all(store, [*_texts(store, [*own, *lists]), *_unbound(store, *_SHARED)])
    rows = {
        r["certificate"]: r
        for answer in answers[: len(own)]
        for r in answer
        if r.pop("isCertificate")
    }
    sectors: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, list[str]] = defaultdict(list)
    for answer in answers[len(own) : len(own) + len(lists)]:
        for r in answer:
            if r["sectorCode"] is not None and r["sectorCode"] not in sectors[r["certificate"]]:
                sectors[r["certificate"]].append(str(r["sectorCode"]))
            if r["source"] is not None and r["source"] not in sources[r["certificate"]]:
                sources[r["certificate"]].append(r["source"])
    shared = _shared_facts(answers[len(own) + len(lists) :])
    issuer_queries = _batches(
        "internal-chain-issuers", "issuer", sorted({r["issuer"] for r in rows.values()})
    )
    standard_queries = _batches(
        "internal-chain-standards", "standard",
        sorted({r["standard"] for r in rows.values() if r["standard"]}),
    )  # fmt: skip
    answers = _read_all(store, _texts(store, [*issuer_queries, *standard_queries]))
    issuers = {r["issuer"]: r for answer in answers[: len(issuer_queries)] for r in answer}
    standards = {r["standard"]: r for answer in answers[len(issuer_queries) :] for r in answer}
    empty_standard = dict.fromkeys(
        ("work", "workLabel", "kind", "editionYear", "transitionEnds", "replacedBy")
    )
    out = {}
    for iri, row in rows.items():
        issuer = issuers.get(row["issuer"]) or {"issuerId": None, "issuerLabel": None,
                                                 "issuerTypes": ""}  # fmt: skip
        standard = standards.get(row["standard"], empty_standard) if row["standard"] else {}
        out[iri] = {
            "certificate": iri,
            "id": row["id"],
            "issuer": row["issuer"],
            "issuerId": issuer["issuerId"],
            "issuerLabel": issuer["issuerLabel"],
            "issuerTypes": issuer["issuerTypes"],
            "standard": row["standard"],
            "designation": row["designation"],
            **{k: standard.get(k) for k in empty_standard},
            "issued": row["issued"],
            "validUntil": row["validUntil"],
            "status": row["status"],
            "organisation": row["organisation"],
            "organisationName": row["organisationName"],
            "sectors": ";".join(sectors.get(iri, ())),
            "sources": " | ".join(sources.get(iri, ())),
        }
    return out, shared


def verify(store: Store, certificate_id: str, *, as_of: dt.date | None = None) -> Verification:
    """Verify one certificate, by its id, on ``as_of`` (default: today)."""
    as_of = as_of or dt.date.today()
    facts = _facts_for(store, certificate_id)
    return evaluate(certificate_id, facts, as_of)


def verify_many(
    store: Store, certificate_ids: Iterable[str] | None = None, *, as_of: dt.date | None = None
) -> list[Verification]:
    """Verify many certificates (default: every certificate in the graph) in one pass.

    The facts are read with one unbound query each (or, for up to :data:`SUBSET_LIMIT` ids,
    in ``VALUES`` batches of the given certificates) and indexed in memory, so the cost grows
    with the size of the graph, not with the number of queries. The reads run concurrently
    where the store allows it (``Store.parallel_reads``).
    """
    as_of = as_of or dt.date.today()
    with _collector_paused():
        return _verify_many(store, certificate_ids, as_of)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk verification.

    It builds hundreds of thousands of small acyclic dicts and tuples, and each allocation
    burst made the collector rescan all of them (a quarter of the time at 10 k certificates).
    Reference counting still frees everything; the collector runs again as soon as we return.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _verify_many(
    store: Store, certificate_ids: Iterable[str] | None, as_of: dt.date
) -> list[Verification]:
    ids_given = None if certificate_ids is None else list(certificate_ids)
    if ids_given is not None and len(ids_given) <= SUBSET_LIMIT:
        certificates, (by_cb, signatories, groups) = _read_subset(store, ids_given)
    else:
        everything = _read_all(store, _unbound(store, "chain-certificate", *_SHARED))
        certificates = {row["certificate"]: row for row in everything[0]}
        by_cb, signatories, groups = _shared_facts(everything[1:])
    if ids_given is None:
        ids: Sequence[str] = sorted(row["id"] for row in certificates.values())
    else:
        ids = ids_given
    results = []
    for identifier in ids:
        cert = certificates.get(certificate_iri(identifier))
        accreditations = by_cb.get(cert["issuer"], []) if cert else []
        facts = ChainFacts(cert, accreditations, signatories, groups)
        results.append(evaluate(identifier, facts, as_of))
    return results
