"""Issue 15 in the app (AppTest): every view a URL, ids in any case, expanding a node in place,
a truthful "showing N of M" and path sentences the right way round. The browser side (address
bar, reload, Back, clicks in the drawing) is tests/e2e/test_urls.py."""

from __future__ import annotations

import sys

import pytest

from graph.explore.reach import reach
from graph.ingest.build import build_store
from graph.vocab.mint import body_iri, certificate_iri
from tests.app.test_pages import assert_clean, open_page, texts

UKAS, EA = body_iri("ukas"), body_iri("ea")


@pytest.fixture(autouse=True)
def _memory_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory"])


def _node_options(at) -> list[str]:
    return list(at.selectbox(key="explore.node").options)


@pytest.mark.parametrize("typed", ["UKAS", "ukas", "https://w3id.org/accredigraph/id/body/UKAS"])
def test_an_entity_url_takes_an_id_in_any_case_and_keeps_the_iri(typed):
    at = open_page("search", entity=typed)
    assert_clean(at)
    assert at.title[0].value == "United Kingdom Accreditation Service"
    entity = at.query_params["entity"]
    assert (entity[0] if isinstance(entity, list) else entity) == UKAS


def test_a_certificate_number_in_lower_case_opens_its_page():
    at = open_page("search", entity="s-c-0001")
    assert_clean(at)
    assert at.title[0].value.replace("\\", "").startswith("Certificate S-C-0001")


def test_the_explore_focus_takes_an_id_in_any_case():
    at = open_page("explore", focus="EA", **{"explore.depth": "1"})
    assert_clean(at)
    focus = at.query_params["focus"]
    assert (focus[0] if isinstance(focus, list) else focus) == EA


def test_expand_adds_a_nodes_neighbours_in_place_and_can_be_undone():
    before = open_page("explore", **{"explore.depth": "1"})
    at = open_page("explore", expand=EA, **{"explore.depth": "1"})
    assert_clean(at)
    assert "Expanded in place: 1 node" in texts(at)
    grown = set(_node_options(at)) - set(_node_options(before))
    assert len(grown) > 10, "EA's members are drawn around it"
    at = at.button(key="expand.clear").click().run()
    assert_clean(at)
    assert "expand" not in at.query_params
    assert set(_node_options(at)) == set(_node_options(before))


def test_an_expand_that_is_not_an_iri_is_ignored():
    at = open_page("explore", expand="javascript:alert(1)", **{"explore.depth": "1"})
    assert_clean(at)
    assert "Expanded in place" not in texts(at)


def test_showing_n_of_m_counts_every_node_within_reach_once():
    store, _ = build_store("memory")
    truth = reach(store, UKAS, depth=2).total
    at = open_page("explore", **{"explore.depth": "2", "explore.cap": "20"})
    assert_clean(at)
    assert f"Showing 20 of {truth:,} nodes" in texts(at)


def test_path_sentences_read_the_way_the_graph_states_each_link():
    at = open_page("explore", a=certificate_iri("S-C-0001"), b=UKAS, **{"explore.depth": "1"})
    assert_clean(at)
    text = texts(at).replace("\\", "")
    assert "was issued by United Kingdom Accreditation Service" in text
    assert "was granted to Thamesmere Assurance Ltd (sample)" in text
    clauses = [c.strip("- .") for line in text.splitlines() for c in line.split("; ")]
    assert not [c for c in clauses if c.startswith("Thamesmere Assurance Ltd (sample) was ")]
