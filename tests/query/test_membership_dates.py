"""Named queries that list memberships count a membership only on its dates (issue 11).

BSCA's membership of EA ended on 2023-05-23 (``data/memberships.csv``: EA terminated it at its
General Assembly of 24-25 May 2023). The queries that list or count the members of a group on a
date (``asOf``) keep it on its last day and leave it out the day after; the undated views (who is
who, the ecosystem projection) leave out a membership that ended before today. The expected
members are read from the CSV, not from the graph.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from graph.query import named_queries, run_named

DATA = Path(__file__).resolve().parents[2] / "data"
LAST_DAY = dt.date(2023, 5, 23)
BSCA = "https://w3id.org/accredigraph/id/body/bsca"
EA = "https://w3id.org/accredigraph/id/body/ea"

READS_MEMBERSHIPS = re.compile(r"org:(Membership|organization|member|memberOf)\b")
#: Queries that list or count memberships on the date asked (``asOf``).
DATED = ("regional-group-members", "accreditation-bodies-by-group", "certificate-chain")
#: Queries that read memberships on no date, and why.
UNDATED = {
    "chain-groups": "the verifier's read: every membership with its dates; the rules keep "
    "those in force on their date (graph.verify.rules)",
    "chain-signatory": "whether a network ever admitted the body: a membership that ended "
    "still does (the accreditation-mill line does not depend on the date)",
    "red-flag-ab-not-signatory-direct": "its problem no-recognised-network means no membership "
    "at any date, as chain-signatory",
    "internal-flag-signatories": "what the build-time red flags read, as "
    "red-flag-ab-not-signatory-direct does",
    "projection-edges": "the ecosystem as it stands: memberships that ended before today left out",
    "who-is-who": "counts today's members: memberships that ended before today left out",
}


def _ea_members_on(day: dt.date) -> set[str]:
    """The ids of EA's members on ``day``, from data/memberships.csv."""
    with (DATA / "memberships.csv").open(newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["organisation"] == "ea"]
    return {
        r["member"]
        for r in rows
        if (not r["valid_from"] or dt.date.fromisoformat(r["valid_from"]) <= day)
        and (not r["valid_until"] or day <= dt.date.fromisoformat(r["valid_until"]))
    }


def test_every_query_reading_memberships_is_dated_or_says_why_not():
    readers = {q.name for q in named_queries().values() if READS_MEMBERSHIPS.search(q.text)}
    assert readers == set(DATED) | set(UNDATED)
    for name in DATED:
        query = named_queries()[name]
        assert "asOf" in {p.name for p in query.params}, name
        assert "ag:validUntil" in query.text and "ag:validFrom" in query.text, name
    for name in ("projection-edges", "who-is-who"):
        assert "ag:validUntil" in named_queries()[name].text, name


def test_the_bundled_data_records_bsca_leaving_ea():
    assert "bsca" in _ea_members_on(LAST_DAY)
    assert "bsca" not in _ea_members_on(LAST_DAY + dt.timedelta(days=1))


@pytest.mark.parametrize("day", [LAST_DAY, LAST_DAY + dt.timedelta(days=1)])
def test_regional_group_members_are_the_members_on_the_day(bundled_store, day):
    rows = run_named(bundled_store, "regional-group-members",
                     {"group": "ea", "asOf": day.isoformat()}, row_cap=None).records()  # fmt: skip
    assert {r["abId"] for r in rows} == _ea_members_on(day)


def test_accreditation_bodies_by_group_counts_the_members_on_the_day(bundled_store):
    def ea_count(day: dt.date) -> int:
        rows = run_named(bundled_store, "accreditation-bodies-by-group",
                         {"asOf": day.isoformat()}, row_cap=None).records()  # fmt: skip
        return next(int(r["members"]) for r in rows if r["acronym"] == "EA")

    before, after = ea_count(LAST_DAY), ea_count(LAST_DAY + dt.timedelta(days=1))
    assert (before, after) == (len(_ea_members_on(LAST_DAY)),
                               len(_ea_members_on(LAST_DAY + dt.timedelta(days=1))))  # fmt: skip
    assert before == after + 1


def test_the_chain_of_a_bsca_accreditation_names_ea_only_while_bsca_belonged(register_store):
    store = register_store({
        "certification_bodies.csv": [
            {"id": "t-by", "name": "T BY Certification", "country": "BY", "website": ""}],
        "accreditations.csv": [
            {"id": "T-BY-A", "accreditation_body": "bsca", "certification_body": "t-by",
             "standards": "ISO 9001", "sectors": "", "valid_from": "2019-01-01",
             "valid_until": "2027-12-31", "status": "active"}],
        "certificates.csv": [
            {"id": "T-BY-C", "organisation": "T BY Widgets", "country": "BY",
             "certification_body": "t-by", "standard": "ISO 9001:2015", "sectors": "",
             "issued": "2020-06-01", "valid_until": "2026-05-31", "status": "valid",
             "scope": "x"}],
    })  # fmt: skip

    def groups(day: dt.date) -> list:
        rows = run_named(store, "certificate-chain",
                         {"certificate": "T-BY-C", "asOf": day.isoformat()}).records()  # fmt: skip
        return [r["groups"] for r in rows]

    assert groups(LAST_DAY) == ["EA"]
    assert groups(LAST_DAY + dt.timedelta(days=1)) == [None]


def test_today_views_leave_out_a_membership_that_ended(bundled_store):
    edges = run_named(bundled_store, "projection-edges", row_cap=None).records()
    members = {(str(r["a"]), str(r["b"])) for r in edges if r["relation"] == "member of"}
    assert (BSCA, EA) not in members
    assert ("https://w3id.org/accredigraph/id/body/ukas", EA) in members
    rows = run_named(bundled_store, "who-is-who", row_cap=None).records()
    ea = next(r for r in rows if str(r["thing"]) == EA)
    assert int(ea["count"]) == len(_ea_members_on(dt.date.today()))
    assert "ended" in ea["countOf"]
