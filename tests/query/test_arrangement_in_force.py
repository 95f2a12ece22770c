"""The analyst queries that read signatory records name the arrangement in force on their date.

Before 1 January 2026 that is the IAF MLA; from then on the Global ACI MRA, which replaced it and
carried its signatures over (``data/arrangements.csv``). A query asked about a 2026 date must say
"Global ACI MRA", and, because the signatures carried over, find the same signatories as the day
before. The expected names are read from the CSV, not from the graph, and must agree with the
verifier's own rule (``graph.verify.recognition.in_force``).
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
#: Queries whose rows do not depend on the date except for the arrangement's name.
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


def test_the_names_agree_with_the_verifiers_rule(bundled_store):
    from graph.verify.bodies import shared_facts
    from graph.verify.recognition import in_force

    rows = run_named(bundled_store, "chain-arrangements", {}, row_cap=None).records()
    arrangements = shared_facts([], [], [], rows).arrangements
    day = _replacement_day()
    for when in (day - dt.timedelta(days=1), day):
        assert in_force(arrangements, when).label == _expected_name(when)


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
