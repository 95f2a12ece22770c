"""The explorer's commands: search, entity, draw, path and hubs, as a user would type them."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from graph.cli.main import main
from graph.vocab.mint import body_iri


def test_search_finds_a_body_by_acronym(cli_store, capsys):
    assert main(["--store", cli_store, "search", "UKAS", "--format", "json"]) == 0
    hits = json.loads(capsys.readouterr().out)["hits"]
    assert hits[0]["iri"] == body_iri("ukas") and hits[0]["kind"] == "accreditation-body"


def test_search_filters_by_country_and_standard_and_counts_the_facets(cli_store, capsys):
    from graph.explore.search import find
    from graph.store import open_store

    argv = ["--store", cli_store, "search", "S-C-0", "--country", "gb", "--standard",
            "ISO 9001:2015", "--limit", "500", "--format", "json"]  # fmt: skip
    assert main(argv) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["filters"] == {"country": "GB", "standard": "ISO 9001"}
    truth = find(open_store(cli_store, read_only=True), "S-C-0", limit=1000)
    assert {r["iri"] for r in record["hits"]} <= {h.iri for h in truth.hits}
    assert len(record["hits"]) == record["total"] > 0
    assert record["by_country"]["GB"] == record["by_standard"]["ISO 9001"] == record["total"]
    assert record["total"] < truth.total and record["exact"] is True

    assert main(["--store", cli_store, "search", "S-C-0", "--limit", "1"]) == 0
    err = capsys.readouterr().err
    assert f"of {truth.total}" in err
    assert f"countries: GB {dict(truth.by_country)['GB']}, " in err
    assert f"standards: ISO 9001 {dict(truth.by_standard)['ISO 9001']}, " in err


def test_search_with_an_unknown_country_says_so(cli_store, capsys):
    assert main(["--store", cli_store, "search", "S-C-0", "--country", "Narnia"]) == 1
    assert "unknown country 'Narnia'" in capsys.readouterr().err


def test_search_with_no_hit_exits_3(cli_store, capsys):
    assert main(["--store", cli_store, "search", "zzzz-no-such-thing"]) == 3


def test_entity_shows_facts_and_counted_links(cli_store, capsys):
    assert main(["--store", cli_store, "entity", "ukas", "--links", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("United Kingdom Accreditation Service")
    assert "acronym: UKAS" in out and "links in (" in out


def test_entity_as_turtle(cli_store, capsys):
    assert main(["--store", cli_store, "entity", "ukas", "--format", "ttl"]) == 0
    assert "United Kingdom Accreditation Service" in capsys.readouterr().out


def test_unknown_entity_is_a_clear_error(cli_store, capsys):
    assert main(["--store", cli_store, "entity", "no-such-body-anywhere"]) == 1
    assert "nothing in the graph is called" in capsys.readouterr().err


def test_draw_writes_the_apps_offline_drawing(cli_store, tmp_path, capsys):
    out = tmp_path / "iso9001.html"
    args = ["draw", "ISO 9001", "--kind", "standard", "--kind", "standards-body", "--out"]
    assert main(["--store", cli_store, *args, str(out)]) == 0
    html = out.read_text()
    assert "ISO 9001:2015" in html and 'src="http' not in html
    assert "nodes within 1 links" in capsys.readouterr().out


def test_draw_writes_graphml_for_other_tools(cli_store, tmp_path):
    out = tmp_path / "ukas.graphml"
    assert main(["--store", cli_store, "draw", "ukas", "--cap", "12", "--out", str(out)]) == 0
    graph = nx.read_graphml(out)
    assert body_iri("ukas") in graph and graph.number_of_nodes() <= 12


def test_path_links_a_certificate_to_its_regional_group(cli_store, capsys):
    assert main(["--store", cli_store, "path", "S-C-0001", "ea", "--format", "json"]) == 0
    paths = json.loads(capsys.readouterr().out)
    assert paths and paths[0]["iris"][-1] == body_iri("ea")


def test_path_says_each_link_the_way_the_graph_states_it(cli_store, capsys):
    assert main(["--store", cli_store, "path", "ukas", "S-C-0001"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    clauses = first.split(". ", 1)[1].removesuffix(".").split("; ")
    assert any(c.endswith("was issued by United Kingdom Accreditation Service") for c in clauses)
    assert not any(c.startswith("United Kingdom Accreditation Service was") for c in clauses)


def test_hubs_rank_each_kind(cli_store, capsys):
    assert main(["--store", cli_store, "hubs", "--top", "3", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    standards = [r for r in rows if r["group"] == "standard"]
    assert [r["rank"] for r in standards] == [1, 2, 3]
    pageranks = [r["pagerank"] for r in standards]
    assert pageranks == sorted(pageranks, reverse=True)  # best-connected first


@pytest.mark.parametrize(
    ("file", "text", "kind", "most"),
    [("organisation-names.sqlite", "dairies", "organisation", 2),
     ("numbers.sqlite", "s-c-00", "certificate", 20)],
    ids=["name index", "number index"],
)  # fmt: skip
def test_the_first_search_of_a_store_builds_its_index(tmp_path, capsys, file, text, kind, most):
    """``accredigraph search`` on an on-disk store builds the index its search needs on its
    first search (the organisation name index, graph.explore.name_index; the number index,
    graph.explore.number_index) and answers the same from it afterwards."""
    from graph.explore import name_index, number_index

    assert {name_index.FILE, number_index.FILE} >= {file}
    location = str(tmp_path / "store")
    assert main(["--store", location, "build"]) == 0
    index = tmp_path / "store" / "derived" / file
    assert not index.exists()
    argv = ["--store", location, "search", text, "--kind", kind, "--format", "json"]
    capsys.readouterr()
    assert main(argv) == 0
    first = json.loads(capsys.readouterr().out)
    assert index.is_file()
    assert first["total"] >= most and {h["kind"] for h in first["hits"]} == {kind}
    if kind == "organisation":
        assert all("dair" in h["label"].lower() for h in first["hits"])
    else:
        assert all(h["identifier"].startswith("S-C-00") for h in first["hits"])
    assert main(argv) == 0
    assert json.loads(capsys.readouterr().out) == first


def test_a_search_for_bytes_that_are_not_text_is_refused_with_a_message(cli_store, capsys):
    """An argument the shell passed as bytes that are not UTF-8 (Python decodes them as lone
    surrogates) is said to be no text, with no traceback."""
    assert main(["--store", cli_store, "search", "s-c-\udcff1"]) == 1
    err = capsys.readouterr().err
    assert "error: parameter text: 's-c-\\udcff1' is not text (bytes that are not UTF-8)" in err
    assert "Traceback" not in err
