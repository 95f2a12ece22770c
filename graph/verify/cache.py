"""Reading one certificate's facts fast: one flat query plus caches.

Planning the grouped ``chain-certificate`` query costs Oxigraph about 3 ms, more than running
it; a flat ``?node ?p ?o`` lookup costs a tenth of that, and reading the node's statements
from the store's index (:meth:`graph.store.Lookups.statements`, the embedded store; a remote
endpoint is asked ``internal-node-facts``) about a quarter of that: at a million certificates
0.17 ms against 0.64 ms a node, warm. So a single verification reads the certificate's own
statements flat, takes the facts it shares with other certificates — standards, issuers, a
certification body's accreditations with their accreditation bodies' signatory records and
groups — from a cache kept per store and dropped whenever the store changes
(``Store.generation``), and turns them into the same typed facts a bulk pass builds
(:func:`graph.verify.facts.certificate_facts`, :func:`graph.verify.bodies.shared_facts`).

Examples
--------
>>> from graph.ingest.build import build_store
>>> from graph.vocab.mint import certificate_iri
>>> store, _ = build_store("memory")
>>> facts = facts_cache(store).certificate(certificate_iri("S-C-0001"))
>>> facts.id, facts_cache(store) is facts_cache(store)
('S-C-0001', True)
"""

from __future__ import annotations

import weakref
from typing import Any

from graph.query import run_named
from graph.sparql import python_value
from graph.store import Lookups, Store
from graph.verify.accreditations import accreditation_rows
from graph.verify.bodies import SharedFacts, shared_facts
from graph.verify.facts import NO_ISSUER, NO_STANDARD, CertificateFacts, certificate_facts
from graph.vocab.mint import body_iri, id_from_iri
from graph.vocab.namespaces import AG, DCTERMS, SCHEMA

__all__ = ["StoreFacts", "facts_cache"]

_STATUS = AG + "status"
_USER_SUPPLIED = AG + "userSupplied"
_CITATION = DCTERMS + "bibliographicCitation"
_NAME = SCHEMA + "name"
_SINGLE = {
    AG + "number": "id",
    AG + "issuer": "issuer",
    AG + "subject": "organisation",
    AG + "standardDesignation": "designation",
    AG + "againstStandard": "standard",
    AG + "validUntil": "validUntil",
    DCTERMS + "issued": "issued",
}
#: The named queries read unbound for :meth:`StoreFacts.every_shared`, in the order
#: :func:`graph.verify.bodies.shared_facts` takes them.
_SHARED = ("chain-accreditations", "chain-signatory", "chain-groups", "chain-arrangements")
_REQUIRED = ("id", "issuer", "organisation", "designation", "validUntil", "status")


def _records(
    store: Store, name: str, params: dict[str, str] | None = None, *, at_once: bool = False
) -> list[dict[str, Any]]:
    """Every row of the named query ``name`` (no row cap, no time limit, no defaults);
    ``at_once`` for a small answer read in a thread beside others (:func:`graph.sparql.run`)."""
    result = run_named(store, name, params, row_cap=None, timeout=None, defaults=False,
                       at_once=at_once)  # fmt: skip
    return result.records()  # type: ignore[union-attr]


def _facts(store: Store, iri: str) -> list[tuple[str, Any]]:
    """The ``(predicate IRI, value)`` of each statement about the node ``iri``, values as
    :meth:`graph.sparql.Rows.records` gives them: from the store's index when it has one,
    else by ``internal-node-facts``."""
    if isinstance(store, Lookups):
        return [(p, python_value(o)) for p, o in store.statements(iri)]
    return [(r["p"], r["o"]) for r in _records(store, "internal-node-facts", {"node": iri})]


def _name(store: Store, iri: str) -> Any:
    """One ``schema:name`` of the node ``iri`` (``None``: it has none), read as
    :func:`_facts` reads (by ``internal-node-name`` without an index: an organisation's
    statements include a link to each of its certificates)."""
    if isinstance(store, Lookups):
        names = [python_value(o) for _, o in store.statements(iri, predicate=_NAME)]
    else:
        names = [r["name"] for r in _records(store, "internal-node-name", {"node": iri})]
    return names[0] if names else None


class StoreFacts:
    """Facts shared by many certificates of one store generation, read once each.

    Parameters
    ----------
    store : Store
        The store read; its ``generation`` is remembered so :func:`facts_cache` knows when
        the cache is stale.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> StoreFacts(store).certificate("https://example.org/not-a-certificate") is None
    True
    """

    def __init__(self, store: Store) -> None:
        # weakly: :data:`_CACHE` keys on the store, and a value holding its key keeps it alive
        # for ever (a visitor's workspace would outlive the browser tab it belongs to)
        self._ref = weakref.ref(store)
        self.generation = store.generation
        self._standards: dict[str, dict[str, Any]] | None = None
        self._issuers: dict[str, dict[str, Any]] = {}
        self._bodies: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
        self._shared: dict[str, SharedFacts] = {}
        self._arrangements: list[dict[str, Any]] | None = None
        self._every: SharedFacts | None = None
        self._nodes: dict[str, Any] = {}  # statements of nodes accreditations share
        self._citations: dict[str, str] = {}

    @property
    def _store(self) -> Store:
        store = self._ref()
        if store is None:
            raise ReferenceError("the store these facts were read from is gone")
        return store

    def _standard(self, iri: str | None) -> dict[str, Any]:
        """The standard's ``chain-certificate`` columns (all ``None`` for no known standard)."""
        if iri is None:
            return NO_STANDARD
        if self._standards is None:
            rows = _records(self._store, "internal-chain-all-standards")
            self._standards = {r["standard"]: r for r in rows}
        return self._standards.get(iri, NO_STANDARD)

    def _issuer(self, iri: str) -> dict[str, Any]:
        """The issuer's ``chain-certificate`` columns: id, label and classes."""
        if iri not in self._issuers:
            rows = _records(self._store, "internal-chain-issuer", {"issuer": iri})
            self._issuers[iri] = rows[0] if rows else NO_ISSUER
        return self._issuers[iri]

    def _body(self, ab: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The ``chain-signatory`` and ``chain-groups`` rows of an accreditation body."""
        if ab not in self._bodies:
            ab_id = id_from_iri(ab)
            self._bodies[ab] = (
                _records(self._store, "chain-signatory", {"ab": ab_id}),
                _records(self._store, "chain-groups", {"ab": ab_id}),
            )
        return self._bodies[ab]

    def _source(self, iri: str) -> str:
        """How a source reads: its citation when it is a named document's citation node
        (``docs/model.md``, "Sources"), else its web address, as ``chain-certificate`` gives it."""
        if iri not in self._citations:
            cited = [value for p, value in _facts(self._store, iri) if p == _CITATION]
            self._citations[iri] = str(cited[0]) if cited else iri
        return self._citations[iri]

    def _arrangement_rows(self) -> list[dict[str, Any]]:
        """Every ``chain-arrangements`` row (a dozen arrangements), read once."""
        if self._arrangements is None:
            self._arrangements = _records(self._store, "chain-arrangements")
        return self._arrangements

    def _accreditations(self, cb_id: str) -> list[dict[str, Any]]:
        """The ``chain-accreditations`` rows of the certification body ``cb_id``: from the
        store's index when it has one (:mod:`graph.verify.accreditations`), else by the query."""
        store = self._store
        if isinstance(store, Lookups):
            rows = accreditation_rows(store, body_iri(cb_id), memo=self._nodes)
            if rows is not None:
                return rows
        return _records(store, "chain-accreditations", {"cb": cb_id})

    def arrangements_only(self) -> SharedFacts:
        """The recognition arrangements and nothing else: what a certificate whose issuer is
        no certification body shares with the others."""
        return shared_facts([], [], [], self._arrangement_rows())

    def shared(self, cb_id: str) -> SharedFacts:
        """The accreditations of the certification body ``cb_id``, with the signatory records
        and regional groups of their accreditation bodies, and the recognition arrangements."""
        if cb_id not in self._shared:
            accreditations = self._accreditations(cb_id)
            signatories: list[dict[str, Any]] = []
            groups: list[dict[str, Any]] = []
            for ab in dict.fromkeys(row["ab"] for row in accreditations):
                signatory_rows, group_rows = self._body(ab)
                signatories += signatory_rows
                groups += group_rows
            self._shared[cb_id] = shared_facts(
                accreditations, signatories, groups, self._arrangement_rows()
            )
        return self._shared[cb_id]

    def every_shared(self) -> SharedFacts:
        """Every certification body's accreditations, every accreditation body's signatory
        records and groups, and the recognition arrangements: what a bulk verification shares
        between its certificates, read unbound once (:func:`graph.verify.chain.verify_many`)."""
        if self._every is None:
            # read in a thread while the first batch of certificates is being verified
            self._every = shared_facts(
                *(_records(self._store, name, at_once=True) for name in _SHARED)
            )
        return self._every

    def certificate(self, iri: str) -> CertificateFacts | None:
        """The facts of the certificate ``iri``, or ``None`` if it is not a certificate."""
        row: dict[str, Any] = {"certificate": iri, "issued": None, "standard": None}
        sectors: list[str] = []
        sources: list[str] = []
        is_certificate = False
        for predicate, value in _facts(self._store, iri):
            if predicate in _SINGLE:
                row[_SINGLE[predicate]] = value
            elif predicate == _STATUS:
                row["status"] = value.rsplit("/", 1)[-1]
            elif predicate == AG + "sector":
                sectors.append(value.rsplit("/", 1)[-1])
            elif predicate == DCTERMS + "source":
                sources.append(self._source(str(value)))
            elif predicate == _USER_SUPPLIED:
                row["userSupplied"] = bool(value)
            elif predicate.endswith("#type") and value == AG + "Certificate":
                is_certificate = True
        if not is_certificate or any(key not in row for key in _REQUIRED):
            return None
        return certificate_facts({
            **row,
            **self._issuer(row["issuer"]),
            **self._standard(row["standard"]),
            "organisationName": _name(self._store, row["organisation"]),
            "sectors": ";".join(sectors),
            "sources": " | ".join(sources),
        })  # fmt: skip


_CACHE: weakref.WeakKeyDictionary[Store, StoreFacts] = weakref.WeakKeyDictionary()


def facts_cache(store: Store) -> StoreFacts:
    """The :class:`StoreFacts` of ``store``, new whenever the store has changed.

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> isinstance(facts_cache(store), StoreFacts)
    True
    """
    cached = _CACHE.get(store)
    if cached is None or cached.generation != store.generation:
        cached = StoreFacts(store)
        _CACHE[store] = cached
    return cached
