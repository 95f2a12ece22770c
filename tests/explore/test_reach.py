"""Issue 15: "showing N of M" is truthful: M is every distinct node within reach, counted once,
or "more than M" when the count stops early (and then it is still true)."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.explore.neighbourhood import merged, neighbourhood
from graph.explore.reach import reach
from graph.query import run_named
from graph.vocab.mint import body_iri, standard_iri

UKAS = body_iri("ukas")
IAF = body_iri("iaf")
ISO_9001_2015 = standard_iri("ISO 9001:2015")


def _within(G: nx.MultiDiGraph, centre: str, depth: int) -> set[str]:
    """The nodes within ``depth`` links of ``centre`` in a fully read neighbourhood."""
    return set(nx.single_source_shortest_path_length(G.to_undirected(), centre, cutoff=depth))


@pytest.mark.parametrize("centre", [UKAS, IAF, ISO_9001_2015])
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_m_is_the_number_of_distinct_nodes_within_reach(bundled_store, centre, depth):
    everything = neighbourhood(bundled_store, centre, depth=depth, cap=100_000, count=False)
    truth = _within(everything.graph, centre, depth)
    drawn = neighbourhood(bundled_store, centre, depth=depth, cap=20)
    assert drawn.shown == 20 or drawn.shown == len(truth)
    assert drawn.total_exact
    assert drawn.total == len(truth), "M counts each node once, however many paths reach it"
    assert drawn.reached == truth


def test_m_with_a_filter_counts_only_what_the_filter_keeps(bundled_store):
    kinds = ["accreditation", "certification-body"]
    everything = neighbourhood(bundled_store, UKAS, depth=2, classes=kinds, cap=100_000,
                               count=False)  # fmt: skip
    drawn = neighbourhood(bundled_store, UKAS, depth=2, classes=kinds, cap=4)
    assert drawn.shown == 4 and drawn.total == everything.shown > 4


def test_a_count_cut_at_the_limit_says_more_than_and_is_true(bundled_store):
    truth = reach(bundled_store, UKAS, depth=2)
    cut = reach(bundled_store, UKAS, depth=2, limit=30)
    assert truth.exact and truth.total > 30
    assert not cut.exact and cut.of == f"more than {cut.total:,}"
    assert cut.total >= 30 and cut.total < truth.total
    assert cut.nodes <= truth.nodes  # every node counted is really within reach


def test_a_count_cut_by_the_query_budget_is_a_true_lower_bound(bundled_store):
    truth = reach(bundled_store, UKAS, depth=3)
    cut = reach(bundled_store, UKAS, depth=3, budget=2)
    assert not cut.exact and cut.nodes <= truth.nodes
    assert cut.total < len(cut.nodes) <= truth.total  # "more than total": at least len(nodes)


def test_a_count_past_its_time_is_a_true_lower_bound(bundled_store):
    """No query starts after the count's seconds (here none: only the centre's is read)."""
    truth = reach(bundled_store, UKAS, depth=2)
    cut = reach(bundled_store, UKAS, depth=2, seconds=0.0)
    assert truth.exact and not cut.exact and cut.nodes <= truth.nodes
    assert len(cut.nodes) == len(reach(bundled_store, UKAS, depth=1).nodes)


def test_a_merged_drawing_counts_nodes_in_both_once(bundled_store):
    one = neighbourhood(bundled_store, UKAS, depth=1, cap=5)
    two = neighbourhood(bundled_store, IAF, depth=1, cap=5)
    both = merged(one, two)
    assert both.total == len(one.reached | two.reached)
    assert both.total < one.total + two.total  # UKAS and IAF are within reach of each other


def test_the_drawing_note_says_n_of_m(bundled_store):
    hood = neighbourhood(bundled_store, UKAS, depth=2, cap=20)
    assert hood.of == f"{len(hood.reached):,}" and hood.capped


def test_a_hub_past_the_limit_is_counted_not_listed(bundled_store, monkeypatch):
    """One level from a node with more neighbours than the limit: the engine counts them and
    none of their IRIs is read; the words are those the IRIs would have given."""
    import graph.explore.reach as module

    truth = reach(bundled_store, UKAS, depth=1)
    read = []
    monkeypatch.setattr(module, "run_named", lambda *a, **k: read.append(a) or run_named(*a, **k))
    cut = reach(bundled_store, UKAS, depth=1, limit=5)
    assert truth.exact and truth.total > 5
    assert not cut.exact and cut.total == 5 and cut.of == "more than 5"
    assert cut.nodes <= truth.nodes
    assert read == [], "no IRI read past the limit"
    # deeper, the same: what lies within two links of a hub is more than the limit too
    deep = reach(bundled_store, UKAS, depth=2, limit=5)
    assert not deep.exact and deep.of == "more than 5" and read == []
    assert reach(bundled_store, UKAS, depth=2).total > truth.total
    small = reach(bundled_store, UKAS, depth=1, limit=truth.total)
    assert small.exact and small.nodes == truth.nodes, "within the limit the IRIs are read"


def test_a_hub_drawn_and_merged_says_more_than(bundled_store, monkeypatch):
    import graph.explore.reach as module

    monkeypatch.setattr(module, "COUNT_LIMIT", 5)
    hub = neighbourhood(bundled_store, UKAS, depth=1, cap=3)
    assert not hub.total_exact and hub.of == "more than 5" and hub.capped
    other = neighbourhood(bundled_store, IAF, depth=1, cap=3)
    both = merged(hub, other)
    assert not both.total_exact and both.total >= 5
