"""The VoID statistics of a store counted once (:func:`count_store`), in :class:`Counts`.

:class:`Counts` holds what ``void-counts``, ``void-property-partition`` and ``void-linksets``
count directly: triples, distinct subjects, distinct objects and entities of the store, the
triples, distinct subjects and distinct objects of each property, and the triples of each
property whose object is an IRI on another site (a linkset).

:func:`count_store` counts a whole store (a build, once everything is loaded): one query per
property and one pass over every triple for the triples, distinct subjects and distinct
objects, in Oxigraph, two at a time; the
entities are the subjects less the blank ones and less the subject IRIs outside the id and
code spaces the build's :class:`~graph.ingest.context.Sink` noted (reading every subject's IRI
instead cost 13 s of CPU at a million certificates). An import keeps the counts exact through
its changes instead (:mod:`graph.ingest.void_tracker`).

>>> counts = Counts()
>>> counts.add_triple("https://w3id.org/accredigraph/id/x", "http://purl.org/dc/terms/source",
...                   ox.NamedNode("https://www.ukas.com/find/"), 1)
>>> counts.linksets
{('http://purl.org/dc/terms/source', 'https://www.ukas.com/'): 1}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph.query import load_named, run_named
from graph.sparql import Boolean, Query, Rows, run, seed_values
from graph.store import Lookups, Pattern, Store
from graph.vocab.namespaces import AGC, AGD, RDF, XSD

__all__ = [
    "STATISTICS_SPACE",
    "Counts",
    "count_store",
    "hits",
    "is_entity",
    "link_space",
    "present",
]

#: Where the statistics nodes live: their triples are counted from the nodes themselves.
STATISTICS_SPACE = AGD + "void/"
_INTEGER = ox.NamedNode(XSD + "integer")
_OURS = "https://w3id.org/accredigraph/"
_TYPE = RDF + "type"
_SITE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*)")
#: Link objects looked up per query.
_BATCH = 2_000


def link_space(iri: str) -> str | None:
    """The site an IRI object of a linkset lives on (``scheme://host/``), as ``void-linksets``
    works it out; ``None`` for one of accredigraph's own IRIs or one not on a web site.

    >>> link_space("https://www.iso.org/standard/62085.html"), link_space("urn:isbn:1")
    ('https://www.iso.org/', None)
    """
    if iri.startswith(_OURS):
        return None
    site = _SITE.match(iri)
    space = site.group(1) + "/" if site else iri
    return space if space.startswith("http") else None


@dataclass
class Counts:
    """The VoID statistics of a store (or of part of one, to be added to another)."""

    triples: int = 0
    subjects: int = 0
    objects: int = 0
    entities: int = 0
    #: property IRI -> [triples, distinct subjects, distinct objects]
    properties: dict[str, list[int]] = field(default_factory=dict)
    #: (property IRI, site) -> triples
    linksets: dict[tuple[str, str], int] = field(default_factory=dict)

    def add_triple(self, subject: str, prop: str, obj: ox.Term, n: int) -> None:
        """Count ``n`` (±1) copies of a triple in the triples and the linksets (not in the
        distinct counts: those need look-ups)."""
        self.triples += n
        self.properties.setdefault(prop, [0, 0, 0])[0] += n
        if isinstance(obj, ox.NamedNode) and prop != _TYPE and (site := link_space(obj.value)):
            self.linksets[(prop, site)] = self.linksets.get((prop, site), 0) + n

    def add(self, other: Counts, sign: int = 1) -> None:
        """Add (``sign`` 1) or take away (-1) ``other``, dropping what reaches zero."""
        self.triples += sign * other.triples
        self.subjects += sign * other.subjects
        self.objects += sign * other.objects
        self.entities += sign * other.entities
        for prop, values in other.properties.items():
            mine = self.properties.setdefault(prop, [0, 0, 0])
            for i in range(3):
                mine[i] += sign * values[i]
        for key, n in other.linksets.items():
            self.linksets[key] = self.linksets.get(key, 0) + sign * n
        self.properties = {p: v for p, v in self.properties.items() if any(v)}
        self.linksets = {k: n for k, n in self.linksets.items() if n}


def is_entity(term: ox.Term) -> bool:
    """True for a subject ``void-counts`` counts as an entity: in the id or code space."""
    return isinstance(term, ox.NamedNode) and term.value.startswith((AGD, AGC))


def _answer(store: Store, name: str, params: dict[str, str] | None = None) -> list[dict]:
    result = run_named(store, name, params, row_cap=None, timeout=None)
    assert isinstance(result, Rows)
    return result.records()


def _has_named_graphs(store: Store) -> bool:
    answer = run_named(store, "internal-void-named-graphs", row_cap=None, timeout=None)
    return isinstance(answer, Boolean) and answer.value


def count_store(
    store: Store,
    properties: Iterable[str] = (),
    links: Iterable[str] | None = None,
    outside: Iterable[str] | None = None,
    blank: int | None = None,
) -> Counts:
    """Count the VoID statistics of all of ``store``, its statistics nodes included.

    ``properties`` are the properties the caller knows it wrote (a build's): each is counted
    by one query, and when their triples add up to the store's, no query has to find which
    properties there are. ``links`` are the IRIs on other sites it wrote (noted by the
    :class:`~graph.ingest.context.Sink`): the linksets count the triples pointing at them
    (``None``: every triple is read, by ``void-linksets-direct``). ``outside`` are the subject
    IRIs outside the id and code spaces it wrote (noted by the sink): the entities are then
    the distinct subjects less the blank ones and less those of ``outside`` the store has
    (``None``: every subject's IRI is read, 13 s of CPU at a million certificates).
    ``blank``, with ``outside``: how many blank subjects the store has (a build's sink counts
    those it wrote); the triples, subjects and objects are then counted in one pass, each
    subject tested by nothing (``None``: each distinct subject is tested, and ``len`` counts the
    triples: at a million certificates 20 s of CPU more, and at 100 k twice the memory).
    The queries run in Oxigraph two at a time, the longest first; with ``blank`` and
    ``outside`` (a build), the one pass runs alone first: with a property's query beside it,
    the 2 M build's count peaked at 2.19 GB, above the load's 2.03 GB (a build at 1 M took
    52.0 s for it instead of 48.1 s, the whole build 193.1 s instead of 193.0 s).
    When a named graph holds triples, the direct queries count (they read every graph).
    """
    if _has_named_graphs(store):
        return _direct(store)
    out = Counts()
    if links is None:
        for r in _answer(store, "void-linksets-direct"):
            out.linksets[(r["property"], r["space"])] = int(r["triples"])
    sites = sorted(iri for iri in set(links or ()) if link_space(iri))
    objects: Future[list[dict]] | None = None
    with ThreadPoolExecutor(max_workers=2) as pool:  # Oxigraph reads without Python's lock
        if outside is None:
            every = pool.submit(_answer, store, "internal-void-subjects-objects")
        elif blank is None:
            subjects = pool.submit(_answer, store, "internal-void-subjects")
            objects = pool.submit(_answer, store, "internal-void-objects")
        else:  # the triples and the objects come with the subjects: one pass, no len
            subjects = pool.submit(_answer, store, "internal-void-triples-subjects-objects")
            # Alone: its sets of every distinct subject and object are let go before those of
            # a property are made (side by side, at 2 M certificates they passed the load's
            # peak). In a build the other core meanwhile compacts what the load left.
            subjects.result()
        size = pool.submit(len, store) if blank is None or outside is None else None
        known = sorted(set(properties))
        parts = list(pool.map(lambda p: _property(store, p), known))
        triples = int(subjects.result()[0]["triples"]) if size is None else size.result()
        if sum(t for t, _, _ in parts) != triples:  # a property not known: ask which
            known = [r["property"] for r in _answer(store, "internal-void-properties")]
            parts = list(pool.map(lambda p: _property(store, p), known))
        if outside is None:
            (row,) = every.result()
        else:
            (row,) = subjects.result()
            if objects is not None:
                (row["objects"],) = (r["objects"] for r in objects.result())
            named = [(ox.NamedNode(iri), None, None) for iri in sorted(set(outside))
                     if not iri.startswith((AGD, AGC))]  # fmt: skip
            others = len(present(store, named))
            others += int(row["blank"] or 0) if blank is None else blank
            row["entities"] = int(row["subjects"]) - others
    query = load_named("internal-void-link-objects")
    for start in range(0, len(sites), _BATCH):
        batch = [(ox.NamedNode(iri),) for iri in sites[start : start + _BATCH]]
        text = seed_values(query.text, ["o"], batch)
        result = run(store, Query(text, query.name), row_cap=None, timeout=None, trusted=True)
        assert isinstance(result, Rows)
        for r in result.records():
            key = (r["property"], link_space(r["object"]))
            out.linksets[key] = out.linksets.get(key, 0) + int(r["triples"])  # type: ignore[index]
    out.triples = sum(t for t, _, _ in parts)
    out.subjects, out.objects, out.entities = (int(row[k]) for k in
                                               ("subjects", "objects", "entities"))  # fmt: skip
    out.properties = {p: list(v) for p, v in zip(known, parts, strict=True) if v[0]}
    return out


def _property(store: Store, prop: str) -> tuple[int, int, int]:
    rows = _answer(store, "internal-void-property", {"property": prop})
    if not rows:  # not used
        return 0, 0, 0
    return int(rows[0]["triples"]), int(rows[0]["subjects"]), int(rows[0]["objects"])


def _direct(store: Store) -> Counts:
    out = Counts()
    (row,) = _answer(store, "void-counts-direct")
    out.triples, out.subjects, out.objects, out.entities = (
        int(row[k]) for k in ("triples", "subjects", "objects", "entities"))  # fmt: skip
    for r in _answer(store, "void-property-partition-direct"):
        out.properties[r["property"]] = [int(r["triples"]), int(r["subjects"]), int(r["objects"])]
    for r in _answer(store, "void-linksets-direct"):
        out.linksets[(r["property"], r["space"])] = int(r["triples"])
    return out


def present(store: Store, rows: Sequence[Pattern]) -> set[Pattern]:
    """The ``(subject, property, object)`` patterns of ``rows`` (``None``: any) that ``store``
    has a triple for, in any graph, whose subject is not a statistics node."""
    return {row for row, hit in zip(rows, hits(store, rows), strict=True) if hit}


def hits(store: Store, rows: Sequence[Pattern], *, default_graph: bool = False) -> list[bool]:
    """For each pattern of ``rows``, whether ``store`` has a triple for it: in its default
    graph (``default_graph``), else in any graph with a subject that is not a statistics
    node. From the store's indexes when it has them, else by SPARQL."""
    if isinstance(store, Lookups):
        if default_graph:
            return store.lookup(rows, default_graph=True)
        return store.lookup(rows, skip_subjects=STATISTICS_SPACE)
    name = "internal-void-triples" if default_graph else "internal-void-present"
    found = _seeded(store, name, rows)
    return [i in found for i in range(len(rows))]


def _seeded(store: Store, name: str, rows: Sequence[tuple]) -> set[int]:
    """The positions of the rows of ``rows`` the named query ``name``, seeded with them
    (numbered: the store may hand a literal back in another form, e.g. a time zone
    ``+00:00`` as ``Z``), answers."""
    query = load_named(name)
    found: set[int] = set()
    for start in range(0, len(rows), _BATCH):
        batch = rows[start : start + _BATCH]
        numbered = [(ox.Literal(str(i), datatype=_INTEGER), *row) for i, row in enumerate(batch)]
        text = seed_values(query.text, ["i", "s", "p", "o"], numbered)
        result = run(store, Query(text, query.name), row_cap=None, timeout=None, trusted=True)
        assert isinstance(result, Rows)
        found.update(start + int(row[0].value) for row in result.rows)  # type: ignore[union-attr]
    return found
