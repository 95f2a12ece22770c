"""A body is a signatory for a sub-scope only from the day it signed for it (issue 11, items 1
and 3).

``data/accreditation_bodies.csv`` gives, where a source does, the day each body became an IAF
MLA signatory for each sub-scope (``iaf_mla_scope_since``): UKAS for ISO 45001 on 2020-02-05,
through EA (EA's page "Approval of EA's application by IAF for the MLA sub-scope OH&S
management system": "recognized for the IAF MLA scope extension ISO/IEC TS 17021-10 and ISO
45001 as of 5th February 2020"); SNAS for ISO 9001 in 2003 (its own page gives the year only).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
from pathlib import Path

import pytest

import graph
from graph.errors import DataError
from graph.verify.chain import verify
from graph.verify.evidence import evidence_pack
from graph.verify.model import LinkName, LinkStatus, Verdict
from graph.verify.record import data_version, record_html
from tests.conftest import BASE_REGISTER, write_register

ROOT = Path(graph.__file__).resolve().parent.parent
OHS_SOURCE = (
    "https://european-accreditation.org/approval-of-eas-application-by-iaf-for-the-mla-sub-"
    "scope-occupational-health-and-safety-ohs-management-system/"
)
OHS_START = dt.date(2020, 2, 5)


@pytest.fixture(scope="module")
def dated_store(tmp_path_factory):
    """A UKAS-accredited ISO 45001 certificate and an SNAS-accredited ISO 9001 one, both
    accredited and valid from 2001 to 2030."""
    from graph.ingest import build_store

    tables = copy.deepcopy(BASE_REGISTER)
    tables["certification_bodies.csv"].append(
        {"id": "t-cb2", "name": "Test Certifikacia s.r.o.", "country": "SK", "website": ""}
    )
    tables["accreditations.csv"] = [
        {
            **tables["accreditations.csv"][0],
            "standards": "ISO 45001",
            "valid_from": "2001-01-01",
            "valid_until": "2030-12-31",
        },
        {
            **tables["accreditations.csv"][0],
            "id": "T-A-2",
            "accreditation_body": "snas",
            "certification_body": "t-cb2",
            "standards": "ISO 9001",
            "valid_from": "2001-01-01",
            "valid_until": "2030-12-31",
        },
    ]
    cert = tables["certificates.csv"][0]
    tables["certificates.csv"] = [
        {**cert, "standard": "ISO 45001:2018", "issued": "2018-06-01", "valid_until": "2030-05-31"},
        {**cert, "id": "T-C-2", "certification_body": "t-cb2", "standard": "ISO 9001",
         "issued": "2001-06-01", "valid_until": "2030-05-31"},
    ]  # fmt: skip
    folder = write_register(tmp_path_factory.mktemp("scope-dates") / "register", tables)
    store, _ = build_store("memory", extra=[folder])
    return store


def test_before_its_start_day_ukas_is_not_yet_a_signatory_for_iso_45001(dated_store):
    day = OHS_START - dt.timedelta(days=1)
    result = verify(dated_store, "T-C-1", as_of=day)
    link = result.link(LinkName.MLA_SIGNATORY)
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert link.code == "MLA_SCOPE_NOT_YET_SIGNED" and link.status is LinkStatus.FAIL
    assert "became an IAF MLA signatory for ISO 45001 on 2020-02-05, through EA" in link.message
    assert f"on {day} it was not yet one" in link.message
    assert OHS_SOURCE in link.sources
    assert link.message in result.summary
    assert result.link(LinkName.ACCREDITATION).code == "ACCREDITATION_VALID"


def test_from_its_start_day_ukas_is_a_signatory_for_iso_45001(dated_store):
    result = verify(dated_store, "T-C-1", as_of=OHS_START)
    link = result.link(LinkName.MLA_SIGNATORY)
    assert result.verdict is Verdict.ACCREDITED
    assert link.code == "MLA_SIGNATORY" and "(since 2020-02-05, through EA)" in link.message
    assert OHS_SOURCE in link.sources
    # the Global ACI MRA carried the signature over on 2026-01-01
    later = verify(dated_store, "T-C-1", as_of=dt.date(2027, 6, 1))
    assert later.verdict is Verdict.ACCREDITED and later.arrangement == "Global ACI MRA"


def test_the_record_and_evidence_pack_say_why(dated_store):
    result = verify(dated_store, "T-C-1", as_of=dt.date(2018, 7, 15))
    html = record_html([result], data_version(dated_store))
    assert "MLA_SCOPE_NOT_YET_SIGNED" in html and OHS_SOURCE in html
    assert "on 2018-07-15 it was not yet one" in html
    pack = json.dumps(evidence_pack([result]))
    assert "MLA_SCOPE_NOT_YET_SIGNED" in pack and OHS_SOURCE in pack


@pytest.mark.parametrize(
    ("as_of", "verdict", "code"),
    [
        (dt.date(2002, 12, 31), Verdict.ACCREDITED_UNRECOGNISED, "MLA_SCOPE_NOT_YET_SIGNED"),
        (dt.date(2003, 6, 1), Verdict.ACCREDITED_UNRECOGNISED, "MLA_SCOPE_UNKNOWN"),
        (dt.date(2003, 12, 31), Verdict.ACCREDITED, "MLA_SIGNATORY"),
    ],
)
def test_a_start_known_by_its_year_only_leaves_that_year_open(dated_store, as_of, verdict, code):
    result = verify(dated_store, "T-C-2", as_of=as_of)
    link = result.link(LinkName.MLA_SIGNATORY)
    assert (result.verdict, link.code) == (verdict, code)
    if code != "MLA_SIGNATORY":
        assert "between 2003-01-01 and 2003-12-31" in link.message
        assert "https://www.snas.sk/en/medzinarodna-spolupraca/iaf" in link.sources


def _bodies() -> list[dict[str, str]]:
    with (ROOT / "data/accreditation_bodies.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_dated_scope_in_the_data_has_a_source_and_is_a_listed_scope():
    dated = 0
    for row in _bodies():
        scopes = {s.strip() for s in row["iaf_mla_scopes"].split(";")}
        sources = row["iaf_mla_scope_since_source"]
        for item in filter(None, (i.strip() for i in row["iaf_mla_scope_since"].split(";"))):
            designation = item.partition("=")[0]
            assert designation in scopes, (row["id"], item)
            assert f"{designation}=http" in sources, (row["id"], item)
            dated += 1
    assert dated >= 70  # docs/data-sources.md counts them


def test_a_bad_start_day_in_a_register_is_refused_with_file_line_and_field(tmp_path):
    from graph.ingest.build import check

    bodies = [{"id": "t-ab", "name": "Test Accreditation", "country": "GB",
               "iaf_mla_scopes": "ISO 9001", "website": "", "iaf_mla_signatory": "yes",
               "iaf_mla_scope_since": "ISO 14001=2004-10-09;ISO 9001=spring 1999",
               "iaf_mla_scope_since_source": "https://example.org/"}]  # fmt: skip
    folder = write_register(tmp_path / "register", {"accreditation_bodies.csv": bodies})
    with pytest.raises(DataError) as raised:
        check(extra=[folder])
    text = str(raised.value)
    assert "accreditation_bodies.csv:2: iaf_mla_scope_since: 'ISO 14001'" in text
    assert "not one of the scopes (sub-scopes or main scopes) in iaf_mla_scopes" in text
    assert "'ISO 9001=spring 1999'" in text
