"""Issue 11: one test per verdict case through the command line - accredited, unaccredited and
each of the four reasons a certificate is accredited but unrecognised - in every output format
(table, JSON, the JSON-LD evidence pack, CSV) and in a bulk supplier-list check, on a date
before and after the Global ACI MRA replaced the IAF MLA."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.cli.main import main
from graph.verify.samples import sample_date
from tests.conftest import BASE_REGISTER, write_register

SAMPLES = Path(__file__).resolve().parents[2] / "data" / "sample" / "certificates.csv"

#: case label in the sample register -> (verdict, the signatory link's reason code).
CASES = {
    "accredited": ("accredited", "MLA_SIGNATORY"),
    "unaccredited:sector-not-in-scope": ("unaccredited", "MLA_SIGNATORY"),
    "accredited-unrecognised:other-scopes-only": ("accredited-unrecognised",
                                                  "MLA_SCOPE_NOT_COVERED"),
    "accredited-unrecognised:outside-arrangement": ("accredited-unrecognised",
                                                    "MLA_NOT_SIGNATORY"),
    "accredited-unrecognised:signatory-unconfirmed": ("accredited-unrecognised",
                                                      "MLA_SCOPE_UNKNOWN"),
    "accredited-unrecognised:no-recognised-network": ("accredited-unrecognised",
                                                      "MLA_NO_NETWORK"),
}  # fmt: skip


def example(case: str) -> str:
    """The first sample certificate written for ``case`` (its label in the CSV)."""
    with SAMPLES.open(encoding="utf-8", newline="") as handle:
        return next(r["id"] for r in csv.DictReader(handle) if r["case"] == case)


def signatory(data: dict) -> dict:
    return next(link for link in data["links"] if link["link"] == "mla-signatory")


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_through_json_with_exit_status(cli_store, capsys, case):
    verdict, code = CASES[case]
    as_of = sample_date().isoformat()
    status = main(["--store", cli_store, "verify", example(case), "--format", "json",
                   "--as-of", as_of])  # fmt: skip
    data = json.loads(capsys.readouterr().out)[0]
    assert (data["verdict"], status) == (verdict, 0 if verdict == "accredited" else 3)
    assert data["arrangement"] == "Global ACI MRA"
    if verdict != "unaccredited":
        assert signatory(data)["code"] == code
        assert "Global ACI MRA" in signatory(data)["message"]
        assert "GAC" not in json.dumps(data)


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_case_in_the_evidence_pack(cli_store, capsys, case):
    verdict, code = CASES[case]
    main(["--store", cli_store, "verify", example(case), "--format", "jsonld",
          "--as-of", sample_date().isoformat()])  # fmt: skip
    check = json.loads(capsys.readouterr().out)["@graph"][0]
    assert check["result"]["value"] == verdict
    links = {a["name"]: a["result"] for a in check["ag:checkedLink"]}
    if verdict != "unaccredited":
        assert links["mla-signatory check"]["propertyID"] == code
        assert "Global ACI MRA" in links["mla-signatory check"]["description"]


def test_bulk_supplier_list_counts_and_csv_give_every_case(cli_store, capsys, tmp_path):
    ids = [example(case) for case in sorted(CASES)]
    listing = tmp_path / "suppliers.csv"
    listing.write_text("certificate\n" + "\n".join(ids) + "\n", encoding="utf-8")
    day = sample_date().isoformat()
    assert main(["--store", cli_store, "verify", "--input", str(listing), "--format", "csv",
                 "--as-of", day]) == 3  # fmt: skip
    rows = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    got = {r["certificate"]: (r["verdict"], r["reasons"]) for r in rows}
    for case, identifier in zip(sorted(CASES), ids, strict=True):
        verdict, code = CASES[case]
        assert got[identifier][0] == verdict
        assert (code in got[identifier][1]) == (verdict == "accredited-unrecognised")
    main(["--store", cli_store, "verify", *ids, *ids[:1], "--as-of", day])  # table with counts
    counts = capsys.readouterr().out.splitlines()[-1]
    assert "accredited-unrecognised: 4" in counts and "accredited: 2" in counts
    assert "unaccredited: 1" in counts and "(total 7)" in counts


def test_the_signatory_link_says_iaf_mla_before_2026_and_global_aci_mra_after(tmp_path, capsys):
    folder = write_register(tmp_path / "reg", BASE_REGISTER)  # T-C-1: issued 2025-03-01
    location = str(tmp_path / "store")
    assert main(["--store", location, "build", "--data", str(folder)]) == 0
    capsys.readouterr()
    words = {}
    for day in ("2025-12-31", "2026-01-01"):
        assert main(["--store", location, "verify", "T-C-1", "--as-of", day]) == 0
        words[day] = capsys.readouterr().out
    assert "is an IAF MLA signatory" in words["2025-12-31"]
    assert "Global ACI" not in words["2025-12-31"]
    assert "is a Global ACI MRA signatory" in words["2026-01-01"]
    assert "carried over" in words["2026-01-01"] and "GAC" not in words["2026-01-01"]
