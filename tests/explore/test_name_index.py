"""The organisation name index (graph.explore.name_index) answers what search-organisations.rq
answers, kept beside an on-disk store and never outliving the data it was read from."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.explore import name_index
from graph.explore.search import MATCH_LIMIT, find
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.query import run_named
from graph.sparql import Rows, run
from graph.store import OxigraphStore, open_store
from graph.vocab.namespaces import AG, RDF, SCHEMA

ORG = "https://w3id.org/accredigraph/id/test-org/"


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """A generated register of 5,000 certificates (about 3,500 organisations) on disk, with its
    name index built."""
    folder = tmp_path_factory.mktemp("names")
    generate_register(folder / "register", 5_000, seed=5)
    store, _ = build_store(folder / "store", extra=[folder / "register"])
    assert isinstance(store, OxigraphStore)
    assert name_index.ensure(store) == store.derived_file(name_index.FILE)
    return store


def _names(store) -> list[str]:
    rows = run(store, "SELECT ?n WHERE { ?s a ag:CertifiedOrganization ; schema:name ?n }",
               row_cap=None, trusted=True)  # fmt: skip
    assert isinstance(rows, Rows)
    return sorted(str(n) for n in rows.column("n"))


def _texts(store) -> list[str]:
    """What people type: whole names, their words and the starts of words, in any case, runs
    of words from inside a name, punctuation, numbers, and texts that match nothing."""
    names = _names(store)
    pick = random.Random(7)
    texts = ["ltd", "LTD", "Co., Ltd", "co.,", "(synthetic)", "ltd 3", "s.a.", "gmbh", "pty",
             "zq", "harbourside", "--", "(", '"', "o'", "x\"y", " ltd ", "ab\\", "é"]  # fmt: skip
    for name in pick.sample(names, 25):
        words = name.split(" ")
        at = pick.randrange(len(words))
        texts += [name, name.upper(), name.lower()[:-1], words[0], words[0][:2], words[at],
                  words[at][:3], " ".join(words[at : at + 2]), name[3:9]]  # fmt: skip
    return texts


def _scan(store, text: str) -> Rows:
    result = run_named(store, "search-organisations", {"text": text}, row_cap=MATCH_LIMIT)
    assert isinstance(result, Rows)
    return result


def _every_match(store, text: str) -> set[str]:
    """Every certified organisation the query's filter keeps, without its limit."""
    rows = run(
        store,
        "SELECT DISTINCT ?text ?s WHERE { ?s a ag:CertifiedOrganization ; schema:name ?v . "
        "BIND(LCASE(STR(?v)) AS ?lv) FILTER(STRSTARTS(?lv, LCASE(?text)) || "
        'CONTAINS(?lv, CONCAT(" ", LCASE(?text)))) }',
        bindings={"text": ox.Literal(text.strip())},  # as a parameter is bound
        row_cap=None,
        trusted=True,
    )
    assert isinstance(rows, Rows)
    return {str(s) for s in rows.column("s")}


def test_the_index_answers_what_the_query_answers(disk_store, monkeypatch) -> None:
    texts = _texts(disk_store)
    scans = {text: _scan(disk_store, text) for text in texts}
    asked: list[str] = []
    real = name_index.run_named

    def query_asked(store, name, params=None, **kwargs):
        asked.append(params["text"])
        return real(store, name, params, **kwargs)

    monkeypatch.setattr(name_index, "run_named", query_asked)
    cut = 0
    for text in texts:
        indexed, scanned = name_index.organisations(disk_store, text), scans[text]
        assert indexed.variables == scanned.variables, text
        assert indexed.truncated == scanned.truncated, text
        if not scanned.truncated:
            assert sorted(indexed.rows, key=repr) == sorted(scanned.rows, key=repr), text
        else:  # both stopped reading at 1,001 matches, not necessarily the same ones
            cut += 1
            assert len(indexed.rows) == len(scanned.rows) == MATCH_LIMIT, text
            assert {str(s) for s in indexed.column("s")} <= _every_match(disk_store, text), text
    assert cut >= 2, "some texts must match more organisations than the search counts"
    # only the texts with no word in them went to the query
    assert sorted(set(asked)) == sorted({t for t in texts if not re.search(r"\w", t)})
    assert sum(1 for t in texts if name_index.organisations(disk_store, t).rows) > 100


def test_a_name_that_matches_nothing_is_not_read_name_by_name(disk_store, monkeypatch) -> None:
    def refused(*args, **kwargs):
        raise AssertionError("search-organisations.rq was run")

    monkeypatch.setattr(name_index, "run_named", refused)
    assert name_index.organisations(disk_store, "Zyzzyva Harbourside").rows == []
    found = find(disk_store, "ltd")
    assert found.total >= MATCH_LIMIT and not found.exact
    assert "organisation" in {h.kind for h in found.hits}


def test_more_than_a_thousand_matches_are_said_to_be_more(disk_store) -> None:
    """Only certified organisations count towards the 1,001 read: a body or standard whose
    name matches does not make the search say it found them all."""
    text = "ltd"
    every = _every_match(disk_store, text)
    assert len(every) > MATCH_LIMIT
    assert name_index.organisations(disk_store, text).truncated
    assert _scan(disk_store, text).truncated


def test_the_name_as_typed_is_always_found(tmp_path: Path, monkeypatch) -> None:
    """An organisation named exactly as typed is among the matches even when more than a
    thousand others are read before it (the query's first branch, kept by the index's)."""
    real = name_index.matches

    def exact_name_last(index, text):  # the index reads the exact name after 1,500 others
        found = real(index, text)
        return None if found is None else (m for m in sorted(found, key=lambda m: m[1] == 0))

    monkeypatch.setattr(name_index, "matches", exact_name_last)
    store = open_store(str(tmp_path / "store"))
    name, a = ox.NamedNode(SCHEMA + "name"), ox.NamedNode(RDF + "type")
    org = ox.NamedNode(AG + "CertifiedOrganization")
    triples = []
    for n in range(1_500):
        s = ox.NamedNode(f"{ORG}{n}")
        triples += [ox.Triple(s, a, org), ox.Triple(s, name, ox.Literal(f"Acme Widgets {n}"))]
    exact = ox.NamedNode(f"{ORG}exact")
    triples += [ox.Triple(exact, a, org), ox.Triple(exact, name, ox.Literal("Acme"))]
    store.add(triples)
    for result in (name_index.organisations(store, "Acme"), _scan(store, "Acme")):
        assert result.truncated
        assert str(result.rows[0][1].value) == exact.value  # rank 0 comes first
    assert store.derived_file(name_index.FILE).is_file()


def test_a_write_deletes_the_index_and_the_next_search_sees_the_new_name(tmp_path) -> None:
    store, _ = build_store(tmp_path / "store")
    index = name_index.ensure(store)
    assert index is not None and index.is_file()
    assert name_index.organisations(store, "Quetzal").rows == []
    s = ox.NamedNode(f"{ORG}quetzal")
    organisation, name = ox.NamedNode(AG + "CertifiedOrganization"), ox.NamedNode(SCHEMA + "name")
    store.add([ox.Triple(s, ox.NamedNode(RDF + "type"), organisation),
               ox.Triple(s, name, ox.Literal("Quetzal Foods plc"))])  # fmt: skip
    assert not index.exists()  # gone before the data changed
    rows = name_index.organisations(store, "quetzal").records()
    assert [r["s"] for r in rows] == [s.value]
    assert index.is_file()  # built again, from the new data


def test_an_index_read_before_a_write_is_not_kept(tmp_path) -> None:
    store, _ = build_store(tmp_path / "store")
    made = tmp_path / "made.sqlite"
    made.write_bytes(b"")
    before = store.generation
    store.update("INSERT DATA { <http://e/a> <http://e/p> 1 }")
    assert not store.keep_derived(made, name_index.FILE, generation=before)
    assert made.exists() and not store.derived_file(name_index.FILE).exists()


def test_a_build_overtaken_by_a_write_keeps_nothing(tmp_path, monkeypatch) -> None:
    store, _ = build_store(tmp_path / "store")
    real = name_index._names

    def names_then_a_write(s):
        yield from real(s)
        store.update("INSERT DATA { <http://e/a> <http://e/p> 1 }")

    monkeypatch.setattr(name_index, "_names", names_then_a_write)
    assert name_index.build(store) is None
    assert not store.derived_file(name_index.FILE).exists()
    assert not list(store.derived_file(name_index.FILE).parent.glob("*.part"))


def test_stores_without_an_index_are_searched_by_the_query(disk_store, tmp_path) -> None:
    memory, _ = build_store("memory")
    assert name_index.ensure(memory) is None
    assert name_index.organisations(memory, "dairies").rows
    # a store opened read-only uses an index that is there but builds none
    store, _ = build_store(tmp_path / "store")
    store.close()
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert name_index.ensure(reader) is None
    assert name_index.organisations(reader, "dairies").rows
    assert not reader.derived_file(name_index.FILE).exists()
    shared = OxigraphStore(disk_store.path, read_only=True)
    assert name_index.ensure(shared) == disk_store.derived_file(name_index.FILE)


def test_an_index_of_another_layout_is_built_again(tmp_path) -> None:
    store, _ = build_store(tmp_path / "store")
    index = name_index.ensure(store)
    index.write_bytes(b"not an index")
    assert name_index.ensure(store) == index
    assert name_index.organisations(store, "dairies").rows


def test_search_limits_agree() -> None:
    assert name_index.MATCHES == MATCH_LIMIT + 1


def test_an_index_that_cannot_be_built_leaves_the_search_to_the_query(tmp_path, monkeypatch):
    """A full disk while the index is written: the search still answers, by the query, and
    nothing half-written is kept."""
    import sqlite3

    store, _ = build_store(tmp_path / "store")
    real = name_index._names

    def disk_full(s):
        yield from real(s)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(name_index, "_names", disk_full)
    assert name_index.ensure(store) is None
    assert name_index.organisations(store, "dairies").rows
    assert not list(store.derived_file(name_index.FILE).parent.glob("organisation-names*"))
