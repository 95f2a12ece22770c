"""Issue 11 in the app: a verdict card per case (accredited, unaccredited and the four reasons
a certificate is accredited but unrecognised), the arrangement named by date, and the Learn
page saying its date and agreeing with the Verify page and the command line."""

from __future__ import annotations

import pytest

from tests.app.test_pages import _memory_store, assert_clean, open_page, texts

__all__ = ["_memory_store"]  # the autouse fixture: the app on the in-memory build


def _example(case: str) -> str:
    from tests.cli.test_verdicts import example

    return example(case)


@pytest.mark.parametrize(
    ("case", "title", "code"),
    [
        ("accredited", "Accredited", "MLA_SIGNATORY"),
        ("unaccredited:sector-not-in-scope", "Unaccredited", "ACCREDITATION_SECTOR_NOT_COVERED"),
        ("accredited-unrecognised:other-scopes-only", "Accredited, not recognised",
         "MLA_SCOPE_NOT_COVERED"),
        ("accredited-unrecognised:outside-arrangement", "Accredited, not recognised",
         "MLA_NOT_SIGNATORY"),
        ("accredited-unrecognised:signatory-unconfirmed", "Accredited, not recognised",
         "MLA_SCOPE_UNKNOWN"),
        ("accredited-unrecognised:no-recognised-network", "Accredited, not recognised",
         "MLA_NO_NETWORK"),
    ],
)  # fmt: skip
def test_verify_page_shows_each_verdict_case_with_its_card(case, title, code):
    from graph.verify.samples import sample_date

    identifier = _example(case)
    at = open_page(
        "verify", **{"verify.certificate": identifier, "verify.as_of": sample_date().isoformat()}
    )
    assert_clean(at)
    boxes = {"success": at.success, "warning": at.warning}
    tone = "success" if title == "Accredited" else "warning"
    assert boxes[tone] and boxes[tone][0].value.startswith(f"### {title}\n")
    text = texts(at)
    assert code in text and "**Global ACI MRA signature**" in text
    assert "**IAF MLA signature**" not in text and "GAC" not in text


def test_verify_page_names_the_iaf_mla_before_2026():
    at = open_page("verify", **{"verify.certificate": "S-C-0001", "verify.as_of": "2025-12-31"})
    assert_clean(at)
    assert "**IAF MLA signature**" in texts(at) and "Global ACI MRA" not in texts(at)


def test_learn_page_says_its_date_and_agrees_with_verify_and_the_cli(cli_store, capsys):
    from explorer_pages.learn import SAMPLE_CERTIFICATE, SAMPLE_VERDICT, shown_date
    from graph.cli.main import main

    at = open_page("", step="check")
    assert_clean(at)
    text = texts(at)
    day = shown_date().isoformat()
    assert f"as of **{day}**" in text
    assert f"verdict **{SAMPLE_VERDICT.value}**" in text
    assert "**Global ACI MRA signature**" in text
    assert "accredited-unrecognised" in text, "the recognition misconception card"
    verify_page = open_page("verify", **{"verify.certificate": SAMPLE_CERTIFICATE})
    assert verify_page.date_input(key="verify.as_of").value.isoformat() == day
    assert verify_page.success[0].value.startswith("### Accredited\n")
    main(["--store", cli_store, "verify", SAMPLE_CERTIFICATE])  # the CLI's default date: today
    assert capsys.readouterr().out.startswith(f"{SAMPLE_CERTIFICATE}: ACCREDITED (as of {day})")
