"""One entity's page: what it is, what the graph says about it, and what links to it.

:func:`describe` gathers an entity's label, classes, facts (every triple with it as subject),
sources and notes; predicate names come from the ontology's ``rdfs:label`` (the build loads the
ontology into the store), else the IRI's local name. :func:`links_out` and :func:`links_in` page
through its links, a page at a time in SPARQL (``LIMIT``/``OFFSET``) with a ``COUNT`` for the
total, because an accreditation body may have a hundred thousand certificates' worth of incoming
links. :func:`entity_rdf` gives the description as Turtle or JSON-LD;
:func:`graph.explore.resolve.resolve_entity` turns what a user typed into an IRI.

Examples
--------
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> ukas = describe(store, "https://w3id.org/accredigraph/id/body/ukas")
>>> ukas.label, ukas.kind, ukas.value("addressCountry")
('United Kingdom Accreditation Service', 'accreditation-body', 'GB')
>>> page = links_in(store, ukas.iri, limit=2)
>>> len(page.rows), page.total >= 2
(2, True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pyoxigraph as ox

from graph import sparql
from graph.errors import QueryError
from graph.query import count_named, load_named, run_named
from graph.sparql import Rows, Triples
from graph.store import Store
from graph.vocab.kinds import kind_of, local_name
from graph.vocab.mint import check_iri, is_iri
from graph.vocab.namespaces import DCTERMS, RDF, RDFS

__all__ = [
    "Entity",
    "Fact",
    "LinkRow",
    "Page",
    "Summary",
    "describe",
    "entity_rdf",
    "links_in",
    "links_out",
    "summarise",
]

_TYPE = RDF + "type"
_SOURCE = DCTERMS + "source"
_COMMENT = RDFS + "comment"
_LABEL = RDFS + "label"
_MAX_PAGE = 500


@dataclass(frozen=True)
class Fact:
    """One statement about an entity: predicate and value, each with a readable name.

    ``value`` is an IRI when ``is_iri`` is true, else the literal's text.
    """

    predicate: str
    predicate_label: str
    value: str
    value_label: str
    is_iri: bool


@dataclass(frozen=True)
class LinkRow(Fact):
    """A link to or from another node: a :class:`Fact` whose value is that node, with its kind."""

    kind: str = "other"

    @property
    def iri(self) -> str:
        """The other node's IRI (the same as ``value``)."""
        return self.value

    @property
    def label(self) -> str:
        """The other node's label (the same as ``value_label``)."""
        return self.value_label


#: Links are counted up to this many past the page shown; beyond it ``Page.total`` is a lower
#: bound ("more than 10,000"), so a body with a hundred thousand certificates pages at once.
COUNT_LIMIT = 10_000
#: The furthest a page of links may start: pages past it would count (and read) every link
#: before it, so ``?in=1000000000000`` cannot make the store read without end.
MAX_OFFSET = 100_000


def total_in_words(total: int, exact: bool) -> str:
    """A count that may be a lower bound, in words.

    >>> total_in_words(1234, True), total_in_words(10_000, False)
    ('1,234', 'more than 10,000')
    """
    return f"{total:,}" if exact else f"more than {total:,}"


@dataclass(frozen=True)
class Page:
    """One page of links: ``rows`` from ``offset``, of ``total`` in all (``total_exact`` False:
    of more than ``total``)."""

    rows: list[LinkRow]
    total: int
    offset: int
    limit: int
    total_exact: bool = True

    @property
    def has_more(self) -> bool:
        """True when links follow this page."""
        return self.offset + len(self.rows) < self.total or not self.total_exact

    @property
    def of(self) -> str:
        """The total in words: "1,234" or "more than 10,000"."""
        return total_in_words(self.total, self.total_exact)


@dataclass(frozen=True)
class Summary:
    """What a drawing needs to know about a node: label, classes, kind, country."""

    iri: str
    label: str
    classes: tuple[str, ...]
    kind: str
    country: str
    known: bool


@dataclass(frozen=True)
class Entity:
    """An entity's description.

    Attributes
    ----------
    iri : str
    label : str
    kinds : list of str
        Local names of its classes (``AccreditationBody``, ``SampleRecord`` …).
    facts : list of Fact
        Every statement with it as subject except its classes, sources and notes, sorted by
        predicate name.
    sources : list of str
        Its ``dcterms:source`` values: web addresses, and the citations of named documents
        (``docs/model.md``, "Sources").
    comment : str
        Its ``rdfs:comment`` notes ("" when none).
    classes : tuple of str
        Its class IRIs.
    """

    iri: str
    label: str
    kinds: list[str]
    facts: list[Fact]
    sources: list[str]
    comment: str
    classes: tuple[str, ...] = field(default=())

    @property
    def kind(self) -> str:
        """The explorer's kind of the entity (:func:`graph.vocab.kinds.kind_of`)."""
        return kind_of(self.classes, self.iri)

    def values(self, predicate: str) -> list[str]:
        """The values of ``predicate`` (an IRI or a local name such as ``addressCountry``)."""
        return [f.value for f in self.facts if predicate in (f.predicate, local_name(f.predicate))]

    def value(self, predicate: str) -> str | None:
        """The first value of ``predicate``, or None."""
        found = self.values(predicate)
        return found[0] if found else None


def summarise(store: Store, iri: str) -> Summary:
    """Label, classes, kind and country of ``iri`` (``known`` is False when nothing is said).

    >>> from graph.store import open_store
    >>> summarise(open_store("memory"), "https://example.org/nothing").known
    False
    """
    rows = run_named(store, "entity-summary", {"node": iri}).records()
    row = rows[0] if rows else {}
    classes = tuple(sorted(str(row.get("classes") or "").split()))
    return Summary(
        iri=iri,
        label=str(row.get("label") or local_name(iri) or iri),
        classes=classes,
        kind=kind_of(classes, iri),
        country=str(row.get("country") or ""),
        known=bool(row.get("known")),
    )


def _predicate_label(label: object, predicate: str) -> str:
    return str(label) if label else local_name(predicate)


def describe(store: Store, iri: str) -> Entity | None:
    """Everything the graph says about ``iri``; None when it says nothing (in or out).

    Parameters
    ----------
    store : Store
    iri : str
        The entity's IRI (see :func:`resolve_entity` for ids and designations).

    Examples
    --------
    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> sector = describe(store, "https://w3id.org/accredigraph/code/iaf-sector/28")
    >>> sector.label, sector.value("notation")
    ('IAF 28: Construction', '28')
    >>> describe(store, "https://example.org/unknown") is None
    True
    """
    if not is_iri(iri):
        return None
    result = run_named(store, "entity-facts", {"node": iri}, row_cap=None)
    classes: list[str] = []
    facts: list[Fact] = []
    sources: list[str] = []
    comments: list[str] = []
    labels: list[str] = []
    for term_row, row in zip(result.rows, result.records(), strict=True):
        predicate, value = row["p"], row["o"]
        linked = isinstance(term_row[2], ox.NamedNode)
        text = term_row[2].value if isinstance(term_row[2], ox.Literal) else str(value)
        if predicate == _TYPE:
            classes.append(text)
        elif predicate == _SOURCE:  # a web address, or a named document's citation node
            sources.append(str(row.get("citation") or text))
        elif predicate == _COMMENT:
            comments.append(text)
        else:
            if predicate == _LABEL:
                labels.append(text)
            value_label = str(row.get("oLabel") or (local_name(text) if linked else text))
            facts.append(
                Fact(
                    predicate,
                    _predicate_label(row.get("pLabel"), predicate),
                    text,
                    value_label,
                    linked,
                )
            )
    if not result.rows and not links_in(store, iri, limit=1).total:
        return None
    facts.sort(key=lambda f: (f.predicate_label.lower(), f.value_label.lower()))
    return Entity(
        iri=iri,
        label=min(labels, key=len) if labels else summarise(store, iri).label,
        kinds=sorted(local_name(c) for c in classes),
        facts=facts,
        sources=sorted(sources),
        comment="\n\n".join(sorted(comments)),
        classes=tuple(sorted(classes)),
    )


def _run_page(store: Store, name: str, iri: str, offset: int, limit: int) -> Rows:
    """Run the named query ``name`` for ``?node`` = ``iri``, one page of it, in SPARQL.

    ``run_named`` has no OFFSET, so the page's LIMIT and OFFSET (two checked integers, never
    user text) are appended to the named query's text here.
    """
    query = load_named(name)
    if [p.name for p in query.params] != ["node"] or re.search(r"\b(LIMIT|OFFSET)\b", query.text):
        raise QueryError(f"{name} cannot be paged: it needs one ?node parameter and no LIMIT")
    text = f"{query.text}LIMIT {int(limit)}\nOFFSET {int(offset)}\n"
    result = sparql.run(store, sparql.Query(text, name), bindings={"node": ox.NamedNode(iri)},
                        row_cap=None, timeout=None, trusted=True)  # fmt: skip
    assert isinstance(result, Rows)
    return result


def _links(store: Store, iri: str, direction: str, offset: int, limit: int) -> Page:
    check_iri(iri)
    offset = min(max(0, int(offset)), MAX_OFFSET)
    limit = max(0, min(int(limit), _MAX_PAGE))
    bound = max(COUNT_LIMIT, offset + limit)
    # Counted by the engine, the links not read (130 k at 1 M for the largest body).
    counted = count_named(store, f"entity-links-{direction}", {"node": iri}, bound=bound + 1,
                          timeout=None)  # fmt: skip
    total, exact = min(counted, bound), counted <= bound
    if limit == 0 or offset >= total:
        return Page([], total, offset, limit, exact)
    records = _run_page(store, f"entity-links-{direction}", iri, offset, limit).records()
    names: dict[str, Summary] = {}
    rows = []
    for row in records:
        predicate, other = str(row["p"]), str(row["other"])
        for node in (predicate, other):
            if node not in names:
                names[node] = summarise(store, node)
        other_summary = names[other]
        rows.append(
            LinkRow(
                predicate,
                names[predicate].label,
                other,
                other_summary.label,
                True,
                other_summary.kind,
            )
        )
    return Page(rows, total, offset, limit, exact)


def links_out(store: Store, iri: str, *, offset: int = 0, limit: int = 25) -> Page:
    """One page of the links from ``iri`` to other nodes (not its classes or sources).

    Rows follow the store's index order, stable while the store is unchanged.

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> page = links_out(store, "https://w3id.org/accredigraph/id/accreditation/S-A-002")
    >>> sorted({row.predicate_label for row in page.rows})[:3]
    ['against standard', 'covers standard', 'issuer']
    """
    return _links(store, iri, "out", offset, limit)


def links_in(store: Store, iri: str, *, offset: int = 0, limit: int = 25) -> Page:
    """One page of the nodes linking to ``iri``, with ``total`` counted up to a bound."""
    return _links(store, iri, "in", offset, limit)


def entity_rdf(store: Store, iri: str, fmt: str = "ttl") -> str:
    """The entity's own triples and the labels of the nodes it links to, as ``ttl`` or ``jsonld``.

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> "UKAS" in entity_rdf(store, "https://w3id.org/accredigraph/id/body/ukas")
    True
    """
    result = run_named(store, "entity-rdf", {"node": check_iri(iri)}, row_cap=None)
    assert isinstance(result, Triples)
    return result.serialize(fmt)
