"""Real certification bodies' accreditations (data/accreditations.csv), checked end to end from a
supplier list (issue 11, item 4)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import graph
from graph.cli.main import main

ROOT = Path(graph.__file__).resolve().parent.parent


def _rows(name: str) -> list[dict[str, str]]:
    with (ROOT / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_real_accreditations_are_of_bundled_real_bodies_and_cite_sources():
    abs_ = {r["id"] for r in _rows("data/accreditation_bodies.csv")}
    cbs = {r["id"] for r in _rows("data/certification_bodies.csv")}
    for row in _rows("data/accreditations.csv"):
        assert row["accreditation_body"] in abs_ and row["certification_body"] in cbs
        assert row["source"].startswith("http") and row["as_of"] and row["confidence"]
        assert row["source_kind"] in {"ab-directory", "ab-statement", "cb-statement"}
        if row["source_kind"] == "cb-statement":  # the CB's own word is not a directory entry
            assert row["confidence"] != "verified"


def test_supplier_list_naming_a_real_cb_reaches_the_real_accreditation_body(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    suppliers = "examples/real-cb-suppliers.csv"
    code = main(["--data", "examples/real-cb-register", "verify", "--input", suppliers,
                 "--as-of", "2020-03-20", "--format", "json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert code == 3  # the second supplier's ISO 9001 is outside Coalfire's sourced scope
    by_cert = {d["certificate"]: d for d in data}
    isms = by_cert["R-C-001"]
    assert isms["verdict"] == "accredited"
    links = {link["link"]: link for link in isms["links"]}
    assert links["accreditation"]["code"] == "ACCREDITATION_VALID"
    assert "ANSI National Accreditation Board" in links["accreditation-body"]["message"]
    assert links["mla-signatory"]["code"] == "MLA_SIGNATORY"
    assert by_cert["R-C-002"]["verdict"] == "unaccredited"


# Each example certificate, the date inside its CB's sourced window, the verdict and the real AB.
# The verdicts are what the data says on that date: "accredited-unrecognised" where the AB is not
# a confirmed IAF MLA signatory for that standard then (e.g. ISO 45001 at ANAB in July 2018,
# ISO/IEC 42001 at SCC, IAS whose signatory status is unconfirmed in data/). R-C-011 and R-C-012 are
# certificates to historic editions (ISO 9001:1987 in February 1993, ISO 14001:1996 in May 1998),
# checked on the day their SCC accreditation is sourced: no arrangement covered them yet (the IAF
# MLA came into force on 1998-01-22 and covered ISO 14001 from 2004-10-09), so neither is
# recognised, and the signatory link says why (NOT_YET below), not that SCC was a signatory.
# R-C-004, R-C-007 and R-C-009 are UKAS-accredited certificates to ISO 22000 (2006), ISO 50001
# (2014) and ISO 45001 (July 2018): UKAS signed for those sub-scopes later, through EA, whose MLA
# the IAF MLA recognised for ISO 22000 and ISO 50001 on 2018-04-05 and for ISO 45001 on
# 2020-02-05 (data/accreditation_bodies.csv, iaf_mla_scope_since), so on those dates UKAS was not
# yet a signatory for them and the link says so (NOT_YET_SIGNED below).
EXPECTED = {
    "R-C-001": ("2020-03-20", "accredited", "ANSI National Accreditation Board"),
    "R-C-002": ("2020-03-20", "unaccredited", "ANSI National Accreditation Board"),
    "R-C-003": ("2019-07-25", "accredited", "Philippine Accreditation Bureau"),
    "R-C-004": ("2006-05-30", "accredited-unrecognised", "United Kingdom Accreditation Service"),
    "R-C-005": ("2018-07-15", "accredited-unrecognised", "ANSI National Accreditation Board"),
    "R-C-006": ("2013-06-03", "accredited-unrecognised", "United Kingdom Accreditation Service"),
    "R-C-007": ("2014-10-01", "accredited-unrecognised", "United Kingdom Accreditation Service"),
    "R-C-008": ("2025-09-30", "accredited-unrecognised", "Standards Council of Canada"),
    "R-C-009": ("2018-07-02", "accredited-unrecognised", "United Kingdom Accreditation Service"),
    "R-C-010": ("2024-02-22", "accredited-unrecognised", "International Accreditation Service"),
    "R-C-011": ("1993-02-28", "accredited-unrecognised", "Standards Council of Canada"),
    "R-C-012": ("1998-05-21", "accredited-unrecognised", "Standards Council of Canada"),
}

#: What the signatory link of the historic examples says on their date.
NOT_YET = {
    "R-C-011": "No worldwide recognition arrangement for certification was in force on "
    "1993-02-28: the first, the IAF MLA, came into force on 1998-01-22.",
    "R-C-012": "On 1998-05-21 the IAF MLA, in force since 1998-01-22, did not yet cover "
    "ISO 14001: it covered ISO 14001 from 2004-10-09.",
}


#: What the signatory link says where the AB signed for the sub-scope after the date.
NOT_YET_SIGNED = {
    "R-C-004": "became an IAF MLA signatory for ISO 22000 on 2018-04-05, through EA",
    "R-C-007": "became an IAF MLA signatory for ISO 50001 on 2018-04-05, through EA",
    "R-C-009": "became an IAF MLA signatory for ISO 45001 on 2020-02-05, through EA",
}


def test_every_example_certificate_reaches_its_real_accreditation_body(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    register = _rows("examples/real-cb-register/certificates.csv")
    assert {r["id"] for r in register} == set(EXPECTED)
    assert len(_rows("examples/real-cb-suppliers.csv")) == len(register)
    for as_of in sorted({d for d, _, _ in EXPECTED.values()}):
        main(["--data", "examples/real-cb-register", "verify", "--input",
              "examples/real-cb-suppliers.csv", "--as-of", as_of, "--format", "json"])  # fmt: skip
        by_cert = {d["certificate"]: d for d in json.loads(capsys.readouterr().out)}
        for cert, (date, verdict, ab_name) in EXPECTED.items():
            if date != as_of:
                continue
            assert by_cert[cert]["verdict"] == verdict, cert
            links = {link["link"]: link for link in by_cert[cert]["links"]}
            assert links["accreditation-body"]["code"] == "AB_KNOWN", cert
            assert ab_name in links["accreditation-body"]["message"], cert
            if verdict == "accredited":
                assert links["mla-signatory"]["code"] == "MLA_SIGNATORY", cert
            if cert in NOT_YET:
                assert links["mla-signatory"]["code"] == "MLA_NOT_YET_IN_FORCE", cert
                assert NOT_YET[cert] in links["mla-signatory"]["message"], cert
                assert "IAF MLA signatory" not in links["mla-signatory"]["message"], cert
                assert "replaced" not in links["standard"]["message"], cert
            if cert in NOT_YET_SIGNED:
                link = links["mla-signatory"]
                assert link["code"] == "MLA_SCOPE_NOT_YET_SIGNED", cert
                assert NOT_YET_SIGNED[cert] in link["message"], cert
                assert f"on {date} it was not yet one" in link["message"], cert
                assert link["status"] == "fail", cert
            if verdict in {"accredited", "accredited-unrecognised"}:
                assert links["accreditation"]["code"] == "ACCREDITATION_VALID", cert


def _family(designation: str) -> str:
    return designation.split(":")[0].strip()


def test_every_real_accreditation_has_an_example_checked_inside_its_sourced_window():
    # each row of data/accreditations.csv is exercised by an example certificate of that CB and
    # standard, issued and checked on a date inside the window the source shows in force
    abs_ = {r["id"]: r["name"] for r in _rows("data/accreditation_bodies.csv")}
    register = {r["id"]: r for r in _rows("examples/real-cb-register/certificates.csv")}
    for row in _rows("data/accreditations.csv"):
        standards = {s.strip() for s in row["standards"].split(";")}
        covering = [
            cert
            for cert, (date, verdict, ab_name) in EXPECTED.items()
            if register[cert]["certification_body"] == row["certification_body"]
            and _family(register[cert]["standard"]) in standards
            and row["valid_from"] <= register[cert]["issued"] <= date <= row["valid_until"]
            and verdict != "unaccredited"
        ]
        assert covering, f"{row['id']} has no example certificate inside its window"
        assert all(abs_[row["accreditation_body"]].startswith(EXPECTED[c][2]) for c in covering)


def _sourced_real_cbs() -> set[str]:
    cbs = {r["id"]: r for r in _rows("data/certification_bodies.csv")}
    return {
        r["certification_body"]
        for r in _rows("data/accreditations.csv")
        if r["source"].startswith("http") and r["valid_from"] and r["valid_until"]
        and r["certification_body"] in cbs and cbs[r["certification_body"]]["source"]
    }  # fmt: skip


def test_the_sourced_real_certification_bodies_are_not_lost():
    # the count reached by the fifth pass (docs/data-sources.md); a row dropped or unsourced
    # later shows here
    assert len(_sourced_real_cbs()) >= 10, sorted(_sourced_real_cbs())


def test_at_least_ten_distinct_real_certification_bodies_have_sourced_accreditations():
    # issue 11, "What it must show": at least 10 bundled real CBs with sourced accreditations
    assert len(_sourced_real_cbs()) >= 10, sorted(_sourced_real_cbs())
