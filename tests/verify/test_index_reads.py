"""A single verification reads a certificate's own statements from the store's index when the
store has one (``graph.store.Lookups.statements``) and by SPARQL otherwise (a remote endpoint):
both paths give the same facts and the same verification, certificate by certificate — a
generated register's (sectors, sources, every status), the bundled sample's, and a visitor's
upload (marked user-supplied)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pyoxigraph as ox
import pytest

from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.query import run_named
from graph.store import Lookups
from graph.verify import verify
from graph.verify.cache import facts_cache
from graph.vocab.mint import certificate_iri
from tests.conftest import SparqlOnly

AS_OF = dt.date(2026, 11, 23)


def _certificates(store) -> list[str]:
    rows = run_named(store, "internal-ids", row_cap=None).records()
    return sorted(r["id"] for r in rows if r["type"].endswith("#Certificate"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("index-reads") / "register"
    generate_register(folder, 300, seed=5)
    store, _ = build_store("memory", extra=[folder])
    return store


@pytest.mark.parametrize("which", ["generated", "workspace"])
def test_index_and_sparql_read_the_same_facts_and_verdicts(which, request):
    store = request.getfixturevalue(which)
    remote_like = SparqlOnly(store)
    assert isinstance(store, Lookups) and not isinstance(remote_like, Lookups)
    ids = _certificates(store)
    assert len(ids) >= (300 if which == "generated" else 2)
    indexed, asked = facts_cache(store), facts_cache(remote_like)
    for identifier in ids:
        by_index = verify(store, identifier, as_of=AS_OF)
        by_sparql = verify(remote_like, identifier, as_of=AS_OF)
        assert replace(by_index, checked_at=None) == replace(by_sparql, checked_at=None), identifier
    certificates = [indexed.certificate(certificate_iri(i)) for i in ids]
    assert certificates == [asked.certificate(certificate_iri(i)) for i in ids]
    assert all(c is not None for c in certificates)
    if which == "workspace":
        assert any(c.user_supplied for c in certificates)


def test_statements_read_the_default_graph_only():
    store, _ = build_store("memory")
    node = "https://w3id.org/accredigraph/id/body/ukas"
    before = store.statements(node)
    assert before and all(isinstance(p, str) for p, _ in before)
    store._store.add(ox.Quad(ox.NamedNode(node), ox.NamedNode("http://e/p"), ox.Literal("x"),
                             ox.NamedNode("http://e/graph")))  # fmt: skip
    assert store.statements(node) == before
    name = "https://schema.org/name"
    assert store.statements(node, predicate=name) == [(p, o) for p, o in before if p == name]
    assert store.statements("https://w3id.org/accredigraph/id/body/no-such-body") == []
