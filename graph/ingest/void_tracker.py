"""The VoID statistics kept exact through an import's changes, by looking up what they touch.

A :class:`Tracker` holds the counts of a store (:class:`~graph.ingest.void_counts.Counts`,
without its statistics nodes) and keeps them exact through each change whose added and removed
triples are known before it is made: an import's triples, the flags it replaces, the marks an
upload adds. Each distinct subject, object, subject–property and property–object pair the
change touches, and each triple, is looked up in the store — before the change, and after it
for what only the removed triples touch (what the added ones bring is there afterwards) — so a
new triple adds a distinct subject only when the store had none with that subject, and a
removed one takes it away only when none is left. A subject or object the store lacks has no
pair and no triple there yet, so those are not looked up; a blank node of an import is a new
node (bulk loads do not share blank nodes).

The look-ups go to the store's indexes (:meth:`graph.store.Lookups.lookup`: one seek each, no
SPARQL) on the embedded store, and as batched ``VALUES`` queries to a remote endpoint. The
terms are keyed by their N-Triples text: a Python string hashes once, a pyoxigraph term afresh
each time it is hashed. The statistics nodes themselves (subjects in ``agd:void/``,
:mod:`graph.ingest.void_nodes`) are left out of what is looked up.

>>> from graph.ingest.void_counts import Counts
>>> from graph.store import open_store
>>> store = open_store("memory")
>>> a, p, b = (ox.NamedNode(f"http://e/{n}") for n in "apb")
>>> tracker = Tracker(store, Counts())
>>> tracker.change([ox.Triple(a, p, b)], [], lambda: store.add([ox.Triple(a, p, b)]))
>>> tracker.change([ox.Triple(a, p, a)], [], lambda: store.add([ox.Triple(a, p, a)]))
>>> c = tracker.counts
>>> (c.triples, c.subjects, c.objects), c.properties
((2, 1, 2), {'http://e/p': [2, 1, 2]})
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from graph.ingest.void_counts import Counts, link_space, present
from graph.ingest.void_counts import hits as _hits
from graph.store import Pattern, Store, collector_paused
from graph.vocab.namespaces import AGC, AGD, RDF

__all__ = ["Tracker", "changing", "fresh_blank_nodes", "present", "read_loaded"]

_DEFAULT = ox.DefaultGraph()
_TYPE = f"<{RDF}type>"
_ENTITIES = (f"<{AGD}", f"<{AGC}")
#: Keys looked up per query (SPARQL).
_BATCH = 2_000

Triple = ox.Triple | ox.Quad


class _Keys:
    """What some triples touch, keyed by N-Triples text, each key with a triple it comes from
    (to look it up by): the triples (``"s p o"``), subjects, objects, subject–property pairs
    (``"s p"``) and property–object pairs (``"p o"``). An IRI or a blank node has no space in
    it, so the text of a key splits back at its first spaces."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        self.triples: dict[str, Triple] = {}
        self.subjects: dict[str, Triple] = {}
        self.objects: dict[str, Triple] = {}
        self.pairs: dict[str, Triple] = {}
        self.values: dict[str, Triple] = {}
        default = _DEFAULT
        for t in triples:
            if type(t) is ox.Quad and t.graph_name != default:  # "s p o g": keep "s p o"
                t = ox.Triple(t.subject, t.predicate, t.object)
            key = str(t)  # "s p o", as N-Triples writes it (one Rust call)
            s, p, o = key.split(" ", 2)
            self.triples[key] = self.subjects[s] = self.objects[o] = t
            self.pairs[key[: len(s) + len(p) + 1]] = self.values[key[len(s) + 1 :]] = t

    def without(self, other: _Keys) -> _Keys:
        """The keys of ``self`` that ``other`` does not have."""
        out = _Keys()
        for name in ("triples", "subjects", "objects", "pairs", "values"):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(out, name, {k: t for k, t in mine.items() if k not in theirs})
        return out


class _Found:
    """Which keys of a :class:`_Keys` a store has (:func:`_there`)."""

    def __init__(self) -> None:
        self.triples: set[str] = set()
        self.subjects: set[str] = set()
        self.objects: set[str] = set()
        self.pairs: set[str] = set()
        self.values: set[str] = set()


def _there(store: Store, keys: _Keys) -> _Found:
    """Which of ``keys`` ``store`` has now. A subject or object it lacks has no pair and no
    triple yet, and a triple it has has its pairs: those are not looked up; nor is a blank
    node."""
    have = _Found()
    subjects = [k for k in keys.subjects if not k.startswith("_:")]
    objects = [k for k in keys.objects if not k.startswith("_:")]
    rows: list[Pattern] = [(keys.subjects[k].subject, None, None) for k in subjects]
    rows += [(None, None, keys.objects[k].object) for k in objects]
    hits = _hits(store, rows)
    have.subjects = {k for k, hit in zip(subjects, hits, strict=False) if hit}
    have.objects = {k for k, hit in zip(objects, hits[len(subjects) :], strict=True) if hit}
    whole = []  # the triples whose subject and object are there
    for k in keys.triples:
        first = k.index(" ")
        if k[:first] in have.subjects and k[k.index(" ", first + 1) + 1 :] in have.objects:
            whole.append(k)
    triples = [keys.triples[k] for k in whole]
    hits = _hits(store, [(t.subject, t.predicate, t.object) for t in triples], default_graph=True)
    for k, hit in zip(whole, hits, strict=True):
        if hit:
            have.triples.add(k)
            first = k.index(" ")
            have.pairs.add(k[: k.index(" ", first + 1)])
            have.values.add(k[first + 1 :])
    pairs = [k for k in keys.pairs
             if k not in have.pairs and k[: k.index(" ")] in have.subjects]  # fmt: skip
    values = [k for k in keys.values
              if k not in have.values and k[k.index(" ") + 1 :] in have.objects]  # fmt: skip
    rows = [(keys.pairs[k].subject, keys.pairs[k].predicate, None) for k in pairs]
    rows += [(None, keys.values[k].predicate, keys.values[k].object) for k in values]
    hits = _hits(store, rows)
    have.pairs.update(k for k, hit in zip(pairs, hits, strict=False) if hit)
    have.values.update(k for k, hit in zip(values, hits[len(pairs) :], strict=True) if hit)
    return have


def _count_triple(counts: Counts, key: str, n: int) -> None:
    """Count ``n`` (±1) copies of the triple ``key`` (``"s p o"``) in the triples and the
    linksets of ``counts`` (as :meth:`Counts.add_triple`)."""
    _, prop, obj = key.split(" ", 2)
    prop = prop[1:-1]
    counts.triples += n
    counts.properties.setdefault(prop, [0, 0, 0])[0] += n
    if obj[0] == "<" and prop != _TYPE[1:-1] and (site := link_space(obj[1:-1])):
        counts.linksets[(prop, site)] = counts.linksets.get((prop, site), 0) + n


class Tracker:
    """Keeps ``counts`` (of the store's triples outside the statistics nodes) exact through
    changes of ``store`` made by :meth:`change`."""

    def __init__(self, store: Store, counts: Counts) -> None:
        self.store = store
        self.counts = counts

    def change(
        self, added: Iterable[Triple], removed: Iterable[Triple], apply: Callable[[], object]
    ) -> None:
        """Run ``apply``, which adds the triples ``added`` to the default graph and removes
        ``removed`` (a triple in both is kept), and count what it changed. A blank node of
        ``added`` is a new node (bulk loads do not share blank nodes)."""
        with collector_paused():
            self._change(added, removed, apply)

    def _change(
        self, added: Iterable[Triple], removed: Iterable[Triple], apply: Callable[[], object]
    ) -> None:
        adding = _Keys(added)
        gone = _Keys(removed).without(adding)  # a triple in both is kept
        had = _there(self.store, _merged(adding, gone))
        apply()
        left = _there(self.store, gone) if gone.triples else _Found()
        delta = Counts()
        for key in adding.triples.keys() - had.triples:
            _count_triple(delta, key, 1)
        for key in gone.triples.keys() & had.triples - left.triples:
            _count_triple(delta, key, -1)
        for n, subjects in ((1, adding.subjects.keys() - had.subjects),
                            (-1, gone.subjects.keys() & had.subjects - left.subjects)):  # fmt: skip
            delta.subjects += n * len(subjects)
            delta.entities += n * sum(1 for s in subjects if s.startswith(_ENTITIES))
        delta.objects += len(adding.objects.keys() - had.objects)
        delta.objects -= len(gone.objects.keys() & had.objects - left.objects)
        for n, column, pairs in (
            (1, 1, adding.pairs.keys() - had.pairs),
            (-1, 1, gone.pairs.keys() & had.pairs - left.pairs),
            (1, 2, adding.values.keys() - had.values),
            (-1, 2, gone.values.keys() & had.values - left.values),
        ):
            for key in pairs:
                prop = key.split(" ", 2)[2 - column]  # of "s p", of "p o"
                delta.properties.setdefault(prop[1:-1], [0, 0, 0])[column] += n
        self.counts.add(delta)


def _merged(one: _Keys, other: _Keys) -> _Keys:
    """The keys of ``one`` and ``other`` together."""
    out = _Keys()
    for name in ("triples", "subjects", "objects", "pairs", "values"):
        setattr(out, name, {**getattr(other, name), **getattr(one, name)})
    return out


def fresh_blank_nodes(triples: Iterable[Triple]) -> list[ox.Triple]:
    """``triples`` with each blank node replaced by a new one, as a bulk load makes them."""
    nodes: dict[ox.BlankNode, ox.BlankNode] = {}

    def fresh(term):  # type: ignore[no-untyped-def]
        return nodes.setdefault(term, ox.BlankNode()) if isinstance(term, ox.BlankNode) else term

    return [ox.Triple(fresh(t.subject), t.predicate, fresh(t.object)) for t in triples]


def read_loaded(path: Path) -> list[ox.Quad] | list[ox.Triple]:
    """The triples of the N-Triples file ``path`` as a bulk load of it makes them: each blank
    node a new one (:func:`fresh_blank_nodes`; skipped when ``_:`` is nowhere in the file)."""
    triples = list(ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES))
    tail = b""
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            if b"_:" in tail + chunk[:1] or b"_:" in chunk:
                return fresh_blank_nodes(triples)
            tail = chunk[-1:]
    return triples


def changing(tracker: Tracker | None, added: Iterable[Triple], removed: Iterable[Triple],
             apply: Callable[[], object]) -> None:  # fmt: skip
    """:meth:`Tracker.change` when there is a tracker, else just ``apply()``."""
    if tracker is None:
        apply()
    else:
        tracker.change(added, removed, apply)
