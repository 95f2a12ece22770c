"""Verdicts on historic dates say only what was true then (issue 11).

Before the IAF MLA came into force (22 January 1998, for ISO 9001) no worldwide recognition
arrangement was, and it covered ISO 14001 only from 9 October 2004 (``data/arrangements.csv``,
with sources): on such a date the signatory link says so (``MLA_NOT_YET_IN_FORCE``) instead of
calling the accreditation body "an IAF MLA signatory", and the verdict is
``accredited-unrecognised``. The standard link names the edition that replaced a certificate's
only once that edition was published on or before the date checked.
"""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from graph.verify.chain import verify
from graph.verify.evidence import evidence_pack
from graph.verify.model import LinkName, LinkStatus, Verdict
from graph.verify.pdf import record_pdf
from graph.verify.record import data_version, record_html
from graph.verify.rules import NOT_YET_SUMMARY
from tests.conftest import BASE_REGISTER, write_register

MLA_START = dt.date(1998, 1, 22)
EMS_START = dt.date(2004, 10, 9)
#: The IAF's own news site: "13 IAF Accreditation Body (AB) Members first signed the IAF MLA
#: ... on 22 January 1998".
START_SOURCE = "https://iaf.news/2024/01/14/great-achievements/"


def _register(standard: str, issued: str, until: str) -> dict:
    tables = copy.deepcopy(BASE_REGISTER)
    tables["accreditations.csv"][0].update(valid_from="1993-01-01", valid_until="2030-12-31")
    tables["certificates.csv"][0].update(standard=standard, issued=issued, valid_until=until)
    return tables


@pytest.fixture(scope="module")
def historic_store(tmp_path_factory):
    """UKAS-accredited certificates to ISO 9001:1987, 9001:1994 and 14001:1996 (one register)."""
    from graph.ingest import build_store

    tables = _register("ISO 9001:1994", "1996-06-01", "1999-05-31")
    cert = tables["certificates.csv"][0]
    tables["certificates.csv"] += [
        {**cert, "id": "T-C-2", "standard": "ISO 14001:1996", "issued": "2003-01-01",
         "valid_until": "2005-12-31"},
        {**cert, "id": "T-C-3", "standard": "ISO 9001:1987", "issued": "1993-03-01",
         "valid_until": "1996-02-27"},
        {**cert, "id": "T-C-4", "standard": "ISO 14001:1996", "issued": "2003-01-01",
         "valid_until": "2006-05-14"},
    ]  # fmt: skip
    folder = write_register(tmp_path_factory.mktemp("historic") / "register", tables)
    store, _ = build_store("memory", extra=[folder])
    return store


def test_before_the_iaf_mla_no_arrangement_is_named_as_in_force(historic_store):
    result = verify(historic_store, "T-C-1", as_of=dt.date(1997, 6, 1))
    link = result.link(LinkName.MLA_SIGNATORY)
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert link.code == "MLA_NOT_YET_IN_FORCE" and link.status is LinkStatus.FAIL
    assert "No worldwide recognition arrangement for certification was in force on 1997-06-01" in (
        link.message
    )
    assert "came into force on 1998-01-22" in link.message
    assert "IAF MLA signatory" not in link.message and "IAF MLA signatory" not in result.summary
    assert result.arrangement is None  # nothing was in force: the record says no arrangement
    assert START_SOURCE in link.sources and link.evidence[-1].endswith("/arrangement/iaf-mla")
    assert result.summary.startswith(NOT_YET_SUMMARY)


def test_the_evidence_pack_and_record_name_no_arrangement_before_the_iaf_mla(historic_store):
    result = verify(historic_store, "T-C-1", as_of=dt.date(1997, 6, 1))
    html = record_html([result], data_version(historic_store))
    assert "MLA_NOT_YET_IN_FORCE" in html and START_SOURCE in html
    assert "Arrangement in force" not in html and "IAF MLA signature" not in html
    assert record_pdf([result], data_version(historic_store)).startswith(b"%PDF")
    pack = evidence_pack([result])
    assert "MLA_NOT_YET_IN_FORCE" in json.dumps(pack) and START_SOURCE in json.dumps(pack)
    later = verify(historic_store, "T-C-1", as_of=MLA_START)
    assert "Arrangement in force" in record_html([later], data_version(historic_store))


def test_from_the_day_the_iaf_mla_came_into_force_a_signatory_is_recognised(historic_store):
    result = verify(historic_store, "T-C-1", as_of=MLA_START)
    assert result.verdict is Verdict.ACCREDITED and result.arrangement == "IAF MLA"
    assert result.link(LinkName.MLA_SIGNATORY).code == "MLA_SIGNATORY"
    day_before = verify(historic_store, "T-C-1", as_of=MLA_START - dt.timedelta(days=1))
    assert day_before.link(LinkName.MLA_SIGNATORY).code == "MLA_NOT_YET_IN_FORCE"


def test_iso_14001_was_not_covered_before_the_ems_mla(historic_store):
    before = verify(historic_store, "T-C-2", as_of=EMS_START - dt.timedelta(days=1))
    link = before.link(LinkName.MLA_SIGNATORY)
    assert before.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert before.arrangement == "IAF MLA"  # in force, but not for ISO 14001 yet
    assert link.code == "MLA_NOT_YET_IN_FORCE"
    assert "did not yet cover ISO 14001" in link.message and "2004-10-09" in link.message
    after = verify(historic_store, "T-C-2", as_of=EMS_START)
    assert after.verdict is Verdict.ACCREDITED
    assert after.link(LinkName.MLA_SIGNATORY).code == "MLA_SIGNATORY"


def test_the_same_ab_is_recognised_for_iso_9001_while_iso_14001_was_not_yet(historic_store):
    day = dt.date(2003, 6, 1)
    assert verify(historic_store, "T-C-2", as_of=day).verdict is Verdict.ACCREDITED_UNRECOGNISED
    quality = verify(historic_store, "T-C-1", as_of=dt.date(1999, 1, 1))
    assert quality.verdict is Verdict.ACCREDITED


@pytest.mark.parametrize(
    ("as_of", "said"),
    [
        (dt.date(1993, 6, 1), None),  # ISO 9001:1994 did not exist yet
        (dt.date(1994, 6, 1), "was published in 1994; our sources do not give the day"),
        (dt.date(1995, 6, 1), "It has been replaced by ISO 9001:1994 (published in 1994)."),
    ],
)
def test_replaced_by_is_said_only_once_the_replacement_was_published(historic_store, as_of, said):
    message = verify(historic_store, "T-C-3", as_of=as_of).link(LinkName.STANDARD).message
    if said is None:
        assert "replaced" not in message and "1994" not in message
    else:
        assert said in message


def test_replaced_by_with_a_publication_day_is_said_from_that_day(historic_store):
    # ISO 14001:2004 was published on 2004-11-15 (data/standards.csv)
    before = verify(historic_store, "T-C-4", as_of=dt.date(2004, 11, 14))
    after = verify(historic_store, "T-C-4", as_of=dt.date(2004, 11, 15))
    assert "replaced" not in before.link(LinkName.STANDARD).message
    assert "It has been replaced by ISO 14001:2004 (published on 2004-11-15)." in (
        after.link(LinkName.STANDARD).message
    )


def test_the_chain_picture_says_no_arrangement_yet(historic_store):
    from graph.verify.picture import chain_graph

    labels = {d.get("label") for _, d in chain_graph(
        verify(historic_store, "T-C-1", as_of=dt.date(1997, 6, 1))).nodes(data=True)}  # fmt: skip
    assert "no arrangement yet" in labels and "IAF MLA signatory" not in labels
    later = chain_graph(verify(historic_store, "T-C-1", as_of=MLA_START))
    assert "IAF MLA signatory" in {d.get("label") for _, d in later.nodes(data=True)}
