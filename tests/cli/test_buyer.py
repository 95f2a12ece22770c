"""Issue 15 on the command line (it mirrors the Verify page): a supplier list compared with a
second date or with an earlier result file, and the printable verification record."""

from __future__ import annotations

import csv
import io

import pytest

from graph.cli.main import main

BUYER = ["--data", "examples/buyer-register"]
LIST = ["--input", "examples/suppliers.csv"]


def _changes(text: str) -> dict[str, dict[str, str]]:
    return {row["certificate"]: row for row in csv.DictReader(io.StringIO(text))}


def test_compare_to_a_second_date_writes_the_changes_csv(capsys):
    code = main(
        [
            *BUYER,
            "verify",
            *LIST,
            "--as-of",
            "2026-11-23",
            "--compare-to",
            "2027-12-01",
            "--format",
            "csv",
        ]
    )
    changes = _changes(capsys.readouterr().out)
    assert code == 3  # something got worse
    assert changes["B-C-001"]["change"] == "now not-in-force"
    assert changes["B-C-001"]["verdict_before"] == "accredited"
    assert changes["B-C-001"]["as_of_after"] == "2027-12-01"
    assert changes["B-C-006"]["change"] == "lost accreditation"
    assert "B-C-099" not in changes


def test_the_dates_may_come_in_either_order(capsys):
    main(
        [
            *BUYER,
            "verify",
            *LIST,
            "--as-of",
            "2027-12-01",
            "--compare-to",
            "2026-11-23",
            "--format",
            "csv",
        ]
    )
    assert _changes(capsys.readouterr().out)["B-C-001"]["change"] == "now not-in-force"


def test_previous_compares_with_a_result_file_written_earlier(tmp_path, capsys):
    assert main([*BUYER, "verify", *LIST, "--as-of", "2026-11-23", "--format", "csv"]) == 3
    earlier = tmp_path / "verdicts-2026-11-23.csv"
    earlier.write_text(capsys.readouterr().out)
    assert main([*BUYER, "verify", *LIST, "--as-of", "2026-11-24", "--previous", str(earlier)]) == 0
    assert "No change among 8 certificate(s)." in capsys.readouterr().out
    code = main([*BUYER, "verify", *LIST, "--as-of", "2027-12-01", "--previous", str(earlier)])
    out = capsys.readouterr().out
    assert code == 3 and "B-C-009: now not-in-force (accredited -> not-in-force)" in out


def test_a_bad_previous_file_is_refused_with_its_line(tmp_path, capsys):
    bad = tmp_path / "old.csv"
    bad.write_text("certificate,verdict,as_of\nB-C-001,fine,2026-01-01\n")
    assert main([*BUYER, "verify", *LIST, "--previous", str(bad)]) == 1
    assert "old.csv:2: verdict" in capsys.readouterr().err


def test_record_html_and_pdf(tmp_path, capsys):
    from pypdf import PdfReader

    page = tmp_path / "record.html"
    assert (
        main(
            [
                *BUYER,
                "verify",
                "B-C-004",
                "--as-of",
                "2026-11-23",
                "--record",
                "html",
                "--out",
                str(page),
            ]
        )
        == 3
    )
    text = page.read_text()
    assert "Not in force" in text and "CERT_SUSPENDED" in text and "2026-11-23" in text
    assert "Includes user-supplied data" not in text  # --data builds it in: not an upload
    pdf = tmp_path / "record.pdf"
    assert (
        main(
            [*BUYER, "verify", *LIST, "--as-of", "2026-11-23", "--record", "pdf", "--out", str(pdf)]
        )
        == 3
    )
    assert "wrote the verification record of 8 certificate(s)" in capsys.readouterr().out
    words = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
    assert "Verification record: 8 certificates" in words and "sha256:" in words


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--compare-to", "2027-01-01", "--previous", "x.csv"], "not both"),
        (["--record", "pdf"], "needs --out"),
    ],
)
def test_usage_mistakes_are_said_plainly(argv, message, capsys):
    assert main(["verify", "S-C-0001", *argv]) == 2
    assert message in capsys.readouterr().err
