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
accreditation bodies (a handful of bound queries, :func:`read_one`); :func:`verify_many` reads
the same facts for all certificates in one pass each (:func:`read_many`). Both build the same
typed facts (:mod:`graph.verify.facts`) and apply the same pure rules (:mod:`graph.verify.rules`)
to them.

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

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

from graph import sparql
from graph.query import load_named
from graph.store import Store, collector_paused
from graph.verify.bodies import SharedFacts
from graph.verify.cache import _records, facts_cache
from graph.verify.facts import NO_ISSUER, NO_STANDARD, CertificateFacts, certificate_facts
from graph.verify.model import Verification
from graph.verify.rules import evaluate
from graph.vocab.mint import body_iri, certificate_iri

__all__ = ["read_many", "read_one", "verify", "verify_many"]

Row = dict[str, Any]
_NOTHING_SHARED = SharedFacts()


def read_one(store: Store, certificate_id: str) -> tuple[CertificateFacts | None, SharedFacts]:
    """What :func:`verify` reads: the certificate's facts (``None`` if there is no such
    certificate) and the accreditations of its issuer with their accreditation bodies' records.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> certificate, shared = read_one(store, "S-C-0001")
    >>> certificate.id, certificate.issuer in shared.accreditations
    ('S-C-0001', True)
    >>> read_one(store, "NO-SUCH-ID")[0] is None
    True
    """
    cache = facts_cache(store)
    certificate = cache.certificate(certificate_iri(certificate_id))
    if certificate is None:
        return certificate, _NOTHING_SHARED
    if not certificate.issuer_id or certificate.issuer != body_iri(certificate.issuer_id):
        return certificate, cache.arrangements_only()
    return certificate, cache.shared(certificate.issuer_id)


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


Job = Callable[[], Any]


def _internal_rows(store: Store, text: str) -> list[Row]:
    """Every row of an internal query's batch (at most :data:`BATCH` ids): read at once, as
    the reads run in threads beside the verification (:func:`graph.sparql.run`)."""
    result = sparql.run(store, text, row_cap=None, timeout=None, trusted=True, at_once=True)
    assert isinstance(result, sparql.Rows)
    return result.records()


def _in_order(store: Store, jobs: Sequence[Job]) -> Iterator[Any]:
    """The answer of each job in turn, the later jobs read ahead concurrently when the store can
    serve several readers (``parallel_reads``), so the caller can work on one answer while the
    next ones are read. Jobs not yet started when the caller stops are not run.

    Oxigraph evaluates a query without holding Python's lock, so on two cores two batches
    really do run at once; a remote endpoint gets that many requests in flight.
    """
    workers = min(len(jobs), store.parallel_reads)
    if workers <= 1:
        yield from (job() for job in jobs)
        return
    pool = ThreadPoolExecutor(workers, thread_name_prefix="accredigraph-read")
    try:
        futures = [pool.submit(job) for job in jobs]
        yield from (future.result() for future in futures)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _batch_rows(store: Store, own: str, lists: str) -> tuple[list[Row], list[Row]]:
    """The ``internal-chain-batch`` and ``internal-chain-batch-lists`` rows of one batch."""
    return _internal_rows(store, own), _internal_rows(store, lists)


def _read_subset(store: Store, iris: Sequence[str]) -> Iterator[tuple[SharedFacts, dict[str, Row]]]:
    """The shared facts and, a batch at a time, the ``chain-certificate`` rows of the
    certificates ``iris`` (keyed by certificate IRI; an IRI that is no certificate has no row).

    One unbound scan of ``chain-certificate`` reads every certificate in the graph; for a
    subset this reads the listed certificates (``internal-chain-batch``), their sectors and
    sources, and the facts of the few distinct issuers and standards, and joins them here into
    rows with the same columns. The shared facts come first (read once per store generation,
    :meth:`graph.verify.cache.StoreFacts.every_shared`), then each batch as soon as it is read,
    while the next batches are read concurrently: the caller verifies one batch while the
    store reads the next. With no IRIs it yields the shared facts and no rows, once.
    """
    own = _batches("internal-chain-batch", "certificate", iris)
    lists = _batches("internal-chain-batch-lists", "certificate", iris)
    cache = facts_cache(store)
    jobs: list[Job] = [
        cache.every_shared,
        *(partial(_batch_rows, store, *pair) for pair in zip(own, lists, strict=True)),
    ]
    issuers: dict[str, Row] = {}
    standards: dict[str, Row] = {}
    answers = _in_order(store, jobs)
    shared = next(answers)
    if not own:
        yield shared, {}
    for own_rows, list_rows in answers:
        rows = {r["certificate"]: r for r in own_rows if r.pop("isCertificate")}
        sectors: defaultdict[str, list[str]] = defaultdict(list)
        sources: defaultdict[str, list[str]] = defaultdict(list)
        for r in list_rows:
            if r["sectorCode"] is not None and r["sectorCode"] not in sectors[r["certificate"]]:
                sectors[r["certificate"]].append(str(r["sectorCode"]))
            if r["source"] is not None and r["source"] not in sources[r["certificate"]]:
                sources[r["certificate"]].append(r["source"])
        _read_new(store, "internal-chain-issuers", "issuer", issuers,
                  {r["issuer"] for r in rows.values()}, NO_ISSUER)  # fmt: skip
        _read_new(store, "internal-chain-standards", "standard", standards,
                  {r["standard"] for r in rows.values() if r["standard"]}, NO_STANDARD)  # fmt: skip
        yield (
            shared,
            {
                iri: {  # _read_new gave every issuer and standard a row, if only the default
                    **row,
                    **issuers[row["issuer"]],
                    **(standards[row["standard"]] if row["standard"] else NO_STANDARD),
                    "sectors": ";".join(sectors.get(iri, ())),
                    "sources": " | ".join(sources.get(iri, ())),
                }
                for iri, row in rows.items()
            },
        )


def _read_new(
    store: Store, name: str, variable: str, known: dict[str, Row], iris: set[str], missing: Row
) -> None:
    """Add to ``known`` the row of the internal query ``name`` of each of ``iris`` not read yet
    (keyed by ``variable``; ``missing`` for one that has none)."""
    new = sorted(iris - known.keys())
    for text in _batches(name, variable, new):
        known.update((r[variable], r) for r in _internal_rows(store, text))
    known.update((iri, missing) for iri in new if iri not in known)


def read_many(
    store: Store, certificate_ids: Iterable[str] | None = None
) -> tuple[SharedFacts, Iterator[tuple[str, CertificateFacts | None]]]:
    """What :func:`verify_many` reads: the shared facts of the whole graph, and each
    certificate's id with its facts (``None`` for an id that is no certificate), in the order
    given (default: every certificate in the graph, by id).

    The facts are read with one unbound query each (or, for up to :data:`SUBSET_LIMIT` ids,
    in ``VALUES`` batches of the given certificates) and indexed in memory; each
    certificate's facts are built as the iterator reaches it.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> shared, certificates = read_many(store, ["S-C-0001", "NO-SUCH-ID"])
    >>> [(i, facts and facts.id) for i, facts in certificates]
    [('S-C-0001', 'S-C-0001'), ('NO-SUCH-ID', None)]
    """
    ids_given = None if certificate_ids is None else list(certificate_ids)
    if ids_given is not None and len(ids_given) <= SUBSET_LIMIT:
        rows: dict[str, Row] = {}
        batches = _read_subset(store, sorted({certificate_iri(i) for i in ids_given}))
        for shared, batch in batches:  # noqa: B007 (the same shared facts with every batch)
            rows.update(batch)
    else:
        every_row, shared = _in_order(
            store, [partial(_records, store, "chain-certificate"), facts_cache(store).every_shared]
        )
        rows = {row["certificate"]: row for row in every_row}
    if ids_given is None:
        ids: Sequence[str] = sorted(row["id"] for row in rows.values())
    else:
        ids = ids_given

    def certificates() -> Iterator[tuple[str, CertificateFacts | None]]:
        for identifier in ids:
            row = rows.get(certificate_iri(identifier))
            yield identifier, None if row is None else certificate_facts(row)

    return shared, certificates()


def verify(store: Store, certificate_id: str, *, as_of: dt.date | None = None) -> Verification:
    """Verify one certificate, by its id, on ``as_of`` (default: today).

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> verify(store, "S-C-0001", as_of=dt.date(2026, 11, 23)).certificate
    'S-C-0001'
    """
    as_of = as_of or dt.date.today()
    certificate, shared = read_one(store, certificate_id)
    return evaluate(certificate_id, certificate, shared, as_of)


def verify_many(
    store: Store, certificate_ids: Iterable[str] | None = None, *, as_of: dt.date | None = None
) -> list[Verification]:
    """Verify many certificates (default: every certificate in the graph) in one pass.

    The facts are read with one unbound query each (or, for up to :data:`SUBSET_LIMIT` ids,
    in ``VALUES`` batches of the given certificates) and indexed in memory, so the cost grows
    with the size of the graph, not with the number of queries. The reads run concurrently
    where the store allows it (``Store.parallel_reads``), and each batch is verified while the
    next ones are read; the facts all certificates share (accreditations, signatory records,
    groups, arrangements) are read once per state of the store.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> results = verify_many(store, ["S-C-0001", "NO-SUCH-ID"], as_of=dt.date(2026, 11, 23))
    >>> [r.certificate for r in results], results[1].verdict.value
    (['S-C-0001', 'NO-SUCH-ID'], 'unknown')
    """
    as_of = as_of or dt.date.today()
    with collector_paused():
        return _verify_many(store, certificate_ids, as_of)


def _verify_many(
    store: Store, certificate_ids: Iterable[str] | None, as_of: dt.date
) -> list[Verification]:
    ids = None if certificate_ids is None else list(certificate_ids)
    if ids is None or len(ids) > SUBSET_LIMIT:
        shared, certificates = read_many(store, ids)
        return [evaluate(identifier, facts, shared, as_of) for identifier, facts in certificates]
    # a batch is verified as soon as it is read, while the store reads the next ones
    positions: defaultdict[str, list[int]] = defaultdict(list)
    for position, identifier in enumerate(ids):
        positions[certificate_iri(identifier)].append(position)
    results: list[Verification | None] = [None] * len(ids)
    shared = _NOTHING_SHARED
    for shared, rows in _read_subset(store, sorted(positions)):
        for iri, row in rows.items():
            facts = certificate_facts(row)
            for position in positions[iri]:
                results[position] = evaluate(ids[position], facts, shared, as_of)
    return [
        evaluate(ids[position], None, shared, as_of) if result is None else result
        for position, result in enumerate(results)
    ]
