"""The number index (graph.explore.number_index) answers what search-ids.rq answers, kept
beside an on-disk store and never outliving the data it was read from."""

from __future__ import annotations

import random
import sqlite3

import pytest

from graph.explore import number_index
from graph.explore.search import MATCH_LIMIT, find
from graph.sparql import Rows, run
from tests.explore.test_sidecar import every_match, scan


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
    return scan(store, "search-ids", text)


def _every_match(store, text: str) -> set[str]:
    """Every accreditation and certificate the query's filter keeps, without its limit."""
    where = ("?s ag:number ?n ; a ?c . FILTER(?c IN (ag:Accreditation, ag:Certificate)) "
             "FILTER(STRSTARTS(LCASE(STR(?n)), LCASE(?text)))")  # fmt: skip
    return every_match(store, where, text)


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
