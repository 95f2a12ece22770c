"""Reading one certificate's chain facts fast: one flat query plus caches.

The rules (:mod:`graph.verify.rules`) read a ``chain-certificate`` row and the issuer's
accreditations. Planning that grouped query costs Oxigraph about 3 ms, more than running it;
a flat ``?node ?p ?o`` lookup costs a tenth of that. So a single verification reads the
certificate's own statements flat and takes the facts it shares with other certificates —
standards, issuers, a CB's accreditations, an AB's signatory record and groups — from a cache
kept per store and dropped whenever the store changes (``Store.generation``).
"""

from __future__ import annotations

import weakref
from typing import Any

from graph.query import run_named
from graph.store import Store
from graph.vocab.mint import id_from_iri
from graph.vocab.namespaces import AG, DCTERMS

__all__ = ["StoreFacts", "facts_cache"]

_STATUS = AG + "status"
_SINGLE = {
    AG + "number": "id",
    AG + "issuer": "issuer",
    AG + "subject": "organisation",
    AG + "standardDesignation": "designation",
    AG + "againstStandard": "standard",
    AG + "validUntil": "validUntil",
    DCTERMS + "issued": "issued",
}


def _records(store: Store, name: str, params: dict[str, str] | None = None) -> list[dict]:
    result = run_named(store, name, params, row_cap=None, timeout=None, defaults=False)
    return result.records()  # type: ignore[union-attr]


class StoreFacts:
    """Facts shared by many certificates of one store generation, read once each."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self.generation = store.generation
        self._standards: dict[str, dict] | None = None
        self._issuers: dict[str, dict] = {}
        self._accreditations: dict[str, list[dict]] = {}
        self._abs: dict[str, tuple[list[dict], list[dict]]] = {}

    def standard(self, iri: str) -> dict:
        """The standard's work, kind, edition year, transition end and successor."""
        if self._standards is None:
            self._standards = {
                r["standard"]: r for r in _records(self._store, "internal-chain-all-standards")
            }
        return self._standards.get(iri, {})

    def issuer(self, iri: str) -> dict:
        """The issuer's id, label and classes."""
        if iri not in self._issuers:
            rows = _records(self._store, "internal-chain-issuer", {"issuer": iri})
            self._issuers[iri] = rows[0] if rows else {}
        return self._issuers[iri]

    def accreditations(self, cb_id: str) -> list[dict]:
        """The ``chain-accreditations`` rows of a certification body."""
        if cb_id not in self._accreditations:
            self._accreditations[cb_id] = _records(
                self._store, "chain-accreditations", {"cb": cb_id}
            )
        return self._accreditations[cb_id]

    def accreditation_body(self, ab: str) -> tuple[list[dict], list[dict]]:
        """The ``chain-signatory`` and ``chain-groups`` rows of an accreditation body."""
        if ab not in self._abs:
            ab_id = id_from_iri(ab)
            self._abs[ab] = (
                _records(self._store, "chain-signatory", {"ab": ab_id}),
                _records(self._store, "chain-groups", {"ab": ab_id}),
            )
        return self._abs[ab]

    def certificate_row(self, iri: str) -> dict[str, Any] | None:
        """The certificate's ``chain-certificate`` row, or ``None`` if it is not a certificate."""
        row: dict[str, Any] = {"certificate": iri}
        sectors: list[str] = []
        sources: list[str] = []
        is_certificate = False
        for fact in _records(self._store, "internal-node-facts", {"node": iri}):
            predicate, value = fact["p"], fact["o"]
            if predicate in _SINGLE:
                row[_SINGLE[predicate]] = value
            elif predicate == _STATUS:
                row["status"] = value.rsplit("/", 1)[-1]
            elif predicate == AG + "sector":
                sectors.append(value.rsplit("/", 1)[-1])
            elif predicate == DCTERMS + "source":
                sources.append(str(value))
            elif predicate.endswith("#type") and value == AG + "Certificate":
                is_certificate = True
        required = ("id", "issuer", "organisation", "designation", "validUntil", "status")
        if not is_certificate or any(key not in row for key in required):
            return None
        row.setdefault("issued", None)
        row.setdefault("standard", None)
        issuer = self.issuer(row["issuer"])
        row["issuerId"] = issuer.get("issuerId")
        row["issuerLabel"] = issuer.get("issuerLabel")
        row["issuerTypes"] = issuer.get("issuerTypes") or ""
        standard = self.standard(row["standard"]) if row["standard"] else {}
        for key in ("work", "workLabel", "kind", "editionYear", "transitionEnds", "replacedBy"):
            row[key] = standard.get(key)
        names = _records(self._store, "internal-node-name", {"node": row["organisation"]})
        row["organisationName"] = names[0]["name"] if names else None
        row["sectors"] = ";".join(sorted(set(sectors), key=int))
        row["sources"] = " | ".join(sources)
        return row


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def facts_cache(store: Store) -> StoreFacts:
    """The :class:`StoreFacts` of ``store``, new whenever the store has changed."""
    cached = _CACHE.get(store)
    if cached is None or cached.generation != store.generation:
        cached = StoreFacts(store)
        _CACHE[store] = cached
    return cached
