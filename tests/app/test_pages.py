"""The Streamlit explorer, driven headless with ``streamlit.testing.v1.AppTest``.

Every page renders without an exception, and the key interactions work: search leads to an
entity page, the verifier shows its verdicts, a named query with a parameter shows rows, SPARQL
updates are refused, and a bad register is refused with every problem listed and nothing loaded.
The app runs on the bundled graph built in memory (``--store memory``).
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from explorer_pages import PAGE_PATHS
from explorer_pages.common import md
from explorer_pages.data import ImportOutcome, import_files, show_outcome
from explorer_pages.verify import check_upload
from graph.ingest.build import build_store
from graph.query import load_named, run_named
from graph.settings import Settings
from graph.verify.model import LinkName
from graph.verify.record import LINK_WORDS
from graph.vocab.mint import body_iri, certificate_iri, standard_iri
from tests.conftest import BASE_REGISTER

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 120  # seconds: AppTest runs the whole script; the first run builds the graph


@pytest.fixture(autouse=True)
def _memory_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads ``--store`` from its command line: give it the in-memory build."""
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory"])


def open_page(path: str = "", **params: str | list[str]) -> AppTest:
    """Run the app on the page at URL ``path`` with ``params`` as the URL's query parameters.

    ``AppTest.switch_page`` only knows file-based pages; ours are functions registered with
    ``st.navigation``, whose script hash is the hash of their URL path.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    if path:
        at._page_hash = calc_hash(path)
    return at.run()


def test_a_store_that_cannot_be_opened_is_a_plain_message_without_paths(monkeypatch, tmp_path):
    missing = tmp_path / "no-such-store"
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", str(missing)])
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    shown = " ".join(e.value for e in at.error)
    assert "not available" in shown and str(tmp_path) not in shown
    assert not missing.exists()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def texts(at: AppTest) -> str:
    """All Markdown, captions, alerts and titles of the page, as one text."""
    parts = [
        e.value
        for kind in (
            "markdown",
            "caption",
            "success",
            "error",
            "warning",
            "info",
            "title",
            "subheader",
            "header",
            "code",
        )
        for e in at.get(kind)
    ]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("path", ["", *sorted(PAGE_PATHS.values())])
def test_every_page_renders(path: str):
    at = open_page(path)
    assert_clean(at)
    assert at.title, "every page has a title"


def test_learn_steps_draw_the_graph_and_the_misconceptions_show_real_records():
    for step in ("standard", "certify", "accredit", "recognise", "check"):
        at = open_page("learn", step=step)
        assert_clean(at)
        assert at.segmented_control(key="learn.step").value == step
        assert at.get("iframe"), f"step {step} draws a diagram"
        assert any(b.label.startswith("Download this diagram") for b in at.get("download_button"))
    text = texts(at)
    for code in (
        "ISSUER_IS_STANDARDS_BODY",
        "STANDARD_CONFORMITY_ASSESSMENT",
        "STANDARD_GUIDANCE",
        "ISSUER_IS_AB",
    ):
        assert code in text, code
    assert "S\\-C\\-0058" in text or "S-C-0058" in text  # issued by ISO in the sample register


def test_search_leads_to_the_entity_page():
    at = open_page("search", **{"search.text": "UKAS"})
    assert_clean(at)
    pick = at.selectbox(key="search.pick")
    assert any("United Kingdom Accreditation Service" in o for o in pick.options)
    at = pick.set_value(body_iri("ukas")).run()
    assert_clean(at)
    assert at.query_params.get("entity") == body_iri("ukas")
    assert at.title[0].value == "United Kingdom Accreditation Service"


def test_search_says_how_many_match_and_pages_through_them():
    at = open_page("search", **{"search.text": "S-C-0"})
    assert_clean(at)
    caption = " ".join(c.value for c in at.caption)
    assert re.search(r"Matches 1–20 of \d+", caption), caption
    first = at.selectbox(key="search.pick").options
    at = at.number_input(key="search.page").set_value(2).run()
    assert_clean(at)
    caption = " ".join(c.value for c in at.caption)
    assert re.search(r"Matches 21–40 of \d+", caption), caption
    assert not set(at.selectbox(key="search.pick").options) & set(first)


def test_search_forgives_designations_and_countries():
    at = open_page("search", **{"search.text": "ISO 27001"})
    assert_clean(at)
    assert at.selectbox(key="search.pick").options[0].startswith("ISO/IEC 27001")
    at = open_page("search", **{"search.text": "United Kingdom"})
    assert any("United Kingdom Accreditation Service" in o
               for o in at.selectbox(key="search.pick").options)  # fmt: skip


def test_entity_page_shows_facts_links_graph_and_downloads():
    at = open_page("search", entity=body_iri("ukas"))
    assert_clean(at)
    assert at.title[0].value == "United Kingdom Accreditation Service"
    assert at.get("iframe"), "the neighbourhood is drawn"
    labels = [b.label for b in at.get("download_button")]
    assert "Download as Turtle" in labels and "Download as JSON-LD" in labels
    # its values as a static table, escaped (cells are Markdown), not the data grid
    (facts,) = at.table
    values = facts.value.to_dict("records")
    assert {"property": "name", "value": md("United Kingdom Accreditation Service")} in values


def test_entity_page_pages_its_links_25_at_a_time():
    at = open_page("search", entity=standard_iri("ISO 9001:2015"))  # ~90 certificates point here
    assert_clean(at)
    # the links in are drawn when their tab is chosen (the tab is in the URL), not before
    assert not [b for b in at.button if b.key == "search.in.prev"]
    assert at.button(key="search.out.prev").disabled
    at = open_page("search", entity=standard_iri("ISO 9001:2015"), links="Links in")
    assert at.button(key="search.in.prev").disabled
    at = at.button(key="search.in.next").click().run()
    assert_clean(at)
    assert at.query_params.get("in") == "25"
    assert not at.button(key="search.in.prev").disabled


def test_an_entity_url_on_any_page_opens_the_entity_page():
    # The drawings' node lists link to "?entity=<IRI>" relative to the page showing them.
    at = open_page("explore", entity=body_iri("ukas"))
    assert_clean(at)
    assert at.title[0].value == "United Kingdom Accreditation Service"


def test_unknown_entity_says_so():
    at = open_page("search", entity="https://example.org/nothing")
    assert_clean(at)
    assert "No entity with this IRI" in texts(at)


def test_explore_filters_paths_and_hubs():
    at = open_page("explore", **{"explore.kinds": ["accreditation", "certification-body"]})
    assert_clean(at)
    assert at.get("iframe")
    assert at.selectbox(key="explore.node").options, "the nodes drawn can be picked"
    at = at.button(key="explore.example").click().run()
    assert_clean(at)
    assert at.query_params["a"] == certificate_iri("S-C-0001")
    assert any("Thamesmere" in m.value for m in at.markdown), "a path in words"
    at = open_page("explore", **{"explore.hubs": "true", "explore.standard": "ISO 99999"})
    assert_clean(at)
    assert at.error, "an unknown standard is a clear error"
    assert len(at.dataframe) >= 3, "hub tables per kind"


def test_verify_an_accredited_sample_certificate():
    at = open_page("verify", **{"verify.certificate": "S-C-0001", "verify.as_of": "2026-11-23"})
    assert_clean(at)
    assert "Accredited" in at.success[0].value
    text = texts(at)
    assert "CERT_IN_FORCE" in text and "MLA_SIGNATORY" in text
    assert at.get("iframe"), "the chain is drawn"
    assert any("evidence pack" in b.label for b in at.get("download_button"))
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))


def test_every_link_has_words_on_the_verify_page():
    assert list(LINK_WORDS) == list(LinkName)


def test_verify_a_certificate_issued_by_iso_is_invalid():
    at = open_page("verify", **{"verify.certificate": "S-C-0058", "verify.as_of": "2026-11-23"})
    assert_clean(at)
    assert "Invalid" in at.error[0].value
    assert "ISSUER_IS_STANDARDS_BODY" in texts(at)


def test_verify_an_unknown_certificate():
    at = open_page("verify", **{"verify.certificate": "NO-SUCH-1", "verify.as_of": "2026-11-23"})
    assert_clean(at)
    assert "Unknown" in at.info[0].value
    assert "CERT_NOT_FOUND" in texts(at)


def test_verify_picks_a_sample_case():
    at = open_page("verify")
    pick = at.selectbox(key="verify.pick")
    assert any(o.startswith("S-C-0058") for o in pick.options)
    at = pick.set_value("S-C-0058").run()
    assert_clean(at)
    assert at.text_input(key="verify.certificate").value == "S-C-0058"


def test_verify_a_supplier_list():
    at = open_page("verify", **{"verify.as_of": "2026-11-23"})
    csv = b"certificate\nS-C-0001\nS-C-0058\nNO-SUCH-1\n"
    at.file_uploader(key="verify.upload").upload("suppliers.csv", csv, "text/csv")
    at = at.run()
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["accredited"] == "1" and metrics["invalid"] == "1"
    assert metrics["unknown"] == "1"
    assert any(b.label.startswith("Download the verdicts") for b in at.get("download_button"))
    # no download reruns the page (a rerun revokes the other made-on-click files mid-click)
    assert all(b.proto.ignore_rerun for b in at.get("download_button"))


def test_a_bad_supplier_list_is_refused_with_its_problems():
    at = open_page("verify")
    at.file_uploader(key="verify.upload").upload("suppliers.csv", b"who\nx\n", "text/csv")
    at = at.run()
    assert_clean(at)
    assert "nothing was checked" in at.error[0].value


def test_upload_limit_message():
    assert check_upload("big.csv", 10) is None
    message = check_upload("big.csv", Settings().upload_limit + 1)
    assert message is not None and "largest upload accepted is 50 MB" in message


def test_named_query_with_a_parameter_shows_rows():
    at = open_page("sparql", named="cbs-accredited-by", **{"p.ab": "ukas"})
    assert_clean(at)
    table = at.dataframe[0].value
    assert len(table) > 0
    assert set(table["cbId"]) >= {"s-northwind-cert"}
    assert "named=cbs-accredited-by" in texts(at)


def _share_link(at: AppTest) -> dict[str, str]:
    """The query parameters of the page's "this link" (the link that reproduces the result)."""
    links = [m.value for m in at.markdown if m.value.startswith("[`?")]
    assert len(links) == 1, links
    found = re.fullmatch(r"\[`\?([^`]*)`\]\(\?([^)]*)\)", links[0])
    assert found and found.group(1) == found.group(2), links[0]
    return {k: v[0] for k, v in parse_qs(found.group(2), keep_blank_values=True).items()}


@pytest.mark.parametrize(
    "params",
    [
        {"named": "cbs-accredited-by", "p.ab": "ukas"},
        {"query": 'SELECT ?s ?name WHERE { ?s <http://schema.org/name> ?name '
                  'FILTER(CONTAINS(?name, "(") || ?name = "a & b") } ORDER BY ?s LIMIT 5'},
    ],
    ids=["named", "own"],
)  # fmt: skip
def test_the_share_link_reopens_the_same_result(params):
    at = open_page("sparql", **params)
    assert_clean(at)
    link = _share_link(at)
    assert link == params
    again = open_page("sparql", **link)
    assert_clean(again)
    assert again.dataframe[0].value.equals(at.dataframe[0].value)


def test_the_query_text_is_drawn_when_its_expander_opens():
    """Closed, the expander holds nothing (no code box: its highlighter costs a first visit
    0.2 s in the browser); opened, it shows the named query's text."""
    at = open_page("sparql", named="cbs-accredited-by", **{"p.ab": "ukas"})
    assert_clean(at)
    assert [e.label for e in at.expander] == ["The query text"]
    assert not at.code
    at.session_state["sparql.text.cbs-accredited-by"] = True
    at = at.run()
    assert_clean(at)
    assert [c.value for c in at.code] == [load_named("cbs-accredited-by").text.strip()]
    assert len(at.dataframe[0].value) > 0


def test_named_query_from_the_library_and_its_form():
    at = open_page("sparql")
    at = at.radio(key="sparql.lib.buyer").set_value("cb-accreditations").run()
    assert_clean(at)
    assert at.query_params.get("named") == "cb-accreditations"
    at.text_input(key="sparql.p.cb-accreditations.cb").input("s-northwind-cert")
    at = at.get("form_submit_button")[0].click().run()
    assert_clean(at)
    assert at.query_params.get("p.cb") == "s-northwind-cert"
    assert len(at.dataframe[0].value) > 0


def test_adhoc_select_and_truncation_notice():
    at = open_page("sparql", query="SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert_clean(at)
    assert len(at.dataframe[0].value) == Settings().row_cap
    assert any("Truncated at 1000 rows" in w.value for w in at.warning)


def test_sparql_updates_are_refused():
    at = open_page("sparql", query="DELETE WHERE { ?s ?p ?o }")
    assert_clean(at)
    assert "Updates are refused" in at.error[0].value


def test_sparql_time_limit_message(monkeypatch: pytest.MonkeyPatch):
    import explorer_pages.sparql as sparql_page

    monkeypatch.setattr(sparql_page, "SETTINGS", Settings(query_timeout=0.0))
    at = open_page("sparql", query="SELECT ?s WHERE { ?s ?p ?o } # timeout test")
    assert_clean(at)
    assert "time limit" in at.error[0].value


def test_sparql_syntax_error_is_shown():
    at = open_page("sparql", query="SELECT WHERE {")
    assert_clean(at)
    assert at.error


def test_construct_is_drawn_and_downloadable():
    iri = certificate_iri("S-C-0001")
    at = open_page("sparql", query=f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}")
    assert_clean(at)
    assert at.get("iframe")
    labels = [b.label for b in at.get("download_button")]
    assert "Turtle" in labels and "JSON-LD" in labels


@pytest.mark.slow
def test_data_page_tabs():
    at = open_page("data", **{"data.tab": "Counts"})
    assert_clean(at)
    assert at.table and not at.dataframe
    at = open_page("data", **{"data.tab": "Ontology"})
    assert_clean(at)
    assert at.dataframe
    at = open_page("data", **{"data.tab": "Data quality", "data.validate": "true"})
    assert_clean(at)
    assert at.success or at.dataframe


def test_counts_of_a_small_graph_list_every_class():
    at = open_page("data", **{"data.tab": "Counts"})
    assert_clean(at)
    assert [m.label for m in at.metric][:2] == ["Certificate", "Certified organisation"]
    assert at.table


def test_the_class_counts_are_the_class_partition_written_at_build():
    """Every class is counted at once at any size: the table is the build-time partition."""
    from graph.query import run_named
    from graph.workspace import open_workspace

    at = open_page("data", **{"data.tab": "Counts"})
    assert_clean(at)
    shown = {r["class"]: r["count"] for r in at.table[0].value.to_dict("records")}
    stored = run_named(open_workspace("memory", quiet=True), "class-counts").records()
    assert shown == {md(str(r["label"])): int(r["count"]) for r in stored}


def test_importing_a_bad_register_in_the_app_lists_every_problem():
    at = open_page("data", **{"data.tab": "Import a register"})
    bad = (
        b"id,organisation,country,certification_body,standard,sectors,issued,valid_until,"
        b"status,scope\nX-1,Acme,GB,no-such-cb,ISO 9001,17,2025-13-01,2028-01-01,valid,s\n"
    )
    at.file_uploader(key="data.upload").upload("certificates.csv", bad, "text/csv")
    at = at.run()
    at = at.button(key="data.import").click().run()
    assert_clean(at)
    assert "nothing was loaded" in at.error[0].value
    problems = at.code[0].value
    assert "certificates.csv:2:" in problems
    assert "no-such-cb" in problems and "2025-13-01" in problems


def _csv(rows: list[dict[str, str]]) -> bytes:
    columns = list(rows[0])
    lines = [",".join(columns)] + [",".join(r[c] for c in columns) for r in rows]
    return ("\n".join(lines) + "\n").encode()


def test_import_files_loads_a_good_register_and_refuses_a_bad_one_whole():
    store, _ = build_store("memory")
    before = len(store)
    bad = {
        **BASE_REGISTER,
        "certificates.csv": [{**BASE_REGISTER["certificates.csv"][0], "issued": "not a date"}],
    }
    outcome = import_files(store, [(n, _csv(rows)) for n, rows in bad.items()])
    assert not outcome.loaded
    assert any(p.startswith("certificates.csv:2: issued:") for p in outcome.problems)
    assert len(store) == before, "a failed import changes nothing"

    outcome = import_files(
        store, [(n, _csv(r)) for n, r in BASE_REGISTER.items()] + [("notes.txt", b"hello")]
    )
    assert outcome.loaded, outcome
    assert outcome.ignored == ["notes.txt"]
    assert len(store) > before
    rows = run_named(store, "certificates-of-cb", {"cb": "t-cb"}).records()
    assert [r["id"] for r in rows] == ["T-C-1"]


def test_import_files_refuses_too_much_and_strangers():
    store, _ = build_store("memory")
    assert (
        "largest upload accepted"
        in import_files(store, [("certificates.csv", b"x" * 11)], limit=10).message
    )
    outcome = import_files(store, [("readme.md", b"hello")])
    assert not outcome.loaded and outcome.ignored == ["readme.md"]


def test_show_outcome_renders_every_problem():
    def script() -> None:
        from explorer_pages.data import ImportOutcome, show_outcome

        show_outcome(
            ImportOutcome(
                False,
                "2 problem(s) found; nothing was loaded.",
                [
                    "certificates.csv:2: issued: not a date: 'x'",
                    "certificates.csv:3: status: not a code: '<b>'",
                ],
            )
        )

    at = AppTest.from_function(script).run()
    assert "nothing was loaded" in at.error[0].value
    assert at.code[0].value.count("certificates.csv:") == 2
    assert ImportOutcome and show_outcome  # imported for the reader: the functions under test


def test_data_from_the_graph_is_escaped_in_markdown():
    from explorer_pages.common import md

    assert md("[click](http://evil.example) <b>x</b> *y*") == (
        "\\[click\\]\\(http\\:\\/\\/evil\\.example\\) \\<b\\>x\\<\\/b\\> \\*y\\*"
    )


def test_hostile_names_from_a_register_are_shown_as_text(tmp_path, monkeypatch, make_register):
    from graph.vocab.mint import organisation_iri

    name = "Evil ![x](http://evil.example/x.png) <img src=x onerror=alert(1)> [Ltd](http://e.x)"
    register = {
        **BASE_REGISTER,
        "certificates.csv": [{**BASE_REGISTER["certificates.csv"][0], "organisation": name}],
    }
    store_dir = tmp_path / "store"
    store, _ = build_store(str(store_dir), extra=[make_register(register)])
    store.close()
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", str(store_dir)])
    at = open_page("search", entity=organisation_iri(name, "GB"))
    assert_clean(at)
    title = at.title[0].value
    # Every Markdown or HTML character from the data is backslash-escaped: shown, not obeyed.
    assert re.search(r"(?<!\\)[<>\[\]()!]", title) is None, title
    assert title.startswith("Evil \\!\\[x\\]\\(http")
    at = open_page("verify", **{"verify.certificate": "T-C-1", "verify.as_of": "2026-11-23"})
    assert_clean(at)
    organisation = next(m.value for m in at.markdown if "Organisation:" in m.value)
    assert "Evil" in organisation
    assert re.search(r"(?<!\\)[<>\[\]()!]", organisation.split("Organisation:")[1]) is None


def test_the_sparql_page_makes_no_connection_and_refuses_deep_nesting_in_words():
    """Issue 12: every SERVICE attack and 10,000 nested brackets, typed into the editor."""
    from tests.servers import ConnectionRecorder
    from tests.test_security import DEEP, SERVICE_ATTACKS, X, _no_leak

    recorder = ConnectionRecorder()
    try:
        attacks = [t.format(url=recorder.url) for t in SERVICE_ATTACKS.values()]
        for query in [*attacks, *DEEP.values(), X + "SELECT * WHERE { BIND(x:a\\#b AS ?h) "]:
            at = open_page("sparql", query=query)
            assert_clean(at)
            assert at.error, query[:80]
            _no_leak(texts(at))
        time.sleep(0.3)
        assert recorder.connections == 0
    finally:
        recorder.close()
