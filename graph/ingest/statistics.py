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
from collections.abc import Collection

import pyoxigraph as ox

from graph.query import run_named
from graph.sparql import Boolean, Result, Rows
from graph.store import Store
from graph.vocab.mint import XSD_INTEGER, nt_iri
from graph.vocab.namespaces import AGD

__all__ = ["VOID", "class_node", "recount_classes", "write_class_partition"]

VOID = "http://rdfs.org/ns/void#"
_CLASS, _ENTITIES = ox.NamedNode(VOID + "class"), ox.NamedNode(VOID + "entities")


def class_node(cls: str) -> str:
    """The IRI of the partition node of class ``cls``: the same for a class in every build.

    >>> class_node("https://w3id.org/accredigraph/def#Certificate")
    'https://w3id.org/accredigraph/id/void/class/87d90862486d3c17'
    """
    return f"{AGD}void/class/{hashlib.sha256(cls.encode()).hexdigest()[:16]}"


def _triples(counts: dict[str, int]) -> list[ox.Triple]:
    out = []
    for cls, n in sorted(counts.items()):
        node = ox.NamedNode(class_node(cls))
        out.append(ox.Triple(node, _CLASS, ox.NamedNode(cls)))
        count = ox.Literal(str(n), datatype=ox.NamedNode(XSD_INTEGER))
        out.append(ox.Triple(node, _ENTITIES, count))
    return out


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

    named = rows("internal-typed-in-named-graphs")
    if isinstance(named, Boolean) and named.value:
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


def write_class_partition(store: Store) -> int:
    """Count every class of ``store`` (``void-class-partition-direct``) and write the counts
    as its class partition, replacing any there; returns how many classes."""
    counts = _counts(store, None)
    _delete(store, None)
    if counts:
        store.add(_triples(counts))
    return len(counts)


def recount_classes(store: Store, classes: Collection[str]) -> int:
    """Recount the classes ``classes`` (IRIs) in ``store`` and replace their partition nodes (a
    class left with no node has none); returns how many were recounted."""
    if not classes:
        return 0
    counts = _counts(store, classes)
    _delete(store, classes)
    if counts:
        store.add(_triples(counts))
    return len(classes)
