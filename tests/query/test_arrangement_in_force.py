"""The analyst queries that read signatory records name the arrangement in force on their date.

Before 22 January 1998 there was none; then the IAF MLA until 1 January 2026; from then on the
Global ACI MRA, which replaced it and carried its signatures over (``data/arrangements.csv``). A
query asked about a 2026 date must say "Global ACI MRA", and, because the signatures carried
over, find the same signatories as the day before; one asked about a date before 1998 names no
arrangement as in force and finds no signatory. The expected names are read from the CSV, not
from the graph, and must agree with the verifier's own rule (``graph.verify.recognition.in_force``).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from graph.query import named_queries, run_named

DATA = Path(__file__).resolve().parents[2] / "data"

#: Queries that show signatory state and therefore name the arrangement in force on ?asOf.
DATED = (
    "signatories-for-standard",
    "accredited-cbs-for-standard",
    "cb-accreditations",
    "certificate-chain",
    "regional-group-members",
    "accreditation-bodies-by-group",
)
#: Queries that read the signatory records without naming an arrangement, and why.
UNDATED = {
    "ab-source-counts": "how well each IAF MLA signatory record is sourced: a data report",
    "ab-source-status": "how well each IAF MLA signatory record is sourced: a data report",
    "chain-signatory": "the verifier's own read; it applies the arrangement in force itself",
    "red-flag-ab-not-signatory-direct": "not-a-signatory does not depend on the date "
    "(carry-over); red-flag-ab-not-signatory reads its answer from the build-time flags",
    "internal-flag-signatories": "what the build-time red flags read (graph.ingest.flags), "
    "as red-flag-ab-not-signatory-direct does",
    "red-flag-imitation-ab-names": "a signatory of any arrangement is a name worth imitating",
    "red-flag-imitation-ab-names-direct": "the reference text of red-flag-imitation-ab-names",
    "projection-edges": "draws each recorded signature under the arrangement it names",
    "who-is-who": "counts the signatures recorded under each arrangement",
}
#: Queries whose rows do not change across the replacement day except for the arrangement's name
#: (regional-group-members and accreditation-bodies-by-group also follow membership dates, and no
#: recorded membership starts or ends on those two days: tests/query/test_membership_dates.py).
SAME_ROWS = (
    "signatories-for-standard",
    "cb-accreditations",
    "certificate-chain",
    "regional-group-members",
    "accreditation-bodies-by-group",
)


def _arrangements() -> dict[str, dict[str, str]]:
    with (DATA / "arrangements.csv").open(newline="", encoding="utf-8") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def _expected_name(day: dt.date) -> str:
    rows = _arrangements()
    mla = rows["iaf-mla"]
    began = dt.date.fromisoformat(mla["in_force_from"])
    if day < began:
        return f"none in force ({mla['name']} from {began.isoformat()})"
    successor = rows[mla["superseded_by"]]
    carried = "iaf-mla" in successor["carries_over"].split(";")
    replaced = dt.date.fromisoformat(mla["superseded_on"])
    return successor["name"] if carried and day >= replaced else mla["name"]


def _replacement_day() -> dt.date:
    return dt.date.fromisoformat(_arrangements()["iaf-mla"]["superseded_on"])


def _rows(store, name: str, day: dt.date) -> list[dict]:
    return run_named(store, name, {"asOf": day.isoformat()}, row_cap=None).records()


def test_every_query_reading_signatory_records_is_dated_or_says_why_not():
    readers = {q.name for q in named_queries().values() if "ag:signatoryState" in q.text}
    assert readers == set(DATED) | set(UNDATED)
    for name in DATED:
        query = named_queries()[name]
        assert "asOf" in {p.name for p in query.params}, name
        assert "?arrangement" in query.text.split("WHERE")[0], name


@pytest.mark.parametrize("name", DATED)
def test_the_arrangement_named_is_the_one_in_force_on_the_date(bundled_store, name):
    day = _replacement_day()
    for when in (day - dt.timedelta(days=1), day, dt.date(2029, 12, 31)):
        rows = _rows(bundled_store, name, when)
        assert rows, (name, when)
        assert {r["arrangement"] for r in rows} == {_expected_name(when)}, (name, when)


def _start_day() -> dt.date:
    return dt.date.fromisoformat(_arrangements()["iaf-mla"]["in_force_from"])


#: Queries whose rows are signatories (or need one): none before the IAF MLA came into force.
ONLY_SIGNATORIES = ("signatories-for-standard", "accredited-cbs-for-standard")


@pytest.mark.parametrize("name", DATED)
def test_before_the_iaf_mla_no_arrangement_is_in_force_and_nobody_signed(bundled_store, name):
    day = _start_day()
    before = _rows(bundled_store, name, day - dt.timedelta(days=1))
    if name in ONLY_SIGNATORIES:
        assert before == []
    else:
        assert before, name
        assert {r["arrangement"] for r in before} == {"none in force (IAF MLA from 1998-01-22)"}
        assert not any(_shows_a_signatory(name, r) for r in before), name
    if name != "accredited-cbs-for-standard":  # no bundled accreditation is active in 1998
        on_the_day = _rows(bundled_store, name, day)
        assert {r["arrangement"] for r in on_the_day} == {"IAF MLA"}, name
        assert any(_shows_a_signatory(name, r) for r in on_the_day), name


def test_no_signatory_for_a_standard_before_the_arrangement_covered_it(bundled_store):
    # the IAF MLA covered ISO 14001 from 2004-10-09 (data/arrangements.csv)
    start = next(
        dt.date.fromisoformat(item.split("=")[1])
        for item in _arrangements()["iaf-mla"]["sub_scopes_in_force_from"].split(";")
        if item.startswith("ISO 14001=")
    )

    def listed(standard: str, day: dt.date) -> list[dict]:
        rows = run_named(
            bundled_store,
            "signatories-for-standard",
            {"standard": standard, "asOf": day.isoformat()},
            row_cap=None,
        ).records()
        return [r for r in rows if r["coverage"] == "listed"]  # fmt: skip

    assert listed("ISO 14001", start - dt.timedelta(days=1)) == []
    assert listed("ISO 14001", start)
    assert listed("ISO 9001", start - dt.timedelta(days=1))  # in force for ISO 9001 since 1998


def test_the_names_agree_with_the_verifiers_rule(bundled_store):
    from graph.verify.bodies import shared_facts
    from graph.verify.recognition import in_force

    rows = run_named(bundled_store, "chain-arrangements", {}, row_cap=None).records()
    arrangements = shared_facts([], [], [], rows).arrangements
    day, start = _replacement_day(), _start_day()
    for when in (day - dt.timedelta(days=1), day):
        assert in_force(arrangements, when).in_force == _expected_name(when)
    assert in_force(arrangements, start - dt.timedelta(days=1)).in_force is None
    assert in_force(arrangements, start).in_force == _expected_name(start) == "IAF MLA"


@pytest.mark.parametrize("name", SAME_ROWS)
def test_signatures_carry_over_so_the_rows_stay_the_same(bundled_store, name):
    day = _replacement_day()

    def without_date(rows: list[dict]) -> list[tuple]:
        return sorted(
            tuple(sorted((k, str(v)) for k, v in r.items() if k not in ("asOf", "arrangement")))
            for r in rows
        )

    before = _rows(bundled_store, name, day - dt.timedelta(days=1))
    after = _rows(bundled_store, name, day)
    assert without_date(before) and without_date(before) == without_date(after)
    # ... and the rows do find signatories under the arrangement in force, on both days.
    for rows in (before, after):
        assert any(_shows_a_signatory(name, r) for r in rows), name


def _shows_a_signatory(name: str, row: dict) -> bool:
    if name == "signatories-for-standard":
        return row["coverage"] == "listed"
    if name == "accreditation-bodies-by-group":
        return int(row["signatories"]) > 0
    return row["mlaState"] == "signatory"


def _since(ab: str, standard: str) -> dt.date:
    """The day ``ab`` became a signatory for ``standard`` (data/accreditation_bodies.csv)."""
    with (DATA / "accreditation_bodies.csv").open(newline="", encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["id"] == ab)
    item = next(i for i in row["iaf_mla_scope_since"].split(";") if i.startswith(standard + "="))
    return dt.date.fromisoformat(item.partition("=")[2].split()[0])


def test_a_body_is_listed_for_a_standard_only_from_the_day_it_signed_for_it(bundled_store):
    # UKAS signed for ISO 45001 through EA on 2020-02-05 (iaf_mla_scope_since): before that day
    # signatories-for-standard does not list it, nor does certificate-chain say it covers it.
    start = _since("ukas", "ISO 45001")
    assert start == dt.date(2020, 2, 5)

    def ukas(day: dt.date) -> list[dict]:
        rows = run_named(bundled_store, "signatories-for-standard",
                         {"standard": "ISO 45001", "asOf": day.isoformat()},
                         row_cap=None).records()  # fmt: skip
        return [r for r in rows if r["abId"] == "ukas"]

    assert ukas(start - dt.timedelta(days=1)) == []
    assert [r["coverage"] for r in ukas(start)] == ["listed"]
    # ISO 9001 has no later start day for UKAS: listed on the earlier day too
    rows = run_named(bundled_store, "signatories-for-standard",
                     {"standard": "ISO 9001", "asOf": (start - dt.timedelta(days=1)).isoformat()},
                     row_cap=None).records()  # fmt: skip
    assert any(r["abId"] == "ukas" and r["coverage"] == "listed" for r in rows)


def test_a_start_known_by_its_year_only_is_unknown_during_that_year(bundled_store):
    # SNAS signed for ISO 9001 in 2003 (its own page gives the year only)
    def snas(day: str) -> list[str]:
        rows = run_named(bundled_store, "signatories-for-standard",
                         {"standard": "ISO 9001", "asOf": day}, row_cap=None).records()  # fmt: skip
        return [r["coverage"] for r in rows if r["abId"] == "snas"]

    assert (snas("2002-12-31"), snas("2003-06-01"), snas("2004-01-01")) == (
        [],
        ["unknown"],
        ["listed"],
    )
