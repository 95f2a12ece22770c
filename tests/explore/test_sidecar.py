"""The search's indexes beside an on-disk store (graph.explore.sidecar): the organisation name
index and the number index are built, kept and thrown away alike, and whenever one cannot
answer the search asks its query."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import pyoxigraph as ox
import pytest

from graph.explore import name_index, number_index, sidecar
from graph.explore.search import MATCH_LIMIT
from graph.ingest.build import build_store
from graph.query import run_named
from graph.sparql import Rows, run
from graph.store import OxigraphStore
from graph.vocab.mint import certificate_iri
from graph.vocab.namespaces import AG, RDF, SCHEMA


def scan(store, query: str, text: str) -> Rows:
    """The named ``query``'s answer for ``text``, as the search asks it without an index."""
    result = run_named(store, query, {"text": text}, row_cap=MATCH_LIMIT)
    assert isinstance(result, Rows)
    return result


def every_match(store, where: str, text: str) -> set[str]:
    """Every ``?s`` the pattern ``where`` keeps for ``?text`` (``text`` stripped, as a
    parameter is bound), without a limit."""
    rows = run(store, f"SELECT DISTINCT ?text ?s WHERE {{ {where} }}",
               bindings={"text": ox.Literal(text.strip())}, row_cap=None, trusted=True)  # fmt: skip
    assert isinstance(rows, Rows)
    return {str(s) for s in rows.column("s")}


@dataclass(frozen=True)
class Index:
    module: ModuleType
    rows: str  #: the module's function that reads the store's rows for it
    search: Callable[[object, str], Rows]
    found: str  #: a text the bundled data has matches for
    new: tuple[str, str, str]  #: a thing the bundled data lacks: its IRI, class, and its text
    predicate: str  #: what the text is of it
    typed: str  #: what is searched to find the new thing


def _organisation_of(store, text: str) -> Rows:
    return name_index.organisations(store, text)


def _number_of(store, text: str) -> Rows:
    return number_index.numbers(store, text)


INDEXES = [
    pytest.param(Index(name_index, "_names", _organisation_of, "dairies",
                       ("https://w3id.org/accredigraph/id/test-org/quetzal",
                        AG + "CertifiedOrganization", "Quetzal Foods plc"),
                       SCHEMA + "name", "quetzal"), id="names"),
    pytest.param(Index(number_index, "_numbers", _number_of, "s-c-00",
                       (certificate_iri("Q-C-7701"), AG + "Certificate", "Q-C-7701"),
                       AG + "number", "q-c-77"), id="numbers"),
]  # fmt: skip


@pytest.mark.parametrize("index", INDEXES)
def test_a_write_deletes_the_index_and_the_next_search_sees_the_new_thing(tmp_path, index):
    store, _ = build_store(tmp_path / "store")
    path = index.module.ensure(store)
    assert path is not None and path.is_file()
    assert index.search(store, index.typed).rows == []
    iri, kind, text = index.new
    s = ox.NamedNode(iri)
    store.add([ox.Triple(s, ox.NamedNode(RDF + "type"), ox.NamedNode(kind)),
               ox.Triple(s, ox.NamedNode(index.predicate), ox.Literal(text))])  # fmt: skip
    assert not path.exists()  # gone before the data changed
    assert [r["s"] for r in index.search(store, index.typed).records()] == [iri]
    assert path.is_file()  # built again, from the new data


def test_an_index_read_before_a_write_is_not_kept(tmp_path) -> None:
    store, _ = build_store(tmp_path / "store")
    made = tmp_path / "made.sqlite"
    made.write_bytes(b"")
    before = store.generation
    store.update("INSERT DATA { <http://e/a> <http://e/p> 1 }")
    assert not store.keep_derived(made, name_index.FILE, generation=before)
    assert made.exists() and not store.derived_file(name_index.FILE).exists()


@pytest.mark.parametrize("index", INDEXES)
def test_a_build_overtaken_by_a_write_keeps_nothing(tmp_path, monkeypatch, index) -> None:
    store, _ = build_store(tmp_path / "store")
    real = getattr(index.module, index.rows)

    def rows_then_a_write(s):
        yield from real(s)
        store.update("INSERT DATA { <http://e/a> <http://e/p> 1 }")

    monkeypatch.setattr(index.module, index.rows, rows_then_a_write)
    assert index.module.build(store) is None
    assert not store.derived_file(index.module.FILE).exists()
    assert not list(store.derived_file(index.module.FILE).parent.glob("*.part"))


@pytest.mark.parametrize("index", INDEXES)
def test_stores_without_an_index_are_searched_by_the_query(tmp_path, index) -> None:
    memory, _ = build_store("memory")
    assert index.module.ensure(memory) is None
    assert index.search(memory, index.found).rows
    store, _ = build_store(tmp_path / "store")
    store.close()
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert index.module.ensure(reader) is None  # a store held read-only builds none
    assert index.search(reader, index.found).rows
    assert not reader.derived_file(index.module.FILE).exists()
    reader.close()
    writer = OxigraphStore(tmp_path / "store")
    built = index.module.ensure(writer)
    writer.close()
    shared = OxigraphStore(tmp_path / "store", read_only=True)  # but uses one that is there
    assert built is not None and index.module.ensure(shared) == built


@pytest.mark.parametrize("index", INDEXES)
def test_an_index_of_another_layout_is_built_again(tmp_path, index) -> None:
    store, _ = build_store(tmp_path / "store")
    path = index.module.ensure(store)
    path.write_bytes(b"not an index")
    assert not sidecar.usable(path, index.module.FORMAT)
    assert index.module.ensure(store) == path
    assert sidecar.usable(path, index.module.FORMAT)
    assert index.search(store, index.found).rows


@pytest.mark.parametrize("index", INDEXES)
def test_an_index_that_cannot_be_built_leaves_the_search_to_the_query(tmp_path, monkeypatch, index):
    """A full disk while the index is written: the search still answers, by the query, and
    nothing half-written is kept."""
    store, _ = build_store(tmp_path / "store")
    real = getattr(index.module, index.rows)

    def disk_full(s):
        yield from real(s)
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(index.module, index.rows, disk_full)
    assert index.module.ensure(store) is None
    assert index.search(store, index.found).rows
    stem = index.module.FILE.removesuffix(".sqlite")
    assert not list(store.derived_file(index.module.FILE).parent.glob(f"{stem}*"))


@pytest.mark.parametrize("index", INDEXES)
def test_search_limits_agree(index) -> None:
    assert index.module.MATCHES == MATCH_LIMIT + 1
