"""The class partition kept as triples, so "how many of each class" answers at once at any size.

Counting the nodes of every class reads every type statement: seconds at a million
certificates (``void-class-partition-direct``, ``class-counts-direct``). So a build writes the
answer into the store, one node per class, in the VoID vocabulary::

    <agd:void/class/HASH> void:class <C> ; void:entities 1000000 .

(no type on the node, so the nodes do not count themselves), and ``void-class-partition`` and
``class-counts`` read those nodes. What keeps them right:

- a **build** counts every class once everything is loaded, its flags included, and writes
  the counts (:func:`write_class_partition`: the type statements of each class counted from
  the type index, about 1 s at a million certificates, where the direct query's distinct
  nodes take 14 s; the direct query itself when a named graph types nodes, :func:`_counts`);
- an **import** (and a visitor's upload) recounts the classes its own triples type — the
  :class:`~graph.ingest.context.Sink` notes them as it writes — and ``ag:RedFlag`` when flags
  were recomputed, and replaces their nodes (:func:`recount_classes`), inside the same
  atomic update as the import's triples (on disk: the copy swapped in whole or not at all).

A SPARQL update run by hand (``graph.sparql.update``) does not recount: build or import again,
or run :func:`write_class_partition`.

>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> stored = {r["class"]: r["entities"] for r in run_named(store, "void-class-partition").records()}
>>> direct = run_named(store, "void-class-partition-direct").records()
>>> stored == {r["class"]: r["entities"] for r in direct}
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.query import load_named, run_named
from graph.sparql import Boolean, Query, Result, Rows, run, seed_values
from graph.store import Store
from graph.vocab.mint import XSD_INTEGER, nt_iri
from graph.vocab.namespaces import AGD, RDF

__all__ = [
    "VOID",
    "class_node",
    "load_with_partition",
    "partition_with",
    "recount_classes",
    "write_class_partition",
]

VOID = "http://rdfs.org/ns/void#"
_TYPE = RDF + "type"


def class_node(cls: str) -> str:
    """The IRI of the partition node of class ``cls``: the same for a class in every build.

    >>> class_node("https://w3id.org/accredigraph/def#Certificate")
    'https://w3id.org/accredigraph/id/void/class/87d90862486d3c17'
    """
    return f"{AGD}void/class/{hashlib.sha256(cls.encode()).hexdigest()[:16]}"


def _ntriples(counts: dict[str, int]) -> bytes:
    """The partition nodes of ``counts`` as N-Triples, for the store's bulk loader."""
    lines = []
    for cls, n in sorted(counts.items()):
        node = nt_iri(class_node(cls))
        lines.append(f"{node} <{VOID}class> {nt_iri(cls)} .\n")
        lines.append(f'{node} <{VOID}entities> "{n}"^^<{XSD_INTEGER}> .\n')
    return "".join(lines).encode()


def _counts(store: Store, classes: Collection[str] | None) -> dict[str, int]:
    """The distinct nodes typed with each class (of ``classes``; ``None``: every class that is
    an IRI), as ``void-class-partition-direct`` counts them.

    In the default graph a node is typed with a class by one triple, so counting the type
    triples of each class counts its nodes, from the type index and without a set of nodes
    (``internal-class-counts``). When a named graph types a node too, the same node may be
    typed twice: then the direct query's distinct count is used.
    """

    def rows(name: str, params: dict[str, str] | None = None) -> Result:
        return run_named(store, name, params, row_cap=None, timeout=None,
                         defaults=params is not None)  # fmt: skip

    if _typed_in_named_graphs(store):
        direct = rows("void-class-partition-direct").records()
        counts = {str(r["class"]): int(r["entities"]) for r in direct}
        return counts if classes is None else {c: counts[c] for c in classes if c in counts}
    if classes is None:
        every = rows("internal-class-counts")
        assert isinstance(every, Rows)
        return {c.value: int(n.value) for c, n in every.rows if isinstance(c, ox.NamedNode)}
    counts = {}
    for cls in sorted(classes):
        one = rows("internal-class-counts", {"class": cls}).records()
        if one and int(one[0]["entities"]):
            counts[cls] = int(one[0]["entities"])
    return counts


def _delete(store: Store, classes: Collection[str] | None) -> None:
    """Remove the partition nodes of ``classes`` (``None``: of every class)."""
    only = ""
    if classes is not None:
        only = "VALUES ?class { " + " ".join(nt_iri(c) for c in sorted(classes)) + " } "
    store.update(
        f"DELETE {{ ?part <{VOID}class> ?class ; <{VOID}entities> ?n }} WHERE {{ {only}"
        f"?part <{VOID}class> ?class ; <{VOID}entities> ?n . "
        f'FILTER(STRSTARTS(STR(?part), "{AGD}void/class/")) }}'
    )


def partition_with(store: Store, extra: bytes) -> bytes | None:
    """The class partition of ``store`` once the N-Triples ``extra`` are loaded too, as
    N-Triples to load with them in one bulk load: how a build writes it without a load or a
    transaction of its own (either leaves RocksDB work for whoever opens the swapped-in
    directory next). ``None`` when a named graph types nodes or ``store`` has a partition
    already: then load ``extra`` and call :func:`write_class_partition`.

    A type statement of ``extra`` counts when the store lacks it (a blank node there is a new
    node: bulk loads do not share blank nodes).
    """
    if _typed_in_named_graphs(store) or _has_partition(store):
        return None
    counts = _counts(store, None)
    typed = {
        (q.subject, q.object)
        for q in ox.parse(extra, format=ox.RdfFormat.N_TRIPLES)
        if q.predicate.value == _TYPE and isinstance(q.object, ox.NamedNode)
    }
    named = sorted((s, c) for s, c in typed if isinstance(s, ox.NamedNode))
    present: set[tuple[str, str]] = set()
    if named:
        query = load_named("internal-type-statements")
        text = seed_values(query.text, ["s", "c"], named)
        found = run(store, Query(text, query.name), row_cap=None, timeout=None, trusted=True)
        assert isinstance(found, Rows)
        present = {(s.value, c.value) for s, c in found.rows}  # type: ignore[union-attr]
    for s, c in typed:
        if (s.value, c.value) not in present or isinstance(s, ox.BlankNode):
            counts[c.value] = counts.get(c.value, 0) + 1
    return _ntriples(counts)


def load_with_partition(
    store: Store,
    turtle: Iterable[Path],
    more: Callable[[bytes, bytes], bytes | None] | None = None,
) -> bool:
    """Bulk-load the Turtle files ``turtle`` (the ontology: a build's last load) and, in the
    same load, the class partition counting them too (:func:`partition_with`) and what
    ``more`` makes of the two (N-Triples: the other VoID statistics); returns False when the
    partition could not be written so (then :func:`write_class_partition`; ``more`` is not
    called)."""
    extra = b"".join(
        ox.serialize(ox.parse(path=str(p), format=ox.RdfFormat.TURTLE),
                     format=ox.RdfFormat.N_TRIPLES) or b""
        for p in turtle
    )  # fmt: skip
    partition = partition_with(store, extra)
    tail = more(extra, partition) if more is not None and partition is not None else None
    store.bulk_load(extra + (partition or b"") + (tail or b""), ox.RdfFormat.N_TRIPLES)
    return partition is not None


def _typed_in_named_graphs(store: Store) -> bool:
    answer = run_named(store, "internal-typed-in-named-graphs", row_cap=None, timeout=None)
    return isinstance(answer, Boolean) and answer.value


def _has_partition(store: Store) -> bool:
    stored = run_named(store, "void-class-partition", row_cap=1, timeout=None)
    return isinstance(stored, Rows) and bool(stored.rows)


def write_class_partition(store: Store) -> int:
    """Count every class of ``store`` (``void-class-partition-direct``) and write the counts
    as its class partition, replacing any there; returns how many classes."""
    counts = _counts(store, None)
    if _has_partition(store):
        _delete(store, None)
    if counts:
        store.bulk_load(_ntriples(counts), ox.RdfFormat.N_TRIPLES)
    return len(counts)


def recount_classes(store: Store, classes: Collection[str]) -> int:
    """Recount the classes ``classes`` (IRIs) in ``store`` and replace their partition nodes (a
    class left with no node has none); returns how many were recounted."""
    if not classes:
        return 0
    counts = _counts(store, classes)
    _delete(store, classes)
    if counts:
        store.bulk_load(_ntriples(counts), ox.RdfFormat.N_TRIPLES)
    return len(classes)
