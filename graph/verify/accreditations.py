"""A certification body's accreditations read from the store's index: the rows
``chain-accreditations`` gives for one body, without parsing or planning that query.

The grouped, optional-laden ``chain-accreditations`` bound to one body costs Oxigraph about
1.0–1.4 ms at 1 M certificates (1.1–1.6 ms at 2 M), planning most of it: most of a single
verification whose issuer has not been read before. The same facts read as index look-ups
(:class:`graph.store.Lookups`), the nodes accreditations share (standards, sectors, bodies,
sources) kept between calls, take 0.17–0.18 ms (medians over 400 bodies). The rows are the
query's, column for column, so :func:`graph.verify.bodies.shared_facts` builds the same facts
from either; a graph whose accreditation, covered standard, sector or source is a blank node
is left to the query (``None``), which the verifier then asks.

Examples
--------
>>> from graph.ingest.build import build_store
>>> from graph.vocab.mint import body_iri
>>> store, _ = build_store("memory")
>>> rows = accreditation_rows(store, body_iri("s-northwind-cert"))
>>> sorted(rows[0])[:4], rows[0]["status"]
(['ab', 'abId', 'abLabel', 'abUserSupplied'], 'active')
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from graph.sparql import python_value
from graph.store import Lookups
from graph.vocab.namespaces import AG, DCTERMS, RDF, RDFS, SKOS

__all__ = ["accreditation_rows"]

Row = dict[str, Any]
Term = ox.NamedNode | ox.BlankNode | ox.Literal

_ACCREDITATION = ox.NamedNode(AG + "Accreditation")
_REQUIRED = ("number", "issuer", "validFrom", "validUntil", "status")
_STATUS = "accreditation-status/"


class _Blank(Exception):
    """A blank node where the look-ups need an IRI: the query answers that graph."""


Facts = dict[str, list[Term]]


class _Reader:
    """Index reads of nodes, by predicate; the nodes many accreditations share (standards,
    sectors, accreditation bodies, sources) kept in ``memo`` between calls."""

    def __init__(self, store: Lookups, memo: dict[str, Facts]) -> None:
        self.store, self.memo = store, memo

    def facts(self, node: Term, *, keep: bool = True) -> Facts:
        """The objects of ``node``'s statements, by predicate IRI (a literal has none)."""
        if isinstance(node, ox.BlankNode):
            raise _Blank
        if not isinstance(node, ox.NamedNode):
            return {}
        if keep and node.value in self.memo:
            return self.memo[node.value]
        facts: defaultdict[str, list[Term]] = defaultdict(list)
        for predicate, obj in self.store.statements(node.value):
            facts[predicate].append(obj)
        if keep:
            self.memo[node.value] = dict(facts)
        return facts

    def values(self, node: Term, predicate: str) -> list[Term]:
        return self.facts(node).get(predicate, [])


def _text(term: Term) -> str:
    """``STR(term)``: an IRI's or a literal's text (a blank node has none)."""
    if isinstance(term, ox.BlankNode):
        raise _Blank
    return term.value


def _covers(read: _Reader, covered: list[Term]) -> list[str]:
    """The ``"standard work"`` items: each covered standard with each work it is a version of
    (itself when none)."""
    items = []
    for standard in covered:
        works = read.values(standard, DCTERMS + "isVersionOf") or [standard]
        items += [f"{_text(standard)} {_text(work)}" for work in works]
    return items


def _sectors(read: _Reader, sectors: list[Term]) -> list[str]:
    """The notation of each sector (``ag:sector/skos:notation``)."""
    return [_text(code) for s in sectors for code in read.values(s, SKOS + "notation")]


def _sources(read: _Reader, sources: list[Term]) -> list[str]:
    """Each source's citation, or its own text when it has none."""
    items = []
    for node in sources:
        citations = read.values(node, DCTERMS + "bibliographicCitation")
        items += [_text(c) for c in citations] if citations else [_text(node)]
    return items


def _status(term: Term) -> str | None:
    """``STRAFTER(STR(?st), "accreditation-status/")``."""
    if isinstance(term, ox.BlankNode):
        return None
    return term.value.partition(_STATUS)[2]


def _or_none(values: list[Term]) -> list[Term | None]:
    """An OPTIONAL's values: each one, or one unbound."""
    return list(values) or [None]


def _rows_of(read: _Reader, cb: str, node: Term) -> list[Row]:
    facts = read.facts(node, keep=False)
    required = [facts.get(AG + name, []) for name in _REQUIRED]
    if _ACCREDITATION not in facts.get(RDF + "type", []) or not all(required):
        return []
    lists = {
        "covers": ";".join(dict.fromkeys(_covers(read, facts.get(AG + "coversStandard", [])))),
        "sectors": ";".join(dict.fromkeys(_sectors(read, facts.get(AG + "sector", [])))),
        "sources": " | ".join(dict.fromkeys(_sources(read, facts.get(DCTERMS + "source", [])))),
    }
    rows: dict[tuple[Any, ...], Row] = {}  # GROUP BY: one row per distinct combination
    numbers, issuers, starts, ends, statuses = required
    for ab in issuers:
        body = read.facts(ab)
        combinations = itertools.product(
            numbers, starts, ends, statuses, _or_none(body.get(DCTERMS + "identifier", [])),
            _or_none(body.get(RDFS + "label", [])), _or_none(facts.get(AG + "allSectors", [])),
            _or_none(facts.get(AG + "userSupplied", [])),
            _or_none(body.get(AG + "userSupplied", [])),
        )  # fmt: skip
        for number, start, end, status, ab_id, label, all_sectors, user, ab_user in combinations:
            said = _status(status)
            key = (number, ab, ab_id, label, start, end, said, all_sectors, user, ab_user)
            rows[key] = {
                "cb": cb, "accreditation": python_value(node), "id": python_value(number),
                "ab": python_value(ab), "abId": python_value(ab_id),
                "abLabel": python_value(label), "validFrom": python_value(start),
                "validUntil": python_value(end), "status": said,
                "allSectors": python_value(all_sectors), "userSupplied": python_value(user),
                "abUserSupplied": python_value(ab_user), **lists,
            }  # fmt: skip
    return list(rows.values())


def accreditation_rows(
    store: Lookups, cb: str, *, memo: dict[str, Facts] | None = None
) -> list[Row] | None:
    """The ``chain-accreditations`` rows of the certification body ``cb`` (an IRI), read from
    the store's index; ``None`` when a blank node stands where a look-up needs an IRI (ask the
    query then). ``memo`` keeps the statements of the nodes accreditations share (standards,
    sectors, accreditation bodies, sources) for the next call: give the same dictionary only
    while the store is unchanged.

    The order of the items inside ``covers``, ``sectors`` and ``sources`` is the store's, as it
    is the query's: its readers sort them (:func:`graph.verify.bodies.shared_facts`).
    """
    read = _Reader(store, {} if memo is None else memo)
    try:
        return [
            row for node in store.subjects(AG + "subject", cb) for row in _rows_of(read, cb, node)
        ]
    except _Blank:
        return None
