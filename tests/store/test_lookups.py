"""Triple patterns answered from the embedded store's indexes (graph.store.Lookups), as the
VoID tracker of imports asks them: any graph or the default graph only, statistics nodes left
out, literals matched by value."""

from __future__ import annotations

import pyoxigraph as ox

from graph.store import Lookups, RemoteStore, open_store

E = "http://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
a, b, c, p, q, g = (ox.NamedNode(E + n) for n in ("a", "b", "c", "p", "q", "g"))
stat = ox.NamedNode(E + "void/dataset")


def store_with(*quads: ox.Quad):
    store = open_store("memory")
    store.add([quad for quad in quads if quad.graph_name == ox.DefaultGraph()])
    named = [quad for quad in quads if quad.graph_name != ox.DefaultGraph()]
    if named:
        store.bulk_load(ox.serialize(named, format=ox.RdfFormat.N_QUADS), ox.RdfFormat.N_QUADS)
    return store


def test_the_embedded_store_answers_patterns_and_a_remote_one_does_not():
    assert isinstance(open_store("memory"), Lookups)
    assert not isinstance(RemoteStore("http://127.0.0.1:9/query"), Lookups)


def test_each_pattern_says_whether_a_triple_matches():
    store = store_with(ox.Quad(a, p, b), ox.Quad(b, q, ox.Literal("x")))
    patterns = [
        (a, None, None),  # a subject there
        (c, None, None),  # a subject not there
        (None, None, b),  # an object there
        (None, None, a),  # a subject, never an object
        (a, p, None),  # a subject-property pair there
        (a, q, None),  # the subject there, not with that property
        (None, q, ox.Literal("x")),  # a property-object pair there
        (None, q, ox.Literal("x", language="en")),  # another literal
        (a, p, b),  # a whole triple
        (b, p, a),  # its terms there, not that triple
    ]
    assert store.lookup(patterns) == [True, False, True, False, True, False, True, False, True,
                                      False]  # fmt: skip
    assert store.lookup([]) == []


def test_the_default_graph_only_when_asked():
    store = store_with(ox.Quad(a, p, b, g), ox.Quad(c, p, b))
    assert store.lookup([(a, p, b), (a, None, None), (c, p, b)]) == [True, True, True]
    assert store.lookup([(a, p, b), (a, None, None), (c, p, b)], default_graph=True) == [
        False, False, True]  # fmt: skip


def test_subjects_under_a_prefix_do_not_count():
    # the VoID statistics nodes: their triples are counted from the nodes themselves
    store = store_with(ox.Quad(stat, p, ox.Literal("7")), ox.Quad(a, p, ox.Literal("8")),
                       ox.Quad(stat, q, ox.Literal("8")))  # fmt: skip
    skip = E + "void/"
    assert store.lookup([(None, None, ox.Literal("7")), (None, p, ox.Literal("7")),
                         (stat, None, None), (None, None, ox.Literal("8")),
                         (None, q, ox.Literal("8")), (a, None, None)],
                        skip_subjects=skip) == [False, False, False, True, False, True]  # fmt: skip
    assert store.lookup([(None, None, ox.Literal("7")), (stat, None, None)]) == [True, True]


def test_literals_match_by_value_as_the_store_keeps_them():
    stamp = ox.Literal("2026-01-02T03:04:05+00:00", datatype=ox.NamedNode(XSD + "dateTime"))
    store = store_with(ox.Quad(a, p, stamp))
    same = ox.Literal("2026-01-02T03:04:05Z", datatype=ox.NamedNode(XSD + "dateTime"))
    other = ox.Literal("2026-01-02T03:04:06Z", datatype=ox.NamedNode(XSD + "dateTime"))
    assert store.lookup([(None, None, same), (a, p, same), (a, p, other)]) == [True, True, False]
    assert store.lookup([(a, p, same)], default_graph=True) == [True]


def test_an_on_disk_store_answers_the_same(tmp_path):
    store = open_store(tmp_path / "store")
    store.add([ox.Triple(a, p, b)])
    assert store.lookup([(a, None, None), (None, None, a), (a, p, b)],
                        default_graph=True) == [True, False, True]  # fmt: skip
    store.close()
