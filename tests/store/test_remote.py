"""A real Oxigraph server as the store: built through the CLI, answering like the embedded one."""

from __future__ import annotations

import io
import re

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.cli.main import main
from graph.errors import QueryError, StoreError
from graph.ingest.build import build_store, import_register
from graph.query import named_queries, run_named
from graph.store import RemoteStore, open_store
from graph.verify.chain import verify, verify_many
from tests.conftest import BASE_REGISTER, SAMPLE_AS_OF, write_register
from tests.servers import free_port, oxigraph_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """An Oxigraph server with the bundled graph, built by ``accredigraph build``."""
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph") / "db") as base:
        code = main(
            [
                "--store",
                f"{base}/query",
                "--update-url",
                f"{base}/update",
                "--graph-store-url",
                f"{base}/store",
                "build",
            ]
        )
        assert code == 0
        yield base


@pytest.fixture(scope="module")
def remote(server) -> RemoteStore:
    return RemoteStore(f"{server}/query")


def _normal(value):
    """GROUP_CONCAT order is up to the engine: compare concatenations as sorted parts."""
    if isinstance(value, str) and re.search(r" \| |;| ", value):
        return tuple(sorted(re.split(r" \| |;| ", value)))
    return value


#: Columns made with SAMPLE() over several values: each engine may pick another one. (In the
#: ontology, ag:summaryFacet and ag:countOf have two English rdfs:comment each.)
#: Also the columns that differ by design between two builds: the time each was built.
SAMPLED = {"ontology-terms": {"comment"}, "internal-data-version": {"built"}}


def _rows(result, skip=frozenset()) -> list:
    return sorted(
        repr(sorted((k, _normal(v)) for k, v in r.items() if k not in skip))
        for r in result.records()
    )


def test_build_through_the_cli_loads_the_same_graph(remote, bundled_store):
    assert len(remote) == len(bundled_store)
    stamp = "<https://w3id.org/accredigraph/id/build>"

    def lines(store):
        return sorted(
            line
            for line in store.dump(ox.RdfFormat.N_TRIPLES).decode().splitlines()
            if not line.startswith(stamp) and "_:" not in line
        )

    assert lines(remote) == lines(bundled_store)


def test_bulk_verification_gives_the_same_verdicts(remote, bundled_store):
    here = verify_many(bundled_store, as_of=SAMPLE_AS_OF)
    there = verify_many(remote, as_of=SAMPLE_AS_OF)
    assert len(here) == len(there) == 231
    assert [(v.certificate, v.verdict, [link.code for link in v.links]) for v in here] == [
        (v.certificate, v.verdict, [link.code for link in v.links]) for v in there
    ]


def test_single_verification_binds_its_parameters_remotely(remote, bundled_store):
    for certificate in ("S-C-0001", "S-C-0002", "NO-SUCH-ID"):
        assert verify(remote, certificate, as_of=SAMPLE_AS_OF).verdict == (
            verify(bundled_store, certificate, as_of=SAMPLE_AS_OF).verdict
        )


SELECTS = sorted(name for name, q in named_queries().items() if q.form == "SELECT")


@pytest.mark.parametrize("name", SELECTS)
def test_every_named_select_query_gives_the_same_rows(remote, bundled_store, name):
    """With their default parameters, bound as VALUES remotely and as substitutions locally."""
    here = run_named(bundled_store, name, row_cap=None, timeout=None)
    there = run_named(remote, name, row_cap=None, timeout=None)
    assert here.variables == there.variables
    skip = SAMPLED.get(name, frozenset())
    assert _rows(here, skip) == _rows(there, skip)


def test_app_search_and_entity_pages_give_the_same_answers(remote, bundled_store):
    search = pytest.importorskip("graph.explore.search")
    for text in ("ukas", "IAF 28", "S-C-00", "Harbourside"):
        assert search.search(remote, text) == search.search(bundled_store, text)
    entity = pytest.importorskip("graph.explore.entity")
    resolve = pytest.importorskip("graph.explore.resolve")
    for text in ("ukas", "S-C-0001", "ISO 9001"):
        iri = resolve.resolve_entity(bundled_store, text)
        assert resolve.resolve_entity(remote, text) == iri
        here, there = entity.describe(bundled_store, iri), entity.describe(remote, iri)
        assert (here.label, here.kind, sorted(map(repr, here.facts))) == (
            there.label,
            there.kind,
            sorted(map(repr, there.facts)),
        )


def test_ad_hoc_queries_ask_and_construct(remote):
    assert sparql.run(remote, "ASK { agd:body\\/ukas a ag:AccreditationBody }").value is True
    graph = sparql.run(remote, "CONSTRUCT { agd:body\\/iso ?p ?o } WHERE { agd:body\\/iso ?p ?o }")
    assert "ISO" in graph.serialize("ttl")


def test_read_only_remote_store_refuses_writes_with_a_clear_message(remote):
    with pytest.raises(StoreError, match=r"read-only.*--update-url"):
        remote.update("CLEAR ALL")
    with pytest.raises(StoreError, match="read-only"):
        import_register(remote, write_register_tmp())


def write_register_tmp():
    import tempfile
    from pathlib import Path

    return write_register(Path(tempfile.mkdtemp()) / "reg", BASE_REGISTER)


def test_import_into_a_writable_remote_store_adds_the_register(tmp_path):
    """INSERT DATA batches (no Graph Store Protocol URL) for the build and the import."""
    with oxigraph_server(tmp_path / "db") as base:
        store = RemoteStore(f"{base}/query", update_url=f"{base}/update", batch=2_000)
        store.clear()
        _, report = build_store("memory")
        from graph.ingest.build import build

        build(store)
        assert len(store) == report.triples
        added = import_register(store, write_register(tmp_path / "reg", BASE_REGISTER))
        assert added.triples > 20
        assert verify(store, "T-C-1", as_of=SAMPLE_AS_OF).verdict.value == "accredited"


def test_bad_register_leaves_a_remote_store_uncleared(tmp_path, server):
    bad = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    bad["certificates.csv"][0]["status"] = "revoked"
    store = open_store(f"{server}/query", update_url=f"{server}/update")
    before = len(store)
    with pytest.raises(Exception, match="revoked"):
        build_store(f"{server}/query", extra=[write_register(tmp_path / "bad", bad)])
    assert len(store) == before


def test_unreachable_endpoint_is_a_clear_store_error():
    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        len(store)


def test_syntax_errors_from_the_engine_are_query_errors(remote):
    with pytest.raises(QueryError, match="400"):
        remote.query("SELECT ?x WHERE { ?x ")


def test_open_store_dispatches_urls_to_the_remote_store(server):
    store = open_store(f"{server}/query")
    assert isinstance(store, RemoteStore) and store.read_only


@pytest.mark.parametrize("fmt", [ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, ox.RdfFormat.N_QUADS])
@pytest.mark.parametrize("graph_store", [True, False])
def test_streamed_dump_of_a_remote_store_holds_the_whole_graph(server, bundled_store, fmt,
                                                               graph_store):  # fmt: skip
    remote = RemoteStore(f"{server}/query",
                         graph_store_url=f"{server}/store" if graph_store else None)  # fmt: skip
    buffer = io.BytesIO()
    remote.dump_to(buffer, fmt)
    parsed = {(q.subject, q.predicate, q.object) for q in ox.parse(buffer.getvalue(), fmt)}
    assert len(parsed) == len(bundled_store)
