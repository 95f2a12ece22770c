"""Issue 15, the buyer's workflow in the app (Streamlit AppTest): the example supplier list
works as shipped, a list compared with a second date or with an earlier result file shows what
changed (with a CSV), the printable record downloads, and every input is in the URL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest

from explorer_pages.suppliers import EXAMPLE_DATE, EXAMPLE_LIST, EXAMPLE_REGISTER
from tests.app.test_pages import _memory_store, assert_clean, open_page, texts

__all__ = ["_memory_store"]  # the autouse fixture: the app on the in-memory build

ROOT = Path(__file__).resolve().parents[2]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def expected_example_verdicts() -> dict[str, str]:
    """The verdict each row of the example list should get, read from the example register's
    ``case`` column (the verdict each certificate was written to have), not from the verifier:
    a row naming a certificate id maps to that certificate (an id not in the register is
    ``unknown``); a row naming organisation, standard and CB maps to the register's
    certificate of that organisation and CB whose standard has the same number."""
    register = _rows(ROOT / EXAMPLE_REGISTER / "certificates.csv")
    by_id = {r["id"]: r for r in register}
    expected = {}
    for row in _rows(ROOT / EXAMPLE_LIST):
        if row["certificate"]:
            found = by_id.get(row["certificate"])
            expected[row["certificate"]] = found["case"].split(":")[0] if found else "unknown"
            continue
        number = re.search(r"\d+", row["standard"]).group(0)
        (match,) = [
            r
            for r in register
            if r["organisation"] == row["organisation"]
            and r["certification_body"] == row["certification_body"]
            and re.search(r"\d+", r["standard"]).group(0) == number
        ]
        expected[match["id"]] = match["case"].split(":")[0]
    return expected


def _table(at) -> dict[str, str]:
    frame = at.dataframe[0].value
    return dict(zip(frame["certificate"], frame["verdict"], strict=True))


def test_the_example_list_gives_the_verdicts_its_register_promises():
    at = open_page("verify")
    assert_clean(at)
    at = at.button(key="verify.example").click().run()
    assert_clean(at)
    assert at.query_params["verify.list"] == "example"
    assert at.date_input(key="verify.as_of").value == EXAMPLE_DATE
    assert at.query_params["verify.as_of"] == EXAMPLE_DATE.isoformat()
    expected = expected_example_verdicts()
    assert set(expected.values()) >= {"accredited", "not-in-force", "unknown"}
    assert _table(at) == expected
    assert "examples/buyer-register/" in texts(at)
    # the example does not switch what the rest of the page reads: S-C-0001 (bundled sample,
    # not in a workspace) keeps its verdict on the next run, and the table stays the same
    at = at.run()
    assert at.success and at.success[0].value.startswith("### Accredited")
    assert _table(at) == expected


def test_the_example_is_a_url_and_leaves_the_shared_graph_alone():
    at = open_page("verify", **{"verify.list": "example", "verify.as_of": "2026-11-23"})
    assert_clean(at)
    assert _table(at) == expected_example_verdicts()
    # the register went into this visitor's workspace: another visitor does not see it
    other = open_page("verify", **{"verify.certificate": "B-C-001", "verify.as_of": "2026-11-23"})
    assert other.info and other.info[0].value.startswith("### Unknown")


def test_a_list_of_unknown_certificates_says_why_and_what_to_do():
    at = open_page("verify", **{"verify.as_of": "2026-11-23"})
    example = (ROOT / EXAMPLE_LIST).read_bytes()
    at.file_uploader(key="verify.upload").upload("suppliers.csv", example, "text/csv")
    at = at.run()
    assert_clean(at)
    assert set(_table(at).values()) == {"unknown"}
    assert "load it first" in at.warning[0].value


def test_comparing_with_a_second_date_shows_what_changed():
    params = {
        "verify.list": "example",
        "verify.as_of": "2026-11-23",
        "verify.compare": "another date",
        "verify.compare_to": "2027-12-01",
    }
    at = open_page("verify", **params)
    assert_clean(at)
    frame = at.dataframe[1].value
    changes = dict(zip(frame["certificate"], frame["change"], strict=True))
    # B-C-001's validity ends 2027-03-10; B-C-006's accreditation (B-A-03) ends 2027-09-14
    assert changes["B-C-001"] == "now not-in-force"
    assert changes["B-C-006"] == "lost accreditation"
    assert "B-C-099" not in changes  # unknown on both dates: no change
    assert at.query_params["verify.compare_to"] == "2027-12-01"
    labels = [b.label for b in at.get("download_button")]
    assert "Download the changes (CSV)" in labels


def test_comparing_with_an_earlier_result_file():
    at = open_page("verify", **{"verify.list": "example", "verify.as_of": "2026-11-23"})
    previous = io.StringIO()
    writer = csv.writer(previous)
    writer.writerow(["certificate", "verdict", "as_of", "reasons"])
    writer.writerow(["B-C-001", "accredited", "2026-01-05", ""])
    writer.writerow(["B-C-010", "accredited", "2026-01-05", ""])
    writer.writerow(["B-C-777", "accredited", "2026-01-05", ""])
    at.radio(key="verify.compare").set_value("a previous result file")
    at = at.run()
    at.file_uploader(key="verify.previous").upload(
        "verdicts-2026-01-05.csv", previous.getvalue().encode(), "text/csv"
    )
    at = at.run()
    assert_clean(at)
    frame = at.dataframe[1].value
    changes = dict(zip(frame["certificate"], frame["change"], strict=True))
    assert changes["B-C-010"] == "lost recognition"
    assert changes["B-C-777"] == "no longer in the list"
    assert changes["B-C-005"] == "new in the list"
    assert "B-C-001" not in changes


def test_a_bad_result_file_is_refused_with_its_line():
    at = open_page(
        "verify",
        **{
            "verify.list": "example",
            "verify.as_of": "2026-11-23",
            "verify.compare": "a previous result file",
        },
    )
    bad = b"certificate,verdict,as_of\nB-C-001,great,2026-01-05\n"
    at.file_uploader(key="verify.previous").upload("old.csv", bad, "text/csv")
    at = at.run()
    assert_clean(at)
    assert "nothing was compared" in at.error[0].value
    assert "old.csv:2: verdict" in at.code[0].value


@pytest.mark.parametrize("where", ["single", "list"])
def test_the_printable_record_downloads(where):
    params = {"verify.certificate": "S-C-0001", "verify.as_of": "2026-11-23"}
    if where == "list":
        params["verify.list"] = "example"
    at = open_page("verify", **params)
    assert_clean(at)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("Printable record (HTML)") == (2 if where == "list" else 1)
    assert labels.count("Printable record (PDF)") == (2 if where == "list" else 1)


def test_the_date_inputs_accept_dates_far_from_today():
    """Streamlit's default range is ten years either side of today; a buyer checks older
    certificates and plans further ahead."""
    at = open_page("verify", **{"verify.certificate": "S-C-0001", "verify.as_of": "2001-05-01"})
    assert_clean(at)
    assert at.date_input(key="verify.as_of").value == dt.date(2001, 5, 1)
    assert "2001-05-01" in texts(at)
