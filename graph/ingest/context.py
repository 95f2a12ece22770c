"""What a build knows while it turns CSV rows into triples: known ids, standards, and the output.

A :class:`Context` starts empty for a full build, or from an existing store for an import on
top of it (:func:`context_from_store`), so references from user files to bundled bodies and
standards resolve the same way in both cases.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

import pyoxigraph as ox

from graph.ingest.csvrows import Row
from graph.ingest.flags import FlagRules
from graph.ingest.names import body_key
from graph.query import load_named, run_named
from graph.sparql import Query, Rows, run, seed_values
from graph.store import Store
from graph.vocab.mint import is_web_address, nt_literal, source_iri
from graph.vocab.namespaces import AGC, AGD, DCTERMS, RDF, RDFS
from graph.vocab.standards import StandardCatalogue

if TYPE_CHECKING:
    from graph.ingest.lapse_windows import Coverage

__all__ = [
    "Context",
    "Sink",
    "context_from_store",
    "remember_body",
    "stored_certificates",
    "taken_by",
]

#: The citation nodes a sink remembers having written (beyond, it forgets and writes again).
_CITED_MAX = 100_000
_SOURCE = DCTERMS + "source"
_TYPE = RDF + "type"
_OURS = "https://w3id.org/accredigraph/"
#: The spaces whose subjects ``void-counts`` counts as entities.
_ENTITY_SPACES = (AGD, AGC)
#: Certificate ids an import asks its store about at a time.
_ID_BATCH = 2_000


class Sink:
    """Writes N-Triples lines to a text stream (a file for builds, memory for imports).

    >>> from graph.vocab.namespaces import RDFS
    >>> out = Sink()
    >>> out.lit("http://x/s", RDFS + "label", "S")
    >>> out.data()
    b'<http://x/s> <http://www.w3.org/2000/01/rdf-schema#label> "S" .\\n'
    """

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream if stream is not None else io.StringIO()
        self.write = self._stream.write
        self._cited: set[str] = set()
        #: The classes this sink typed a node with: an import recounts them
        #: (:func:`graph.ingest.statistics.recount_classes`).
        self.classes: set[str] = set()
        #: The properties this sink wrote, and the IRIs outside accredigraph's spaces it wrote
        #: as objects: a build counts its VoID statistics from them
        #: (:func:`graph.ingest.void_nodes.write_void_statistics`).
        self.properties: set[str] = set()
        self.links: set[str] = set()
        #: The subject IRIs outside the id and code spaces this sink wrote: with them a build
        #: counts its entities without reading every subject's IRI
        #: (:func:`graph.ingest.void_counts.count_store`).
        self.outside: set[str] = set()
        #: The labels of the blank nodes this sink wrote as subjects (a user's Turtle): the
        #: blank subjects of a store loaded from it in one load, for the same count.
        self.blank: set[str] = set()
        self._subject = ""  # the last subject written: most triples repeat it

    def iri(self, s: str, p: str, o: str) -> None:
        """Write ``<s> <p> <o>``."""
        if s is not self._subject:
            self._note_subject(s)
        self.properties.add(p)
        if p == _TYPE:
            self.classes.add(o)
        elif not o.startswith(_OURS):
            self.links.add(o)
        self.write(f"<{s}> <{p}> <{o}> .\n")

    def lit(
        self, s: str, p: str, value: str, datatype: str | None = None, lang: str | None = None
    ) -> None:
        """Write ``<s> <p> "value"`` with an optional datatype or language."""
        if s is not self._subject:
            self._note_subject(s)
        self.properties.add(p)
        self.write(f"<{s}> <{p}> {nt_literal(value, datatype, lang)} .\n")

    def _note_subject(self, s: str) -> None:
        self._subject = s
        if not s.startswith(_ENTITY_SPACES):
            self.outside.add(s)

    def typed(self, s: str, *classes: str) -> None:
        """Write ``<s> rdf:type <class>`` for each class."""
        for cls in classes:
            self.iri(s, RDF + "type", cls)

    def sources(self, s: str, sources: Iterable[str], predicate: str = DCTERMS + "source") -> None:
        """Write ``<s> dcterms:source <source>`` for each source (or ``predicate``, another
        property whose values are sources), always an IRI: a web address as itself, any other
        source (a named document, a file) as its citation node (:meth:`source`)."""
        for source in sources:
            self.iri(s, predicate, self.source(source))

    def source(self, text: str) -> str:
        """The IRI that cites ``text``: ``text`` itself when it is a web address, else its
        citation node (:func:`graph.vocab.mint.source_iri`), a ``dcterms:BibliographicResource``
        whose ``dcterms:bibliographicCitation`` and ``rdfs:label`` are ``text``, written the
        first time this sink cites it.

        >>> out = Sink()
        >>> out.source("https://ukas.com/"), out.source("Annual report 2025")
        ('https://ukas.com/', 'https://w3id.org/accredigraph/id/source/annual-report-2025-ae732c71')
        >>> for line in out.data().decode().splitlines():
        ...     print(line.split("> ", 1)[1].replace(DCTERMS, "dcterms:"))
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <dcterms:BibliographicResource> .
        <dcterms:bibliographicCitation> "Annual report 2025" .
        <http://www.w3.org/2000/01/rdf-schema#label> "Annual report 2025" .
        """
        if is_web_address(text):
            return text
        node = source_iri(text)
        if node not in self._cited:
            if len(self._cited) >= _CITED_MAX:  # a register citing ever new texts: stay flat
                self._cited.clear()
            self._cited.add(node)
            self.typed(node, DCTERMS + "BibliographicResource")
            self.lit(node, DCTERMS + "bibliographicCitation", text)
            self.lit(node, RDFS + "label", text)
        return node

    def parsed(self, quads: Iterable[ox.Quad]) -> None:
        """Write parsed triples (a user's Turtle file), their graph dropped; a text
        ``dcterms:source`` goes in as its citation node (:meth:`source`), as from a CSV file.

        >>> out = Sink()
        >>> out.parsed(ox.parse(b'<http://x/a> <http://purl.org/dc/terms/source> "Memo 4" .',
        ...                     ox.RdfFormat.TURTLE))
        >>> print(out.data().decode().splitlines()[-1].replace(DCTERMS, "dcterms:"))
        <http://x/a> <dcterms:source> <https://w3id.org/accredigraph/id/source/memo-4-0805a466> .
        """
        for quad in quads:
            value = quad.object
            if isinstance(quad.subject, ox.NamedNode):
                self._note_subject(quad.subject.value)
            else:
                self.blank.add(quad.subject.value)
            self.properties.add(quad.predicate.value)
            if quad.predicate.value == _SOURCE and isinstance(value, ox.Literal):
                value = ox.NamedNode(self.source(value.value))
            elif quad.predicate.value == _TYPE and isinstance(value, ox.NamedNode):
                self.classes.add(value.value)
            if isinstance(value, ox.NamedNode) and not value.value.startswith(_OURS):
                self.links.add(value.value)
            self.write(f"{quad.subject} {quad.predicate} {value} .\n")

    def data(self) -> bytes:
        """Everything written so far, as N-Triples bytes (in-memory sinks only)."""
        assert isinstance(self._stream, io.StringIO), "data() needs an in-memory sink"
        return self._stream.getvalue().encode()


@dataclass
class Context:
    """Known ids and standards, shared by every table of a build."""

    standards: StandardCatalogue = field(default_factory=StandardCatalogue)
    #: body id -> set of kinds: "accreditation-body", "certification-body", "standards-body",
    #: "network".
    bodies: dict[str, set[str]] = field(default_factory=dict)
    body_names: dict[str, str] = field(default_factory=dict)
    networks: set[str] = field(default_factory=set)
    arrangements: set[str] = field(default_factory=set)
    accreditations: set[str] = field(default_factory=set)
    certificates: set[str] = field(default_factory=set)
    #: edition IRI -> the last day of its transition (``YYYY-MM-DD``), for the editions that
    #: have one: their "valid" certificates are kept in the pages ``red-flag-void-edition``
    #: reads (:data:`graph.ingest.flag_pages.VOID_EDITION`).
    transition_ends: dict[str, str] = field(default_factory=dict)
    #: True while compiling the fictional sample register: its nodes are marked as samples.
    sample: bool = False
    #: The agx: properties (unknown columns) declared so far in this build.
    extra_terms: set[str] = field(default_factory=set)
    #: The bodies' ids, acronyms and names folded by :func:`graph.ingest.names.body_key`:
    #: key -> (what it is, e.g. "the name of", the body's label, the body's id).
    body_keys: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: True while compiling a register on top of known bodies: a body whose id, acronym or name
    #: folds to a key already taken is refused (no look-alike of a known body).
    guard_names: bool = False
    out: Sink = field(default_factory=Sink)
    #: Certificate counts gathered while certificates stream (``graph.ingest.summaries``).
    tally: Counter = field(default_factory=Counter)
    #: issuer IRI -> the standard works the store already counted certificates of it to (an
    #: import's: its per-body counts call only the others new).
    counted_works: dict[str, set[str]] = field(default_factory=dict)
    #: What the red-flag rules look at, and the CBs whose flags must be recomputed
    #: (``graph.ingest.flags``); an import adds the store's (``graph.ingest.flag_store``).
    flags: FlagRules = field(default_factory=FlagRules)
    #: The coverage nodes written so far: a build works out their lapse windows once every
    #: accreditation is in (``graph.ingest.lapse_windows``); an import does so from the store.
    coverage: list[Coverage] = field(default_factory=list)

    #: Which of some certificate ids the store an import lands on holds (``None``: a build,
    #: whose store holds none yet); see :meth:`with_stored_certificates`.
    stored_certificates: Callable[[list[str]], set[str]] | None = None

    def with_stored_certificates(self, rows: Iterable[Row]) -> Iterator[Row]:
        """``rows`` of ``certificates.csv`` as they come, the ids of each batch that the
        store already holds added to :attr:`certificates` before the batch is handed on (an
        import does not read every certificate id of a store: at a million they answer past
        the size limit)."""
        batch: list[Row] = []
        for row in rows:
            batch.append(row)
            if len(batch) == _ID_BATCH:
                yield from self._checked(batch)
                batch = []
        yield from self._checked(batch)

    def _checked(self, rows: list[Row]) -> list[Row]:
        if self.stored_certificates is not None and rows:
            self.certificates |= self.stored_certificates([row.raw("id") for row in rows])
        return rows

    def body_kind(self, identifier: str) -> set[str]:
        """The kinds of body ``identifier`` names (empty when unknown)."""
        return self.bodies.get(identifier, set())


def context_from_store(store: Store) -> Context:
    """A context holding what ``store`` already contains, for an import on top of it."""

    ctx = Context()
    rows = run_named(store, "internal-standards", row_cap=None).records()
    for row in rows:  # works first: editions hang off them
        if row["work"] == row["standard"]:
            ctx.standards.add_work(row["designation"], row["standard"], row["kind"] or "")
    for row in rows:
        if row["work"] != row["standard"] and row["year"]:
            ctx.standards.add_edition(row["designation"], row["standard"], row["work"], row["year"])
        if row["transitionEnds"] is not None:
            ctx.transition_ends[row["standard"]] = str(row["transitionEnds"])
    kinds = {
        "AccreditationBody": "accreditation-body",
        "CertificationBody": "certification-body",
        "StandardsBody": "standards-body",
        "AccreditationNetwork": "network",
        "RegionalAccreditationGroup": "network",
    }
    for row in run_named(store, "internal-body-names", row_cap=None).records():
        remember_body(ctx, row["id"], row["label"], row["acronym"])
    ctx.guard_names = True
    ctx.stored_certificates = lambda ids: stored_certificates(store, ids)
    for row in run_named(store, "internal-reference-ids", row_cap=None).records():
        local = row["type"].rsplit("#", 1)[-1]
        identifier = row["id"]
        if local in kinds:
            ctx.bodies.setdefault(identifier, set()).add(kinds[local])
            ctx.body_names[identifier] = row["label"] or identifier
            if kinds[local] == "network":
                ctx.networks.add(identifier)
        elif local == "Accreditation":
            ctx.accreditations.add(identifier)
        elif local == "RecognitionArrangement":
            ctx.arrangements.add(identifier)
    for row in run_named(store, "internal-counted-works", row_cap=None, timeout=None).records():
        ctx.counted_works.setdefault(row["cb"], set()).add(row["work"])
    return ctx


def stored_certificates(store: Store, ids: Iterable[str]) -> set[str]:
    """The ids of ``ids`` that a certificate of ``store`` has (``internal-certificate-ids``)."""
    query = load_named("internal-certificate-ids")
    wanted = sorted({i for i in ids if i})
    found: set[str] = set()
    for start in range(0, len(wanted), _ID_BATCH):
        rows = [(ox.Literal(i),) for i in wanted[start : start + _ID_BATCH]]
        text = seed_values(query.text, ["id"], rows)
        result = run(store, Query(text, query.name), row_cap=None, timeout=None, trusted=True)
        assert isinstance(result, Rows)
        found.update(row[0].value for row in result.rows)  # type: ignore[union-attr]
    return found


def _names(identifier: str, name: str | None, acronym: str | None) -> list[tuple[str, str]]:
    return [("id", identifier), ("acronym", acronym or ""), ("name", name or "")]


def remember_body(ctx: Context, identifier: str, name: str | None, acronym: str | None) -> None:
    """Record the folded id, acronym and name of a body, so no later body may look like it."""
    label = name or identifier
    for what, text in _names(identifier, name, acronym):
        if key := body_key(text):
            ctx.body_keys.setdefault(key, (what, label, identifier))


def taken_by(ctx: Context, identifier: str, name: str | None, acronym: str | None
             ) -> list[tuple[str, str, str, str, str]]:  # fmt: skip
    """Which known bodies a new body's id, acronym or name looks like: one
    ``(column, text, what, label, id)`` per clash (empty when ``ctx.guard_names`` is off)."""
    if not ctx.guard_names:
        return []
    clashes = []
    for what, text in _names(identifier, name, acronym):
        key = body_key(text)
        if key and key in ctx.body_keys:
            clashes.append((what, text, *ctx.body_keys[key]))
    return clashes
