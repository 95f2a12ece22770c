"""The Learn page for a projector, driven headless with ``AppTest``: presentation mode and its
URL, Previous / Next, the recognition step's drawing (UKAS → its IAF MLA signatory record → the
IAF MLA ← the Global ACI MRA), the date the page states, SVG and PNG downloads, label sizes in
the drawings' options, and a glossary that defines every term the texts use, once."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from explorer_pages.glossary import GLOSSARY, lookup, marked_terms, render
from explorer_pages.lessons import MISCONCEPTIONS, STEPS
from explorer_pages.story import shown_date, step_after
from graph.vocab.mint import body_iri
from graph.vocab.namespaces import AGD

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 120
KEYS = [s.key for s in STEPS]


@pytest.fixture(autouse=True)
def _memory_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory"])


def learn(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params.update(params)
    at._page_hash = calc_hash("learn")
    return at.run()


def drawn(at: AppTest, index: int = 0) -> tuple[dict[str, dict], list[dict], dict]:
    """The nodes (by id), edges and vis options of the ``index``-th diagram on the page."""
    page = at.get("iframe")[index].proto.srcdoc
    match = re.search(r"var nodeData = (\[.*?\]), edgeData = (\[.*?\]);", page, re.DOTALL)
    options = re.search(r"new vis\.DataSet\(edgeData\)\},\s*(\{.*?\})\);", page, re.DOTALL)
    assert match and options
    nodes = {n["id"]: n for n in json.loads(match.group(1))}
    return nodes, json.loads(match.group(2)), json.loads(options.group(1))


def words(at: AppTest) -> str:
    kinds = ("markdown", "caption", "title", "subheader", "header")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


# --- presentation mode ------------------------------------------------------------------------


def test_presentation_mode_shows_one_step_alone_with_previous_and_next():
    at = learn(present="1", step="accredit")
    assert not at.exception
    assert [t.value for t in at.title] == ["3. An accreditation body accredits the CB"]
    assert not at.get("segmented_control"), "no step selector: one step at a time"
    assert "Five things people get wrong" not in words(at)  # nor the rest of the page
    assert "Step 3 of 5" in words(at)
    assert len(at.get("iframe")) == 1
    assert at.button(key="learn.previous").proto.shortcut.lower() == "left"
    assert at.button(key="learn.next").proto.shortcut.lower() == "right"


def test_next_and_previous_move_through_the_story_in_the_url():
    at = learn(present="1", step="standard")
    assert at.button(key="learn.previous").disabled
    seen = ["standard"]
    for _ in range(len(KEYS) - 1):
        at.button(key="learn.next").click().run()
        assert not at.exception
        assert at.query_params["present"] == "1"
        seen.append(at.query_params["step"])
        assert at.title[0].value == STEPS[len(seen) - 1].title
    assert seen == KEYS
    assert at.button(key="learn.next").disabled
    at.button(key="learn.previous").click().run()
    assert at.query_params["step"] == "recognise"


def test_step_after_stays_within_the_story():
    assert [step_after(k, 1) for k in KEYS] == [*KEYS[1:], KEYS[-1]]
    assert [step_after(k, -1) for k in KEYS] == [KEYS[0], *KEYS[:-1]]
    assert step_after("no-such-step", 1) == KEYS[1]


def test_an_unknown_step_in_the_url_shows_the_first():
    at = learn(present="1", step="<script>")
    assert not at.exception and at.title[0].value == STEPS[0].title


def test_the_page_links_to_presentation_mode_of_the_step_shown():
    at = learn(step="recognise")
    links = [e.proto for e in at.get("page_link") if "Present" in e.proto.label]
    assert links and links[0].query_string == "present=1&step=recognise"


# --- the recognition step ---------------------------------------------------------------------


def test_step_4_draws_the_ab_signing_the_iaf_mla_that_the_global_aci_mra_replaced():
    at = learn(step="recognise")
    assert not at.exception
    nodes, edges, _ = drawn(at)
    ukas, signatory = body_iri("ukas"), f"{AGD}signatory/ukas/iaf-mla"
    mla, mra = f"{AGD}arrangement/iaf-mla", f"{AGD}arrangement/global-aci-mra"
    links = {(e["from"], e["to"], e["label"]) for e in edges}
    assert (signatory, ukas, "signatory") in links
    assert (signatory, mla, "arrangement") in links
    # the two links of that pair are one line, both labels on it ("replaces · carriesOver")
    joined = [set(label.split(" · ")) for a, b, label in links if (a, b) == (mra, mla)]
    assert joined == [{"replaces", "carriesOver"}]
    # the picture is placed by hand: every node where the step says, no link drawn twice
    assert all("x" in node and "y" in node for node in nodes.values())
    assert len(links) == len({(a, b) for a, b, _ in links})
    labels = {n["label"] for n in nodes.values()}
    assert {"UKAS", "IAF MLA", "Global ACI MRA", "Global ACI"} <= labels
    assert not any("GAC" in label.split() for label in labels)


def test_step_4_states_the_date_and_the_arrangement_in_force_on_it():
    text = words(learn(step="recognise"))
    date = shown_date().isoformat()
    assert f"As of {date}" in text
    assert "Global ACI MRA" in text and "carried over" in text
    # "GAC" appears only to say it is not Global ACI's name, or which body it is
    gac = [text[max(0, m.start() - 40) : m.end() + 40] for m in re.finditer(r"\bGAC\b", text)]
    assert gac and all(re.search(r"never|not|Gulf", g) for g in gac), gac


# --- drawings for a projector and for slides -------------------------------------------------


@pytest.mark.parametrize("key", KEYS)
def test_every_step_draws_labels_of_16_px_and_offers_html_svg_and_png(key: str):
    at = learn(step=key)
    assert not at.exception
    _, _, options = drawn(at)
    assert options["nodes"]["font"]["size"] >= 16
    assert options["edges"]["font"]["size"] >= 16
    labels = [d.proto.label for d in at.get("download_button")]
    assert any(label.startswith("Download this diagram (HTML") for label in labels)
    assert "SVG (for slides)" in labels and "PNG (for slides)" in labels, labels
    # a download reruns nothing: a rerun would revoke the other buttons' files mid-click
    assert all(d.proto.ignore_rerun for d in at.get("download_button")), labels


# --- the glossary -----------------------------------------------------------------------------

#: Terms the issue asks the glossary to cover (and the pages use).
REQUIRED = ["AB", "CB", "MLA", "Global ACI MRA", "IAF sector", "scope", "accreditation",
            "certification", "IAF MLA", "signatory", "regional group", "certificate"]  # fmt: skip
#: Organisations and places the texts name as examples (entities, not terms).
NAMED = {"ISO", "IEC", "UKAS", "ANAB", "ANSI", "EA", "APAC", "IAAC", "AFRAC", "ARAC", "SADCA",
         "UK", "US", "GAC", "ACI", "ILAC"}  # fmt: skip


def _texts() -> list[str]:
    return [s.text for s in STEPS] + [m.truth for m in MISCONCEPTIONS]


def test_every_term_the_texts_mark_is_in_the_glossary():
    marked = [term for text in _texts() for term in marked_terms(text)]
    assert len(marked) > 20
    missing = [term for term in marked if lookup(term) is None]
    assert missing == []


def test_the_glossary_covers_the_terms_the_issue_names():
    assert [t for t in REQUIRED if lookup(t) is None] == []


def test_every_acronym_in_the_texts_is_a_glossary_term_or_a_named_organisation():
    acronyms = {a for text in _texts() for a in re.findall(r"\b[A-Z]{2,}\b", render(text))}
    assert {"AB", "CB", "MLA"} <= acronyms
    undefined = sorted(a for a in acronyms if lookup(a) is None and a not in NAMED)
    assert undefined == []


def test_no_term_is_defined_twice():
    names = [" ".join(n.casefold().replace("-", " ").split())
             for t in GLOSSARY for n in (t.name, *t.also)]  # fmt: skip
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    iris = [t.iri for t in GLOSSARY if t.iri]
    assert len(iris) == len(set(iris))


def test_the_glossary_is_drawn_when_opened_and_its_url_opens_it():
    # closed, it sends no card (27 of them were most of the page's elements on a first visit)
    at = learn()
    assert not at.exception
    assert [e.label for e in at.expander] == [f"The {len(GLOSSARY)} terms"]
    assert "**accreditation body**" not in [str(e.value) for e in at.markdown]
    opened = learn(glossary="true")
    assert not opened.exception
    assert "**accreditation body**" in [str(e.value) for e in opened.markdown]


def test_the_page_shows_each_glossary_term_once_and_says_global_aci_not_gac():
    at = learn(glossary="true")
    assert not at.exception
    shown = [str(e.value) for e in at.markdown]
    for term in GLOSSARY:
        heading = f"**{term.name}**"
        assert shown.count(heading) == 1 or shown.count(heading.replace("-", "\\-")) == 1, term.name
    definition = lookup("Global ACI")
    assert definition is not None and "not GAC" in definition.meaning
