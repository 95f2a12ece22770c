"""Issue 11 where a buyer reads it: the dated reasons on the Verify page's card.

Each case is a certificate of an example register (``examples/real-cb-register``, or a small
register with BSCA, whose EA membership ended on 2023-05-23) checked on a date that gives one of
the reasons the verifier learnt with dates: ``MLA_NOT_YET_IN_FORCE`` (before the IAF MLA came
into force on 1998-01-22, or before it covered ISO 14001 on 2004-10-09),
``MLA_SCOPE_NOT_YET_SIGNED`` (UKAS signed for ISO 22000 only on 2018-04-05), ``GROUP_ENDED``
and ``GROUP_NOT_YET``. The register is uploaded on the Data page, as a visitor does; the card
must show the verdict, the reason in words with its dates, and a link to its source, and say
the same as ``accredigraph verify --format json`` on the same date. The evidence pack and the
supplier-list result carry the reason too.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

from explorer_pages.verify import MARKS, SHOWN_SOURCES
from explorer_pages.workspace import live_workspaces
from graph.cli.main import main
from graph.verify.model import LinkName, LinkStatus, Verdict
from graph.verify.record import VERDICT_TITLES
from tests.app.test_pages import _memory_store, assert_clean, open_page
from tests.app.test_workspace import go, plain, upload, words
from tests.conftest import write_register
from tests.verify.test_membership_dates import REGISTER as BSCA_REGISTER

__all__ = ["_memory_store"]  # the autouse fixture: the app on the in-memory build

ROOT = Path(__file__).resolve().parents[2]
REAL = ROOT / "examples" / "real-cb-register"
#: EA's 53rd General Assembly, which ended BSCA's membership.
ASSEMBLY = "https://www.ats.rs/en/news/2023/06/highlights-of-the-53rd-general-assembly"
#: BSCA's certificate, and a body whose EA membership is recorded from 2015 to 2020 only.
GROUPS = {
    **BSCA_REGISTER,
    "accreditations.csv": [
        *BSCA_REGISTER["accreditations.csv"],
        {"id": "GONE-A-1", "accreditation_body": "gone-ab", "certification_body": "minsk-cert",
         "standards": "ISO 9001", "sectors": "", "valid_from": "2010-01-01",
         "valid_until": "2027-12-31", "status": "active"},
    ],
    "certificates.csv": [
        *BSCA_REGISTER["certificates.csv"],
        {"id": "GONE-C-1", "organisation": "Early Widgets (fictional)", "country": "BY",
         "certification_body": "minsk-cert", "standard": "ISO 9001:2008", "sectors": "17",
         "issued": "2011-06-01", "valid_until": "2014-05-31", "status": "valid",
         "scope": "Machining"},
    ],
}  # fmt: skip


def _read(folder: Path) -> dict[str, list[dict[str, str]]]:
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            tables[path.name] = list(csv.DictReader(handle))
    return tables


@dataclass(frozen=True)
class Case:
    certificate: str
    day: str
    verdict: Verdict
    link: LinkName
    code: str
    words: tuple[str, ...]  # what the reason must say, dates included
    source: str  # a page the card must link to
    register: str  # "real" or "groups"


CASES = [
    Case("R-C-011", "1993-02-28", Verdict.ACCREDITED_UNRECOGNISED, LinkName.MLA_SIGNATORY,
         "MLA_NOT_YET_IN_FORCE",
         ("No worldwide recognition arrangement for certification was in force on 1993-02-28",
          "the first, the IAF MLA, came into force on 1998-01-22"),
         "https://iaf.news/2024/01/14/great-achievements/", "real"),
    Case("R-C-012", "1998-05-21", Verdict.ACCREDITED_UNRECOGNISED, LinkName.MLA_SIGNATORY,
         "MLA_NOT_YET_IN_FORCE",
         ("On 1998-05-21 the IAF MLA, in force since 1998-01-22, did not yet cover ISO 14001",
          "it covered ISO 14001 from 2004-10-09"),
         "https://iaf.news/2024/01/14/great-achievements/", "real"),
    Case("R-C-004", "2006-05-30", Verdict.ACCREDITED_UNRECOGNISED, LinkName.MLA_SIGNATORY,
         "MLA_SCOPE_NOT_YET_SIGNED",
         ("United Kingdom Accreditation Service became an IAF MLA signatory for ISO 22000 on "
          "2018-04-05, through EA", "on 2006-05-30 it was not yet one"),
         "https://european-accreditation.org/eas-worldwide-recognition-ea-becomes-a-recognized-"
         "regional-accreditation-group-for-4-new-sub-scopes-in-management-systems/", "real"),
    Case("BY-C-1", "2024-01-10", Verdict.ACCREDITED_UNRECOGNISED, LinkName.REGIONAL_GROUP,
         "GROUP_ENDED",
         ("On 2024-01-10 Belarusian State Centre for Accreditation belongs to no regional group",
          "its membership of EA ended on 2023-05-23 (its last day)"),
         ASSEMBLY, "groups"),
    Case("GONE-C-1", "2012-06-01", Verdict.ACCREDITED_UNRECOGNISED, LinkName.REGIONAL_GROUP,
         "GROUP_NOT_YET",
         ("No regional group membership of Gone Accreditation Service (fictional) is recorded "
          "on 2012-06-01", "its membership of EA ran from 2015-01-01 to 2020-12-31"),
         "", "groups"),
]  # fmt: skip


@pytest.fixture(autouse=True)
def _close_the_tab():
    """Each test's session ends with it, and so does its workspace (the server keeps at most
    ``max_workspaces``, and later tests in this process upload too): collected now, as when a
    visitor closes the tab."""
    yield
    # A script run's thread may still hold the session for a moment on a loaded machine:
    # wait for it (bounded), then require that nothing is left open.
    for _ in range(20):
        gc.collect()
        if live_workspaces() == 0:
            break
        time.sleep(0.25)
    assert live_workspaces() == 0


@pytest.fixture(scope="module")
def registers(tmp_path_factory) -> dict[str, Path]:
    return {"real": REAL, "groups": write_register(tmp_path_factory.mktemp("groups"), GROUPS)}


def _cli(capsys, folder: Path, case: Case, *extra: str) -> str:
    capsys.readouterr()
    main(["--data", str(folder), "verify", case.certificate, "--as-of", case.day, *extra])
    return capsys.readouterr().out


def _link(result: dict, name: LinkName) -> dict:
    (link,) = [link for link in result["links"] if link["link"] == name.value]
    return link


def _card(registers: dict[str, Path], case: Case):
    at = upload(open_page(), _read(registers[case.register]))
    assert_clean(at)
    at = go(at, "verify", **{"verify.certificate": case.certificate, "verify.as_of": case.day})
    assert_clean(at)
    return at


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.certificate}")
def test_the_card_shows_the_dated_reason_its_source_and_agrees_with_the_cli(
    registers, capsys, case
):
    at = _card(registers, case)
    seen = words(at)
    title, gloss = VERDICT_TITLES[case.verdict]
    assert f"### {title}" in seen and gloss in seen
    # the link's card: its mark, its code, and the reason in words with the dates
    (card,) = [plain(m.value) for m in at.markdown if f"`{case.code}`" in m.value]
    for phrase in case.words:
        assert phrase in card, phrase
    # the CLI, on the same certificate and date, gives the same verdict and the same words
    (result,) = json.loads(_cli(capsys, registers[case.register], case, "--format", "json"))
    link = _link(result, case.link)
    assert (result["verdict"], link["code"]) == (case.verdict.value, case.code)
    assert case.code in result["reasons"]
    assert plain(MARKS[LinkStatus(link["status"])]) in card and link["message"] in card
    assert result["summary"] in seen
    for phrase in case.words:
        assert phrase in link["message"]
    # its sources: the card links to the first ones, the CLI lists them all
    captions = "\n".join(c.value for c in at.caption)
    for source in link["sources"][:SHOWN_SOURCES]:
        assert f"]({quote(source, safe=':/?#@!$&*+,;=%~-._')})" in captions, source
    if case.source:
        assert case.source in link["sources"][:SHOWN_SOURCES]
    else:
        assert not link["sources"]  # the made-up membership cites nothing


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.code}-{c.certificate}")
def test_the_evidence_pack_and_the_supplier_list_carry_the_reason(
    registers, capsys, tmp_path, case
):
    pack = json.loads(_cli(capsys, registers[case.register], case, "--format", "jsonld"))
    checks = {a["name"]: a for a in pack["@graph"][0]["ag:checkedLink"]}
    check = checks[f"{case.link.value} check"]
    assert check["result"]["propertyID"] == case.code
    assert all(phrase in check["result"]["description"] for phrase in case.words)
    if case.source:
        cited = json.dumps(check.get("dcterms:source", []))
        assert case.source in cited
    # the bulk result, in the CLI and on the page
    listing = tmp_path / "list.csv"
    listing.write_text(f"certificate\n{case.certificate}\n", encoding="utf-8")
    capsys.readouterr()
    main(["--data", str(registers[case.register]), "verify", "--input", str(listing),
          "--as-of", case.day, "--format", "csv"])  # fmt: skip
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["verdict"] == case.verdict.value and case.code in row["reasons"].split(";")
    at = _card(registers, case)
    at.file_uploader(key="verify.upload").upload("list.csv", listing.read_bytes(), "text/csv")
    at = at.run()
    assert_clean(at)
    (table,) = at.dataframe
    (shown,) = table.value.to_dict("records")
    assert shown["verdict"] == case.verdict.value and case.code in shown["reasons"].split(", ")
    # the same words; the page adds that the certificate came from the visitor's upload
    assert shown["summary"].startswith(row["summary"])
    assert "It rests on data a visitor uploaded" in shown["summary"]
