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
EXPECTED = {
    "R-C-001": ("2020-03-20", "accredited", "ANSI National Accreditation Board"),
    "R-C-002": ("2020-03-20", "unaccredited", "ANSI National Accreditation Board"),
    "R-C-003": ("2019-07-25", "accredited", "Philippine Accreditation Bureau"),
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
