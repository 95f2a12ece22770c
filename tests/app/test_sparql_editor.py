"""The SPARQL page for analysts (issue 15), driven headless with AppTest: the editor is given
this graph's vocabulary and the syntax error's place, examples are right (each checked against
a count made another way), IRIs are ``prefix:local`` links, results with countries get a map
whose numbers land on the right countries, and every row can be downloaded.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from explorer_pages.sparql import EXAMPLES
from explorer_pages.sparql_results import display_records, entity_url
from graph.settings import Settings
from graph.sparql import Rows
from graph.vocab.namespaces import AG, RDF, SCHEMA
from graph.workspace import open_workspace
from tests.app.test_pages import assert_clean, open_page

DATA = Path(__file__).resolve().parents[2] / "data"


def _editor_args(at) -> dict:
    (editor,) = [
        e for e in at.get("component_instance") if "sparql_editor" in e.proto.component_name
    ]
    return json.loads(editor.proto.json_args)


@pytest.fixture(scope="module")
def bundled() -> rdflib.Dataset:
    """The graph the app reads (``--store memory``), loaded into rdflib: counts made without
    our SPARQL engine."""
    store = open_workspace("memory", quiet=True)
    dataset = rdflib.Dataset()
    dataset.parse(data=store.dump(ox.RdfFormat.N_QUADS), format="nquads")
    return dataset


# --- the editor -------------------------------------------------------------------------------


def test_a_typo_on_line_3_is_shown_on_line_3_in_the_message_and_in_the_editor():
    at = open_page("sparql", query="SELECT ?s\nWHERE { ?s ?p ?o }\nLIMIT ten")
    assert_clean(at)
    message = at.error[0].value.replace("\\", "")
    assert "line 3, column 7" in message and "expected" in message
    marker = _editor_args(at)["error"]
    assert (marker["line"], marker["column"]) == (3, 7)
    assert "unexpected 'ten'" in marker["message"]


def test_the_editor_completes_this_graphs_prefixes_classes_and_properties():
    at = open_page("sparql")
    assert_clean(at)
    options = {o["label"]: o for o in _editor_args(at)["completions"]}
    assert options["ag:"]["type"] == "namespace"
    assert options["ag:Certificate"]["type"] == "class"
    assert options["org:member"]["type"] == "property"
    assert options["SELECT"]["type"] == "keyword"
    assert "uses" in options["ag:Certificate"]["detail"]


def test_the_editor_shows_the_example_without_a_hidden_prefix_block():
    at = open_page("sparql")
    assert_clean(at)
    shown = _editor_args(at)["text"]
    assert shown == EXAMPLES["ea-members"][1] and "PREFIX" not in shown
    assert not at.dataframe  # nothing runs until asked


# --- examples that are right ------------------------------------------------------------------


def test_the_ea_members_example_counts_every_current_membership_in_the_source_table():
    with (DATA / "accreditation_bodies.csv").open(encoding="utf-8") as f:
        bodies = {row["id"] for row in csv.DictReader(f)}
    with (DATA / "memberships.csv").open(encoding="utf-8") as f:
        members = {
            row["member"]
            for row in csv.DictReader(f)
            if row["organisation"] == "ea"
            and row["member"] in bodies
            and not (row["valid_until"] and row["valid_until"] < dt.date.today().isoformat())
        }  # a membership that ended (BSCA's, 2023-05-23) is left out
    at = open_page("sparql", example="ea-members")
    assert_clean(at)
    table = at.dataframe[0].value
    shown = {re.search(r"#agd:body/(.+)$", link).group(1) for link in table["ab"]}
    assert len(table) == len(members) == len(shown)
    assert shown == members
    assert len(members) > 10  # the confirmed-only shortcut (org:memberOf) gave 10


def test_the_bodies_per_country_example_matches_a_count_made_with_rdflib(bundled):
    expected = Counter()
    address, country = rdflib.URIRef(SCHEMA + "address"), rdflib.URIRef(SCHEMA + "addressCountry")
    for ab in set(bundled.subjects(rdflib.RDF.type, rdflib.URIRef(AG + "AccreditationBody"))):
        countries = {c for a in bundled.objects(ab, address) for c in bundled.objects(a, country)}
        for code in countries:
            expected[str(code)] += 1
    assert len(expected) > 20  # bodies in many countries: an empty answer cannot pass
    at = open_page("sparql", example="bodies-per-country")
    assert_clean(at)
    table = at.dataframe[0].value
    assert dict(zip(table["country"], table["bodies"], strict=True)) == dict(expected)
    assert str(rdflib.RDF.type) == RDF + "type"


# --- results ----------------------------------------------------------------------------------


def test_iris_are_compact_links_to_their_entity_pages():
    at = open_page("sparql", example="ea-members")
    assert_clean(at)
    table = at.dataframe[0].value
    ukas = next(v for v in table["ab"] if v.endswith("#agd:body/ukas"))
    assert ukas.startswith("search?entity=https%3A%2F%2Fw3id.org%2Faccredigraph%2Fid%2Fbody%2Fukas")
    config = json.loads(at.dataframe[0].proto.columns)
    assert config["ab"]["type_config"]["type"] == "link"
    assert "name" not in config  # literals stay text
    assert "United Kingdom Accreditation Service" in set(table["name"])


def test_display_records_links_only_the_iri_columns():
    iri = "https://w3id.org/accredigraph/def#Certificate"
    rows = display_records([{"c": iri, "label": iri}], ["c"])
    assert rows == [{"c": entity_url(iri), "label": iri}]
    assert entity_url(iri).endswith("#ag:Certificate")


def test_a_result_with_countries_gets_a_map_with_the_counts_on_the_right_countries(bundled):
    at = open_page("sparql", example="bodies-per-country")
    assert_clean(at)
    # the map is drawn when its tab is chosen (the tab is in the URL), not on a first visit
    assert not any("data-country" in f.proto.srcdoc for f in at.get("iframe"))
    table = at.dataframe[0].value
    mapped = open_page("sparql", example="bodies-per-country", view="Map")
    assert_clean(mapped)
    assert not mapped.dataframe, "only the chosen view is drawn"
    svg = next(f.proto.srcdoc for f in mapped.get("iframe") if "data-country" in f.proto.srcdoc)
    drawn = {m.group(1): float(m.group(2)) for m in re.finditer(
        r'data-country="([A-Z]{2})" data-value="([0-9.]+)"', svg)}  # fmt: skip
    expected = {c: float(n) for c, n in zip(table["country"], table["bodies"], strict=True)}
    from graph.drawing import world_outlines

    on_map = {o.code for o in world_outlines()[0]}
    assert drawn == {c: n for c, n in expected.items() if c in on_map}
    assert drawn["GB"] == expected["GB"] >= 1
    for small in set(expected) - on_map:  # too small for 1:110m: named under the map instead
        assert f"{small} (" in svg.split("not drawn at this scale")[1]


def test_a_result_without_countries_has_no_map():
    at = open_page("sparql", query="SELECT ?s WHERE { ?s a ag:Standard } LIMIT 5", view="Map")
    assert_clean(at)
    assert not any("data-country" in f.proto.srcdoc for f in at.get("iframe"))
    assert at.dataframe, "a view the result does not have falls back to the table"


def test_a_cut_result_downloads_every_row_on_request(bundled):
    at = open_page("sparql", query="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert_clean(at)
    assert len(at.dataframe[0].value) == Settings().row_cap
    assert any("first 1,000 rows" in c.value for c in at.caption)
    at = at.button(key="sparql.all.go").click().run()
    assert_clean(at)
    triples = len(set(bundled.triples((None, None, None))))  # all in the default graph
    ready = next(c.value for c in at.caption if "ready to download" in c.value)
    assert int(re.search(r"All ([\d,]+) rows", ready).group(1).replace(",", "")) == triples
    labels = [b.label for b in at.get("download_button")]
    assert {"CSV", "TSV", "SPARQL JSON", "SPARQL XML"} <= set(labels)


def test_a_whole_result_says_its_downloads_hold_every_row():
    at = open_page("sparql", example="ea-members")
    assert_clean(at)
    n = len(at.dataframe[0].value)
    assert any(f"Download all {n} rows" in c.value for c in at.caption)


def test_a_shown_result_writes_no_download_file_until_one_is_asked_for(monkeypatch):
    # a result's four files are written when their button is clicked, not with every run
    written: list[object] = []
    encode = Rows.encode
    monkeypatch.setattr(Rows, "encode", lambda self, fmt: written.append(fmt) or encode(self, fmt))
    # a text of its own: no earlier test's cached answer
    at = open_page("sparql", query="SELECT ?s WHERE { ?s a ag:Standard } LIMIT 7 # files later")
    assert_clean(at)
    assert len(at.dataframe[0].value) == 7 and written == []
    buttons = {b.proto.label: b.proto for b in at.get("download_button")}
    assert all(buttons[k].deferred_file_id for k in ("CSV", "TSV", "SPARQL JSON", "SPARQL XML"))
