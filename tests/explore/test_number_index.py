"""The number index (graph.explore.number_index) answers what search-ids.rq answers, kept
beside an on-disk store and never outliving the data it was read from."""

from __future__ import annotations

import random
import sqlite3

import pyoxigraph as ox
import pytest

from graph.explore import number_index, sidecar
from graph.explore.search import MATCH_LIMIT, find
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.query import run_named
from graph.sparql import Rows, run
from graph.store import OxigraphStore
from graph.vocab.mint import certificate_iri
from graph.vocab.namespaces import AG, RDF


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    """A generated register of 5,000 certificates on disk, with its number index built."""
    folder = tmp_path_factory.mktemp("numbers")
    generate_register(folder / "register", 5_000, seed=5)
    store, _ = build_store(folder / "store", extra=[folder / "register"])
    assert isinstance(store, OxigraphStore)
    assert number_index.ensure(store) == store.derived_file(number_index.FILE)
    return store


def _numbers(store) -> list[str]:
    rows = run(store, "SELECT ?n WHERE { ?s ag:number ?n }", row_cap=None, trusted=True)
    assert isinstance(rows, Rows)
    return sorted(str(n) for n in rows.column("n"))


def _texts(store) -> list[str]:
    """What people type: whole numbers in any case, their starts, texts that match nothing,
    and texts holding what SQLite or SPARQL might read as syntax."""
    numbers = _numbers(store)
    pick = random.Random(11)
    texts = ["G-C-0", "g-c-00", "g-", "G-C-0001", "S-C-00", "s-c-0001", "S-", "s", "G-A", "g-a-0",
             "G-C-9999999", "x-c-0001", "G-C-0001%", "G-C-000_", "G-C*", "'", '"', "\\",
             " G-C-00012 ", "é1", "\U0010ffff1", "G-C-0001\U0010ffff"]  # fmt: skip
    for number in pick.sample(numbers, 30):
        texts += [number, number.lower(), number[:-1], number[:-3].lower(), number + "0"]
    return texts


def _scan(store, text: str) -> Rows:
    result = run_named(store, "search-ids", {"text": text}, row_cap=MATCH_LIMIT)
    assert isinstance(result, Rows)
    return result


def _every_match(store, text: str) -> set[str]:
    """Every accreditation and certificate the query's filter keeps, without its limit."""
    rows = run(
        store,
        "SELECT DISTINCT ?text ?s WHERE { ?s ag:number ?n ; a ?c . "
        "FILTER(?c IN (ag:Accreditation, ag:Certificate)) "
        "FILTER(STRSTARTS(LCASE(STR(?n)), LCASE(?text))) }",
        bindings={"text": ox.Literal(text.strip())},
        row_cap=None,
        trusted=True,
    )
    assert isinstance(rows, Rows)
    return {str(s) for s in rows.column("s")}


def test_the_index_answers_what_the_query_answers(disk_store, monkeypatch) -> None:
    texts = _texts(disk_store)
    scans = {text: _scan(disk_store, text) for text in texts}

    def refused(*args, **kwargs):
        raise AssertionError("search-ids.rq was run")

    monkeypatch.setattr(number_index, "run_named", refused)
    cut = found = 0
    for text in texts:
        indexed, scanned = number_index.numbers(disk_store, text), scans[text]
        assert indexed.variables == scanned.variables, text
        assert indexed.truncated == scanned.truncated, text
        found += bool(scanned.rows)
        if not scanned.truncated:
            assert indexed.rows == scanned.rows, text  # the same rows in the same order
        else:  # both stopped reading at 1,001 numbers, not necessarily the same ones
            cut += 1
            assert len(indexed.rows) == len(scanned.rows) == MATCH_LIMIT, text
            assert {str(s) for s in indexed.column("s")} <= _every_match(disk_store, text), text
    assert cut >= 3, "some texts must match more numbers than the search counts"
    assert found > 100


def test_the_first_page_of_a_long_list_comes_in_the_numbers_order(disk_store) -> None:
    """Past 1,000 matches the index reads the lowest numbers: the first page a person sees
    starts at the beginning of the list, where the query's is any 1,000 of them."""
    rows = number_index.numbers(disk_store, "g-c-0").records()
    shown = [str(r["identifier"]) for r in rows]
    every = sorted(n for n in _numbers(disk_store) if n.lower().startswith("g-c-0"))
    assert shown == every[:MATCH_LIMIT]


def test_a_number_that_matches_nothing_is_not_read_number_by_number(disk_store, monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("search-ids.rq was run")

    monkeypatch.setattr(number_index, "run_named", refused)
    assert number_index.numbers(disk_store, "g-x-0355919").rows == []
    found = find(disk_store, "g-c-0001", kinds=["certificate"])
    assert found.total >= 1 and all(h.identifier.startswith("G-C-0001") for h in found.hits)


def test_a_write_deletes_the_index_and_the_next_search_sees_the_new_number(tmp_path) -> None:
    store, _ = build_store(tmp_path / "store")
    index = number_index.ensure(store)
    assert index is not None and index.is_file()
    assert number_index.numbers(store, "q-c-77").rows == []
    s = ox.NamedNode(certificate_iri("Q-C-7701"))
    store.add([ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(AG + "Certificate")),
               ox.Triple(s, ox.NamedNode(AG + "number"), ox.Literal("Q-C-7701"))])  # fmt: skip
    assert not index.exists()  # gone before the data changed
    assert [r["s"] for r in number_index.numbers(store, "q-c-77").records()] == [s.value]
    assert index.is_file()  # built again, from the new data


def test_a_build_overtaken_by_a_write_keeps_nothing(tmp_path, monkeypatch) -> None:
    store, _ = build_store(tmp_path / "store")
    real = number_index._numbers

    def numbers_then_a_write(s):
        yield from real(s)
        store.update("INSERT DATA { <http://e/a> <http://e/p> 1 }")

    monkeypatch.setattr(number_index, "_numbers", numbers_then_a_write)
    assert number_index.build(store) is None
    assert not store.derived_file(number_index.FILE).exists()
    assert not list(store.derived_file(number_index.FILE).parent.glob("*.part"))


def test_stores_without_an_index_are_searched_by_the_query(disk_store, tmp_path) -> None:
    memory, _ = build_store("memory")
    assert number_index.ensure(memory) is None
    assert number_index.numbers(memory, "s-c-00").rows
    store, _ = build_store(tmp_path / "store")
    store.close()
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert number_index.ensure(reader) is None  # a store held read-only builds none
    assert number_index.numbers(reader, "s-c-00").rows
    assert not reader.derived_file(number_index.FILE).exists()
    shared = OxigraphStore(disk_store.path, read_only=True)  # but uses one that is there
    assert number_index.ensure(shared) == disk_store.derived_file(number_index.FILE)


def test_an_index_of_another_layout_is_built_again(tmp_path) -> None:
    store, _ = build_store(tmp_path / "store")
    index = number_index.ensure(store)
    index.write_bytes(b"not an index")
    assert not sidecar.usable(index, number_index.FORMAT)
    assert number_index.ensure(store) == index
    assert sidecar.usable(index, number_index.FORMAT)
    assert number_index.numbers(store, "s-c-00").rows


def test_an_index_that_cannot_be_built_leaves_the_search_to_the_query(tmp_path, monkeypatch):
    store, _ = build_store(tmp_path / "store")
    real = number_index._numbers

    def disk_full(s):
        yield from real(s)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(number_index, "_numbers", disk_full)
    assert number_index.ensure(store) is None
    assert number_index.numbers(store, "s-c-00").rows
    assert not list(store.derived_file(number_index.FILE).parent.glob("numbers*"))


def test_search_limits_agree() -> None:
    assert number_index.MATCHES == MATCH_LIMIT + 1


@pytest.mark.parametrize("prefix", ["a", "ab", "a\uffff", "a\ud7ff", "\U0010ffff", "x\U0010ffff"])
def test_the_range_holds_exactly_the_texts_starting_with_the_prefix(prefix) -> None:
    start, end = number_index.prefix_range(prefix)
    inside = [prefix, prefix + "\x00", prefix + "z", prefix + "\U0010ffff" * 2]
    outside = [prefix[:-1], prefix[:-1] + "\x00", "\U0010ffff" * 3 if prefix[0] != "\U0010ffff"
               else "", chr(ord(prefix[0]) + 1) if prefix[0] != "\U0010ffff" else ""]  # fmt: skip
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (v TEXT)")
    db.executemany("INSERT INTO t VALUES (?)", [(v,) for v in inside + outside])
    sql = "SELECT v FROM t WHERE v >= ?" + ("" if end is None else " AND v < ?")
    got = {v for (v,) in db.execute(sql, (start,) if end is None else (start, end))}
    assert got == {v for v in inside + outside if v.startswith(prefix)}
    assert set(inside) <= got
