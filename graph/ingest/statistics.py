"""The class partition kept as triples, so "how many of each class" answers at once at any size.

Counting the nodes of every class reads every type statement: seconds at a million
certificates (``void-class-partition-direct``, ``class-counts-direct``). So a build writes the
answer into the store, one node per class, in the VoID vocabulary::

    <agd:void/class/HASH> void:class <C> ; void:entities 1000000 .

(no type on the node, so the nodes do not count themselves), and ``void-class-partition`` and
``class-counts`` read those nodes. What keeps them right:

- a **build** runs ``void-class-partition-direct`` once everything is loaded, its flags
  included, and writes its rows (:func:`write_class_partition`; a few seconds at a million
  certificates);
- an **import** (and a visitor's upload) recounts the classes its own triples type — the
  :class:`~graph.ingest.context.Sink` notes them as it writes — and ``ag:RedFlag`` when flags
  were recomputed, each with ``internal-class-entities`` (the same count as the direct query,
  one class at a time), and replaces their nodes (:func:`recount_classes`), inside the same
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
    rows = run_named(store, "void-class-partition-direct", row_cap=None, timeout=None).records()
    counts = {str(r["class"]): int(r["entities"]) for r in rows if r["class"]}
    _delete(store, None)
    if counts:
        store.add(_triples(counts))
    return len(counts)


def recount_classes(store: Store, classes: Collection[str]) -> int:
    """Recount the classes ``classes`` (IRIs) in ``store`` and replace their partition nodes (a
    class left with no node has none); returns how many were recounted."""
    if not classes:
        return 0
    counts: dict[str, int] = {}
    for cls in sorted(classes):
        rows = run_named(store, "internal-class-entities", {"class": cls}, row_cap=None,
                         timeout=None).records()  # fmt: skip
        if rows and int(rows[0]["entities"]):
            counts[cls] = int(rows[0]["entities"])
    _delete(store, classes)
    if counts:
        store.add(_triples(counts))
    return len(classes)
