"""How is X related to Y, and which nodes are the hubs."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.explore.algorithms import Hub, Paths, how_related, hubs
from graph.explore.algorithms.centrality import pagerank
from graph.explore.neighbourhood import projection
from graph.vocab.mint import body_iri, certificate_iri, organisation_iri

UKAS = body_iri("ukas")
CERTIFICATE = certificate_iri("S-C-0001")


@pytest.fixture(scope="module")
def bundled_projection(bundled_store) -> nx.Graph:
    return projection(bundled_store)


def test_a_certificate_reaches_ukas_through_its_cb_and_an_accreditation(bundled_store):
    found = how_related(bundled_store, CERTIFICATE, UKAS)
    assert isinstance(found, Paths)
    path = found.paths[0]
    kinds = [found.graph.nodes[n]["kind"] for n in path]
    assert kinds == ["certificate", "certification-body", "accreditation", "accreditation-body"]
    assert path[1] == body_iri("s-thamesmere-assurance") and path[-1] == UKAS


def test_paths_are_shortest_first_and_at_most_max_paths(bundled_store):
    found = how_related(bundled_store, UKAS, body_iri("dakks"), max_paths=2)
    assert 1 <= len(found.paths) <= 2
    assert [len(p) for p in found.paths] == sorted(len(p) for p in found.paths)
    assert all(p[0] == UKAS and p[-1] == body_iri("dakks") for p in found.paths)


def test_each_step_is_named(bundled_store):
    found = how_related(bundled_store, CERTIFICATE, UKAS, max_paths=1)
    assert found.steps[0][0] == "issuer"
    assert len(found.steps[0]) == len(found.paths[0]) - 1


def test_the_path_graph_is_the_union_of_the_paths(bundled_store):
    found = how_related(bundled_store, CERTIFICATE, UKAS)
    assert set(found.graph) == {n for p in found.paths for n in p}
    assert all("label" in d and "kind" in d for _, d in found.graph.nodes(data=True))


def test_an_organisation_can_be_an_endpoint(bundled_store):
    org = organisation_iri("Lindley Moss Vehicle Bodies plc (sample)", "GB")
    found = how_related(bundled_store, org, UKAS, max_paths=1)
    assert found.paths and found.paths[0][1] == CERTIFICATE


def test_max_depth_bounds_the_paths(bundled_store):
    assert how_related(bundled_store, CERTIFICATE, UKAS, max_depth=1).paths == []


def test_an_unknown_entity_is_related_to_nothing(bundled_store):
    found = how_related(bundled_store, "https://example.org/nothing", UKAS)
    assert found.paths == [] and found.graph.number_of_nodes() == 0


def test_an_entity_is_related_to_itself_by_the_empty_path(bundled_store):
    assert how_related(bundled_store, UKAS, UKAS).paths == [[UKAS]]


def test_hubs_list_the_best_connected_accreditation_bodies(bundled_projection):
    top = hubs(bundled_projection, top=10)
    bodies = top["accreditation-body"]
    assert all(isinstance(h, Hub) for h in bodies) and len(bodies) == 10
    assert UKAS in [h.iri for h in bodies]
    assert [h.pagerank for h in bodies] == sorted((h.pagerank for h in bodies), reverse=True)


def test_hubs_cover_every_kind_and_all_together(bundled_projection):
    top = hubs(bundled_projection, top=3)
    kinds = {d["kind"] for _, d in bundled_projection.nodes(data=True)}
    assert set(top) == kinds | {"all"}
    assert all(len(found) <= 3 for found in top.values())


def test_hubs_of_an_empty_graph_is_empty():
    assert hubs(nx.Graph()) == {}


def test_pagerank_matches_networkx_on_a_weighted_graph(bundled_projection):
    from networkx.algorithms.link_analysis import pagerank_alg

    reference = getattr(pagerank_alg, "_pagerank_python", None)  # networkx's own needs SciPy
    if reference is None:
        pytest.skip("this networkx has no pure-Python PageRank to compare with")
    ours, theirs = pagerank(bundled_projection), reference(bundled_projection)
    assert max(abs(ours[n] - theirs[n]) for n in ours) < 1e-4
    assert sum(ours.values()) == pytest.approx(1.0)


def test_an_endpoint_that_is_not_an_iri_is_a_clear_error(bundled_store):
    from graph.errors import QueryError

    with pytest.raises(QueryError, match="not an IRI"):
        how_related(bundled_store, "not an iri", UKAS)
