"""Historic dates through the command line (issue 11): the real certification bodies of the 1990s
(``examples/real-cb-register``), checked on the day their accreditation is sourced, get
``accredited-unrecognised`` because no arrangement covered them yet, and every output says so
without calling the Standards Council of Canada "an IAF MLA signatory" or naming an edition not
yet published."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.cli.main import main

ROOT = Path(__file__).resolve().parents[2]
REGISTER = str(ROOT / "examples" / "real-cb-register")


def _run(capsys, *args: str) -> tuple[int, str]:
    status = main(["--data", REGISTER, "verify", *args])
    return status, capsys.readouterr().out


@pytest.mark.parametrize(
    ("certificate", "day", "words"),
    [
        ("R-C-011", "1993-02-28", "No worldwide recognition arrangement for certification was in "
         "force on 1993-02-28"),
        ("R-C-012", "1998-05-21", "the IAF MLA, in force since 1998-01-22, did not yet cover "
         "ISO 14001"),
    ],
)  # fmt: skip
def test_table_json_and_evidence_pack_say_no_arrangement_covered_it(capsys, certificate, day,
                                                                    words):  # fmt: skip
    status, table = _run(capsys, certificate, "--as-of", day)
    assert status == 3 and "ACCREDITED-UNRECOGNISED" in table and "MLA_NOT_YET_IN_FORCE" in table
    assert words in table and "IAF MLA signatory" not in table
    assert "replaced by" not in table  # ISO 9001:1994 and ISO 14001:2004 came later
    _, text = _run(capsys, certificate, "--as-of", day, "--format", "json")
    data = json.loads(text)[0]
    assert data["verdict"] == "accredited-unrecognised"
    assert "MLA_NOT_YET_IN_FORCE" in data["reasons"]
    assert data["arrangement"] == (None if day < "1998-01-22" else "IAF MLA")
    _, text = _run(capsys, certificate, "--as-of", day, "--format", "jsonld")
    links = {a["name"]: a["result"] for a in json.loads(text)["@graph"][0]["ag:checkedLink"]}
    assert links["mla-signatory check"]["propertyID"] == "MLA_NOT_YET_IN_FORCE"
    assert words in links["mla-signatory check"]["description"]


def test_the_1987_edition_is_called_replaced_only_after_1994(capsys):
    _, early = _run(capsys, "R-C-011", "--as-of", "1993-02-28", "--format", "json")
    _, late = _run(capsys, "R-C-011", "--as-of", "1995-06-01", "--format", "json")

    def standard(text: str) -> str:
        links = json.loads(text)[0]["links"]
        return next(link["message"] for link in links if link["link"] == "standard")

    assert "1994" not in standard(early)
    assert "It has been replaced by ISO 9001:1994 (published in 1994)." in standard(late)
