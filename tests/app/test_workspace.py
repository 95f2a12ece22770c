"""Issue 12, in the app: a visitor's upload goes into their own workspace, never into the shared
graph (unless the operator started the app with ``--allow-import``), and is invisible to every
other session; look-alikes of bundled bodies are refused; verdicts and entity pages resting on
the upload say so."""

from __future__ import annotations

import csv
import io
import sys
from urllib.parse import quote

import pytest

import explorer_pages.data as data_page
from explorer_pages.common import MINE, SHARED
from graph.vocab.mint import certificate_iri
from tests.app.test_pages import assert_clean, open_page, texts
from tests.conftest import BASE_REGISTER
from tests.verify.conftest import FORGED

VERIFY = {"verify.as_of": "2026-06-01"}


def plain(text: str) -> str:
    """Markdown-escaped text as it reads."""
    return text.replace("\\", "")


def words(at) -> str:
    return plain(texts(at))


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(at, tables: dict[str, list[dict[str, str]]]):
    """Upload ``tables`` on the Data page's import tab of session ``at`` and press the button."""
    at._page_hash = open_page.__globals__["calc_hash"]("data")
    at.query_params.clear()
    at.query_params["data.tab"] = "Import a register"
    at = at.run()
    files = [(name, _csv(rows), "text/csv") for name, rows in tables.items()]
    at.file_uploader(key="data.upload").set_value(files)
    at = at.run()
    return at.button(key="data.import").click().run()


def go(at, path: str, **params: str):
    at._page_hash = open_page.__globals__["calc_hash"](path)
    at.query_params.clear()
    at.query_params.update(params)
    return at.run()


def test_an_upload_in_one_session_is_invisible_to_another():
    mine = upload(open_page("data", **{"data.tab": "Import a register"}), BASE_REGISTER)
    assert_clean(mine)
    assert "Added to your workspace (upload of" in plain(mine.success[0].value)
    mine = go(mine, "verify", **{"verify.certificate": "T-C-1", **VERIFY})
    assert_clean(mine)
    assert "Accredited" in words(mine) and "Rests on user-supplied data" in words(mine)
    assert mine.sidebar.radio(key="workspace.read_widget").value == MINE
    # another visitor, at the same time, on the same server: the shared graph, unchanged
    theirs = open_page("verify", **{"verify.certificate": "T-C-1", **VERIFY})
    assert_clean(theirs)
    assert "Not found in the graph" in words(theirs)
    assert "user-supplied" not in words(theirs) and not theirs.sidebar.radio
    # the first visitor can go back to the shared graph
    mine = mine.sidebar.radio(key="workspace.read_widget").set_value(SHARED).run()
    assert "Not found in the graph" in words(mine)


def test_a_forged_certificate_from_a_user_ab_is_marked_on_the_verdict_card():
    at = upload(open_page(), FORGED)
    assert_clean(at)
    at = go(at, "verify", **{"verify.certificate": "ACME-C-1", **VERIFY})
    assert_clean(at)
    seen = words(at)
    assert "Accredited" in seen
    assert "Rests on user-supplied data" in seen and "accreditation-body" in seen
    assert "It rests on data a visitor uploaded" in seen


def test_the_entity_page_of_an_uploaded_certificate_says_user_supplied():
    at = upload(open_page(), BASE_REGISTER)
    at = go(at, "search", entity=certificate_iri("T-C-1"))
    assert_clean(at)
    (warning,) = [plain(w.value) for w in at.warning if "User-supplied" in w.value]
    assert "upload of" in warning
    bundled = go(at, "search", entity=quote(certificate_iri("S-C-0001"), safe=":/"))
    assert not [w for w in bundled.warning if "User-supplied" in w.value]


@pytest.mark.parametrize("name", ["UKAS", " ukas ", "UKАS"])  # the last with a Cyrillic А
def test_a_body_shadowing_a_bundled_one_is_refused(name):
    row = {"id": "my-ab", "name": "My Board", "country": "GB", "iaf_mla_scopes": "ISO 9001",
           "website": "", "acronym": name}  # fmt: skip
    at = upload(open_page(), {"accreditation_bodies.csv": [row]})
    assert_clean(at)
    assert "nothing was loaded" in at.error[0].value
    problems = plain(at.code[0].value)
    assert "accreditation_bodies.csv:2: acronym:" in problems
    assert "United Kingdom Accreditation Service (id ukas)" in problems
    assert not at.sidebar.radio  # no workspace was made


def test_the_shared_import_is_refused_without_the_operator_flag(monkeypatch):
    calls = []
    monkeypatch.setattr(data_page, "import_files", lambda store, files: calls.append(files))
    outcome = data_page.shared_import([("certificates.csv", b"x")])
    assert not outcome.loaded and "--allow-import" in outcome.message and calls == []


def test_with_the_operator_flag_the_data_page_imports_into_the_shared_graph(monkeypatch):
    monkeypatch.setattr(sys, "argv", ["app.py", "--store", "memory", "--allow-import"])
    seen = []

    def fake(store, files):
        seen.append((store, files))
        return data_page.ImportOutcome(True, "Imported (fake).")

    monkeypatch.setattr(data_page, "import_files", fake)
    at = open_page("data", **{"data.tab": "Import a register"})
    assert "to the shared graph" in words(at)
    at.file_uploader(key="data.upload").set_value(
        [("certificates.csv", _csv(BASE_REGISTER["certificates.csv"]), "text/csv")]
    )
    at = at.run().button(key="data.import").click().run()
    assert_clean(at)
    assert len(seen) == 1 and plain(at.success[0].value) == "Imported (fake)."
    assert not at.sidebar.radio  # nothing went into a workspace
