"""Issue 15: watching a supplier list — what changed between two checks, in a buyer's words,
and reading back a result file written earlier."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import DataError
from graph.verify.changes import Outcome, changes_csv, compare, read_results
from graph.verify.evidence import verifications_csv
from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification

D1, D2 = dt.date(2026, 11, 23), dt.date(2027, 12, 1)
V = Verdict


def _one(before: Verdict, after: Verdict, reasons=((), ())) -> list[tuple[str, str]]:
    changes = compare([Outcome("C", before, D1, reasons[0])], [Outcome("C", after, D2, reasons[1])])
    return [(c.change, c.direction) for c in changes]


@pytest.mark.parametrize(
    ("before", "after", "words", "direction"),
    [
        (V.ACCREDITED, V.NOT_IN_FORCE, "now not-in-force", "worse"),
        (V.UNACCREDITED, V.NOT_IN_FORCE, "now not-in-force", "worse"),
        (V.ACCREDITED, V.ACCREDITED_UNRECOGNISED, "lost recognition", "worse"),
        (V.ACCREDITED, V.UNACCREDITED, "lost accreditation", "worse"),
        (V.ACCREDITED_UNRECOGNISED, V.UNACCREDITED, "lost accreditation", "worse"),
        (V.UNACCREDITED, V.ACCREDITED, "now accredited", "better"),
        (V.UNACCREDITED, V.ACCREDITED_UNRECOGNISED, "now accredited, not recognised", "better"),
        (V.ACCREDITED, V.UNKNOWN, "now unknown", "worse"),
        (V.ACCREDITED, V.INVALID, "now invalid", "worse"),
    ],
)
def test_each_change_has_its_words_and_direction(before, after, words, direction):
    assert _one(before, after) == [(words, direction)]


def test_no_change_is_not_listed_but_other_reasons_are():
    assert _one(V.ACCREDITED, V.ACCREDITED) == []
    reasons = (("CERT_SUSPENDED",), ("CERT_WITHDRAWN",))
    assert _one(V.NOT_IN_FORCE, V.NOT_IN_FORCE, reasons) == [("reasons changed", "same")]


def test_certificates_added_to_or_dropped_from_the_list():
    before = [Outcome("A", V.ACCREDITED, D1), Outcome("B", V.ACCREDITED, D1)]
    after = [Outcome("B", V.ACCREDITED, D2), Outcome("C", V.UNKNOWN, D2)]
    assert [(c.certificate, c.change) for c in compare(before, after)] == [
        ("C", "new in the list"),
        ("A", "no longer in the list"),
    ]


def test_the_changes_csv_neutralises_formulas_and_has_both_sides():
    before = [Outcome("=cmd()", V.ACCREDITED, D1, (), "ok", "@Acme")]
    after = [Outcome("=cmd()", V.NOT_IN_FORCE, D2, ("CERT_EXPIRED",), "gone", "@Acme")]
    lines = changes_csv(compare(before, after)).splitlines()
    assert lines[0].startswith("certificate,change,direction,verdict_before,verdict_after")
    assert lines[1] == (
        "'=cmd(),now not-in-force,worse,accredited,not-in-force,2026-11-23,2027-12-01,,"
        "CERT_EXPIRED,'@Acme,gone"
    )


def _verification(certificate: str, verdict: Verdict, code: str | None = None) -> Verification:
    links = (Link(LinkName.CERTIFICATE, LinkStatus.FAIL, code, "x"),) if code else ()
    return Verification(certificate, None, verdict, D1, "summary", links, organisation="-Org")


def test_a_result_file_written_by_the_app_or_cli_reads_back(tmp_path):
    results = [
        _verification("S-1", V.ACCREDITED),
        _verification("=S-2", V.NOT_IN_FORCE, "CERT_SUSPENDED"),
    ]
    path = tmp_path / "verdicts.csv"
    path.write_text(verifications_csv(results), encoding="utf-8")
    read = read_results(path)
    assert read == [
        Outcome("S-1", V.ACCREDITED, D1, (), "summary", "-Org"),
        Outcome("=S-2", V.NOT_IN_FORCE, D1, ("CERT_SUSPENDED",), "summary", "-Org"),
    ]


def test_a_bad_result_file_names_file_line_and_column(tmp_path):
    path = tmp_path / "old.csv"
    path.write_text("certificate,verdict,as_of\nA,great,2026-01-01\nB,accredited,2026-13-01\n")
    with pytest.raises(DataError) as caught:
        read_results(path)
    shown = [str(p) for p in caught.value.problems]
    assert any(s.startswith("old.csv:2: verdict") for s in shown)
    assert any(s.startswith("old.csv:3: as_of: not a date") for s in shown)
    path.write_text("name,verdict\nA,accredited\n")
    with pytest.raises(DataError, match="missing column"):
        read_results(path)
