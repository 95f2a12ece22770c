"""Issue 11: a membership that ended no longer counts (memberships with dates).

EA terminated BSCA's (Belarus) membership with immediate effect at its 53rd General Assembly of
24-25 May 2023; ``data/memberships.csv`` records its last day as 2023-05-23. A certificate of a
certification body BSCA accredits (fictional, in a register) is checked on a day before that and
on a day after, and on the last day itself: before, BSCA belongs to EA; after, it belongs to no
regional group, its words say since when, and it is still a known accreditation body outside the
arrangement, never the accreditation-mill red flag (a body no network has ever admitted).
"""

from __future__ import annotations

import datetime as dt

import pytest

from graph.ingest.build import build_store
from graph.verify import verify
from graph.verify.model import LinkName, LinkStatus, Verdict
from tests.conftest import write_register

BSCA_EA = "https://w3id.org/accredigraph/id/membership/bsca/ea"
OXEBRIDGE = "https://www.oxebridge.com/emma/belarus-ejected-from-iaf-regional-body-but-only-because-reasons/"
LAST_DAY = dt.date(2023, 5, 23)

REGISTER = {
    "certification_bodies.csv": [
        {"id": "minsk-cert", "name": "Minsk Test Certification (fictional)", "country": "BY",
         "website": ""}],
    "accreditation_bodies.csv": [
        {"id": "mill-ab", "name": "Worldwide Quality Accreditation Board (fictional)",
         "country": "US", "iaf_mla_scopes": "", "website": ""},
        {"id": "gone-ab", "name": "Gone Accreditation Service (fictional)", "country": "GB",
         "iaf_mla_scopes": "", "website": ""}],
    "memberships.csv": [
        {"member": "gone-ab", "organisation": "ea", "role": "member", "confidence": "verified",
         "valid_from": "2015-01-01", "valid_until": "2020-12-31"}],
    "accreditations.csv": [
        {"id": "BY-A-1", "accreditation_body": "bsca", "certification_body": "minsk-cert",
         "standards": "ISO 9001", "sectors": "", "valid_from": "2019-01-01",
         "valid_until": "2027-12-31", "status": "active"}],
    "certificates.csv": [
        {"id": "BY-C-1", "organisation": "Belarus Widgets (fictional)", "country": "BY",
         "certification_body": "minsk-cert", "standard": "ISO 9001:2015", "sectors": "17",
         "issued": "2020-06-01", "valid_until": "2026-05-31", "status": "valid",
         "scope": "Machining"}],
}  # fmt: skip


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = write_register(tmp_path_factory.mktemp("bsca") / "register", REGISTER)
    built, _ = build_store("memory", extra=[folder])
    return built


def _links(result):
    return {link.name: link for link in result.links}


def test_before_the_end_bsca_belongs_to_ea(store):
    result = verify(store, "BY-C-1", as_of=dt.date(2022, 6, 1))
    links = _links(result)
    group = links[LinkName.REGIONAL_GROUP]
    assert (group.code, group.status) == ("GROUP_MEMBER", LinkStatus.PASS)
    assert "belongs to the regional group EA" in group.message
    assert BSCA_EA in group.evidence and OXEBRIDGE in group.sources
    mla = links[LinkName.MLA_SIGNATORY]
    assert mla.code == "MLA_NOT_SIGNATORY"  # a known body (BSCA's IAF record says "no")
    assert "belongs to no regional group" not in mla.message
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED


def test_on_its_last_day_the_membership_still_counts(store):
    group = _links(verify(store, "BY-C-1", as_of=LAST_DAY))[LinkName.REGIONAL_GROUP]
    assert group.code == "GROUP_MEMBER"


def test_after_the_end_bsca_belongs_to_no_regional_group_and_is_no_mill(store):
    day = LAST_DAY + dt.timedelta(days=1)
    result = verify(store, "BY-C-1", as_of=day)
    links = _links(result)
    group = links[LinkName.REGIONAL_GROUP]
    assert (group.code, group.status) == ("GROUP_ENDED", LinkStatus.FAIL)
    assert "belongs to no regional group" in group.message
    assert "ended on 2023-05-23" in group.message
    assert "belongs to the regional group" not in group.message
    assert BSCA_EA in group.evidence and OXEBRIDGE in group.sources
    mla = links[LinkName.MLA_SIGNATORY]
    assert (mla.code, mla.status) == ("MLA_NOT_SIGNATORY", LinkStatus.FAIL)
    assert f"On {day} it belongs to no regional group" in mla.message
    assert "ended on 2023-05-23" in mla.message
    assert "mill" not in mla.message
    assert BSCA_EA in mla.evidence
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert "belongs to no regional group" in result.summary


def test_today_bsca_is_still_outside_ea(store):
    result = verify(store, "BY-C-1", as_of=dt.date(2026, 5, 1))
    assert _links(result)[LinkName.REGIONAL_GROUP].code == "GROUP_ENDED"


def _mill_register(tmp_path_factory, member: bool):
    tables = {
        **REGISTER,
        "accreditations.csv": [
            {"id": "X-A-1", "accreditation_body": "gone-ab" if member else "mill-ab",
             "certification_body": "minsk-cert", "standards": "ISO 9001", "sectors": "",
             "valid_from": "2019-01-01", "valid_until": "2027-12-31", "status": "active"}],
    }  # fmt: skip
    folder = write_register(tmp_path_factory.mktemp("mill") / "register", tables)
    built, _ = build_store("memory", extra=[folder])
    return built


def test_a_body_no_network_ever_admitted_is_the_mill_red_flag(tmp_path_factory):
    store = _mill_register(tmp_path_factory, member=False)
    links = _links(verify(store, "BY-C-1", as_of=dt.date(2022, 6, 1)))
    assert links[LinkName.MLA_SIGNATORY].code == "MLA_NO_NETWORK"
    assert links[LinkName.REGIONAL_GROUP].code == "GROUP_NONE"


def test_a_register_membership_is_dated_too(tmp_path_factory):
    store = _mill_register(tmp_path_factory, member=True)
    during = _links(verify(store, "BY-C-1", as_of=dt.date(2020, 7, 1)))
    after = _links(verify(store, "BY-C-1", as_of=dt.date(2022, 6, 1)))
    assert during[LinkName.REGIONAL_GROUP].code == "GROUP_MEMBER"
    assert after[LinkName.REGIONAL_GROUP].code == "GROUP_ENDED"
    assert "ran from 2015-01-01 to 2020-12-31" in after[LinkName.REGIONAL_GROUP].message
    assert after[LinkName.MLA_SIGNATORY].code == "MLA_NOT_SIGNATORY"
    before = _links(verify(store, "BY-C-1", as_of=dt.date(2014, 6, 1)))
    assert (before[LinkName.REGIONAL_GROUP].code, before[LinkName.REGIONAL_GROUP].status) == (
        "GROUP_NOT_YET", LinkStatus.UNKNOWN)  # fmt: skip
