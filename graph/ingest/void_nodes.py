"""The VoID statistics kept as triples, so ``void-counts``, ``void-property-partition`` and
``void-linksets`` answer at once at any size.

Counting them reads every triple: past 30 s at a million certificates (the ``-direct``
queries). So, like the class partition (:mod:`graph.ingest.statistics`), a build writes the
answers into the store, on untyped nodes in ``agd:void/``, in the VoID vocabulary::

    <agd:void/dataset> void:triples 22700000 ; void:distinctSubjects 3100000 ;
        void:distinctObjects "5200000"^^xsd:decimal ; void:entities 3000000 .
    <agd:void/property/HASH> void:property rdfs:label ; void:triples 2000000 ;
        void:distinctSubjects 1990000 ; void:distinctObjects 1500000 .
    <agd:void/linkset/HASH> void:linkPredicate dcterms:source ;
        void:objectsTarget <agd:void/space/HASH> ; void:triples 1200 .
    <agd:void/space/HASH> void:uriSpace "https://www.ukas.com/" .

These nodes are triples of the store too, and the direct queries count them: the numbers
written are those of the whole store, these nodes included (:func:`_settle` works them out
until writing them changes nothing). A count of distinct objects that counts its own value
(the store's, and that of ``void:distinctObjects``) is written as an ``xsd:decimal``, a term
no other count uses, so it adds exactly one object (as ``xsd:integer`` it could have no
consistent value: when N is not among the other values but N + 1 is; Oxigraph stores the
types derived from ``xsd:integer`` as ``xsd:integer``); the queries read it back as
``xsd:integer``.

What keeps them right:

- a **build** counts the store once its data is loaded and its flags refreshed
  (:func:`graph.ingest.void_counts.count_store`), adds the ontology's triples, and writes the
  nodes in its last bulk load, with the ontology and the class partition
  (:func:`load_with_statistics`; :func:`write_void_statistics` counts a store as it is);
- an **import** (and a visitor's upload) reads the stored counts first (:func:`track`), keeps
  them exact through each change it makes (:class:`~graph.ingest.void_tracker.Tracker`: its
  own triples, the flags it replaces) and rewrites the nodes (:func:`finish`), inside the
  same atomic update.

A SPARQL update run by hand does not recount: build or import again, or run
:func:`write_void_statistics`.

>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> stored = run_named(store, "void-property-partition", row_cap=None).rows
>>> stored == run_named(store, "void-property-partition-direct", row_cap=None).rows
True
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox

from graph.ingest.context import Sink
from graph.ingest.statistics import load_with_partition, write_class_partition
from graph.ingest.void_counts import STATISTICS_SPACE, Counts, count_store
from graph.ingest.void_tracker import Tracker, present
from graph.query import run_named
from graph.sparql import Rows
from graph.store import Store
from graph.vocab.mint import XSD_INTEGER
from graph.vocab.namespaces import OWL, RDF, XSD

__all__ = [
    "DATASET_NODE",
    "finish",
    "load_with_statistics",
    "size",
    "terms_written",
    "track",
    "void_nodes_with",
    "write_void_statistics",
]

VOID = "http://rdfs.org/ns/void#"
#: The node the whole store's counts are written on.
DATASET_NODE = STATISTICS_SPACE + "dataset"
_CLASS_NODES = STATISTICS_SPACE + "class/"
_SELF_COUNT = XSD + "decimal"
_PROPERTY_CLASSES = {ox.NamedNode(OWL + k) for k in
                     ("ObjectProperty", "DatatypeProperty", "AnnotationProperty")} | {
                     ox.NamedNode(RDF + "Property")}  # fmt: skip


def _v(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _node(kind: str, key: str) -> ox.NamedNode:
    return ox.NamedNode(f"{STATISTICS_SPACE}{kind}/{hashlib.sha256(key.encode()).hexdigest()[:16]}")


def _n(value: int, datatype: str = XSD_INTEGER) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(datatype))


def render(counts: Counts) -> list[ox.Triple]:
    """The statistics nodes stating ``counts``, in a fixed order.

    >>> c = Counts(triples=3, subjects=2, objects=3, entities=1)
    >>> len(render(c)), str(render(c)[2].object)
    (4, '"3"^^<http://www.w3.org/2001/XMLSchema#decimal>')
    """
    d = ox.NamedNode(DATASET_NODE)
    out = [ox.Triple(d, _v("triples"), _n(counts.triples)),
           ox.Triple(d, _v("distinctSubjects"), _n(counts.subjects)),
           ox.Triple(d, _v("distinctObjects"), _n(counts.objects, _SELF_COUNT)),
           ox.Triple(d, _v("entities"), _n(counts.entities))]  # fmt: skip
    for prop, (t, s, o) in sorted(counts.properties.items()):
        part = _node("property", prop)
        own = _SELF_COUNT if prop == VOID + "distinctObjects" else XSD_INTEGER
        out += [ox.Triple(part, _v("property"), ox.NamedNode(prop)),
                ox.Triple(part, _v("triples"), _n(t)),
                ox.Triple(part, _v("distinctSubjects"), _n(s)),
                ox.Triple(part, _v("distinctObjects"), _n(o, own))]  # fmt: skip
    for space in sorted({space for _, space in counts.linksets}):
        out.append(ox.Triple(_node("space", space), _v("uriSpace"), ox.Literal(space)))
    for (prop, space), t in sorted(counts.linksets.items()):
        link = _node("linkset", f"{prop} {space}")
        out += [ox.Triple(link, _v("linkPredicate"), ox.NamedNode(prop)),
                ox.Triple(link, _v("objectsTarget"), _node("space", space)),
                ox.Triple(link, _v("triples"), _n(t))]  # fmt: skip
    return out


def _contribution(store: Store, nodes: list[ox.Triple], seen: dict[tuple, bool]) -> Counts:
    """What the statistics triples ``nodes`` add to the counts of the rest of ``store``: their
    subjects are their own, an object or a property–object pair is new unless the rest of
    the store has it (looked up once, in ``seen``)."""
    out = Counts()
    for t in nodes:
        out.add_triple(t.subject.value, t.predicate.value, t.object, 1)
    out.subjects = out.entities = len({t.subject for t in nodes})
    for prop, _ in {(t.predicate.value, t.subject) for t in nodes}:
        out.properties[prop][1] += 1
    keys = {(None, None, t.object) for t in nodes} | {(None, t.predicate, t.object) for t in nodes}
    unknown = [k for k in keys if k not in seen]
    found = present(store, unknown) if unknown else set()
    seen.update((k, k in found) for k in unknown)
    for _, p, o in keys:
        if not seen[(None, p, o)]:
            if p is None:
                out.objects += 1
            else:
                out.properties[p.value][2] += 1
    return out


def _settle(
    store: Store, rest: Counts, given: list[ox.Triple], seen: dict[tuple, bool] | None = None
) -> list[ox.Triple]:
    """The statistics nodes for a store holding the triples counted in ``rest``, the
    statistics triples ``given`` (the class partition) and the nodes themselves (``seen``:
    objects and property–object pairs known to be there, besides the store's)."""
    seen = {} if seen is None else seen
    nodes: list[ox.Triple] = []
    for _ in range(20):  # the nodes settle in a few rounds (their own properties, then counts)
        total = copy.deepcopy(rest)
        total.add(_contribution(store, given + nodes, seen))
        again = render(total)
        if again == nodes:
            return nodes
        nodes = again
    raise RuntimeError("the VoID statistics did not settle")  # pragma: no cover


def _stored(store: Store) -> list[ox.Triple]:
    result = run_named(store, "internal-void-nodes", row_cap=None, timeout=None)
    assert isinstance(result, Rows)
    return [ox.Triple(*row) for row in result.rows]  # type: ignore[misc]


def _replace(store: Store, old: list[ox.Triple], new: list[ox.Triple]) -> None:
    """Swap the statistics nodes ``old`` (ours, not the class partition's) for ``new``."""
    if old:
        data = (ox.serialize(old, format=ox.RdfFormat.N_TRIPLES) or b"").decode()
        store.update(f"DELETE DATA {{ {data} }}")
    store.add(new)


def _ours(nodes: Iterable[ox.Triple]) -> list[ox.Triple]:
    return [t for t in nodes if not t.subject.value.startswith(_CLASS_NODES)]


def write_void_statistics(store: Store, properties: Iterable[str] = (),
                          links: Iterable[str] | None = None,
                          outside: Iterable[str] | None = None) -> int:  # fmt: skip
    """Count ``store`` and write its statistics nodes, replacing any there; ``properties``,
    ``links`` and ``outside`` are the properties, the IRIs on other sites and the subject IRIs
    outside the id and code spaces a build knows it wrote
    (:func:`graph.ingest.void_counts.count_store`; without ``links`` every triple is read,
    without ``outside`` every subject's IRI). Returns how many triples were written."""
    nodes = _stored(store)
    properties = {*properties, *(t.predicate.value for t in nodes)}
    if links is not None:
        links = {*links, *(t.object.value for t in nodes if isinstance(t.object, ox.NamedNode))}
    rest = count_store(store, properties, links, outside)
    rest.add(_contribution(store, nodes, {}), -1)
    new = _settle(store, rest, [t for t in nodes if t not in set(_ours(nodes))])
    _replace(store, _ours(nodes), new)
    return len(new)


def void_nodes_with(store: Store, properties: Iterable[str], links: Iterable[str],
                    outside: Iterable[str], extra: bytes, partition: bytes,
                    blank: int | None = None) -> bytes | None:  # fmt: skip
    """The statistics nodes, as N-Triples, of ``store`` once the N-Triples ``extra`` (the
    ontology) and ``partition`` (the class partition) are loaded too, with these nodes, in one
    bulk load: how a build writes them without a load or a transaction of its own (either
    leaves RocksDB work for whoever opens the swapped-in directory next). ``properties``,
    ``links`` and ``outside`` as for :func:`write_void_statistics`, ``blank`` (the blank
    subjects ``store`` has, when known) as for :func:`~graph.ingest.void_counts.count_store`;
    ``None`` when ``store`` has statistics nodes already (then load and call
    :func:`write_void_statistics`)."""
    if _stored(store):
        return None
    tracker = Tracker(store, count_store(store, properties, links, outside, blank))
    added = list(ox.parse(extra, format=ox.RdfFormat.N_TRIPLES))
    tracker.change(added, [], lambda: None)  # counted as loaded: they will be
    seen = {k: True for t in added for k in ((None, None, t.object), (None, t.predicate, t.object))}
    given = list(ox.parse(partition, format=ox.RdfFormat.N_TRIPLES))
    nodes = _settle(store, tracker.counts, given, seen)
    return ox.serialize(nodes, format=ox.RdfFormat.N_TRIPLES)


def _parse(nodes: list[ox.Triple]) -> Counts | None:
    """The counts the statistics nodes ``nodes`` state (``None``: no dataset node)."""
    by: dict[ox.Term, dict[str, ox.Term]] = {}
    for t in nodes:
        by.setdefault(t.subject, {})[t.predicate.value[len(VOID) :]] = t.object
    dataset = by.get(ox.NamedNode(DATASET_NODE))
    if dataset is None:
        return None
    out = Counts(*(int(dataset[k].value) for k in
                   ("triples", "distinctSubjects", "distinctObjects", "entities")))  # fmt: skip
    for values in by.values():
        if "property" in values:
            out.properties[values["property"].value] = [
                int(values[k].value) for k in ("triples", "distinctSubjects", "distinctObjects")
            ]
        elif "linkPredicate" in values:
            space = by[values["objectsTarget"]]["uriSpace"].value
            out.linksets[(values["linkPredicate"].value, space)] = int(values["triples"].value)
    return out


def size(store: Store) -> int:
    """How many triples ``store`` holds: as its statistics nodes state it (they count
    themselves, and every import keeps them exact), else counted (``len``: every quad read, a
    minute and more at a million certificates on disk)."""
    stored = _parse(_stored(store))
    return len(store) if stored is None else stored.triples


def track(store: Store) -> Tracker | None:
    """Before an import changes ``store``: its stored counts, less what the statistics nodes
    add, to be kept through the import's changes (``None``: the store has none; :func:`finish`
    then counts it all)."""
    nodes = _stored(store)
    stored = _parse(nodes)
    if stored is None:
        return None
    stored.add(_contribution(store, nodes, {}), -1)
    return Tracker(store, stored)


def finish(store: Store, tracker: Tracker | None) -> None:
    """After an import: write the statistics nodes for the counts ``tracker`` kept, with the
    class partition as it is now."""
    if tracker is None:
        write_void_statistics(store)
        return
    nodes = _stored(store)
    ours = _ours(nodes)
    _replace(store, ours, _settle(store, tracker.counts, [t for t in nodes if t not in ours]))


def terms_written(sink: Sink, turtle: Iterable[Path]) -> tuple[set[str], set[str], set[str]]:
    """The properties, the IRIs on other sites and the subject IRIs outside the id and code
    spaces a build wrote: its ``sink``'s and those of the Turtle files ``turtle`` (the
    ontology), for :func:`write_void_statistics`."""
    properties, links, outside = set(sink.properties), set(sink.links), set(sink.outside)
    for path in turtle:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            properties.add(quad.predicate.value)
            if isinstance(quad.subject, ox.NamedNode):
                outside.add(quad.subject.value)  # count_store leaves out the entities
            if isinstance(quad.object, ox.NamedNode):
                links.add(quad.object.value)
            if quad.object in _PROPERTY_CLASSES:  # declared: flags may use it later
                properties.add(quad.subject.value)
    return properties, links, outside


def load_with_statistics(store: Store, turtle: Sequence[Path], sink: Sink) -> None:
    """A build's last load: the Turtle files ``turtle`` (the ontology), the class partition
    (:func:`graph.ingest.statistics.load_with_partition`) and the statistics nodes
    (:func:`void_nodes_with`), in one bulk load when they can be; ``sink`` wrote the data."""
    terms = terms_written(sink, turtle)
    nodes: list[bytes | None] = [None]

    def with_nodes(extra: bytes, partition: bytes) -> bytes | None:
        # the store holds what sink wrote, in one load (and flags: no blank nodes)
        nodes[0] = void_nodes_with(store, *terms, extra, partition, len(sink.blank))
        return nodes[0]

    if not load_with_partition(store, turtle, with_nodes):
        write_class_partition(store)
    if nodes[0] is None:  # not loaded with the ontology
        write_void_statistics(store, *terms)
