"""The lapse windows (graph/ingest/lapse_windows.py): the days on which each coverage node is
lapsed and its pair not covered by an accreditation in force, worked out at build and import
time, from which red-flag-lapsed-accreditation-valid-certificates starts. On plain dates they
must hold exactly the days the red flag's own test gives — at the days around every start and
end, after a build and after an import that covers a lapsed pair — and a build's windows,
worked out from its rows, must be those the store gives. A date they cannot place widens
them: the red flag checks again, so a window may hold more days, never fewer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.ingest import flag_pages
from graph.ingest.build import build_store, import_register
from graph.ingest.lapse_windows import (
    FIRST,
    LAST,
    UNPLACED,
    Coverage,
    lapse_windows,
    refresh_windows,
)
from graph.vocab.namespaces import AGC
from tests.conftest import write_register

ACTIVE = f"{AGC}accreditation-status/active"
WITHDRAWN = f"{AGC}accreditation-status/withdrawn"
day = dt.date.fromisoformat


def spans(coverages: list[Coverage], node: str = "urn:c") -> list[tuple[str, str]]:
    """The windows of ``node`` as (first day, last day)."""
    return [(w.start.isoformat(), w.until.isoformat()) for w in lapse_windows(coverages)
            if w.coverage == node]  # fmt: skip


def test_an_active_accreditation_lapses_the_day_after_it_ends():
    mine = Coverage("urn:c", "urn:p", "A-1", ACTIVE, day("2020-01-01"), day("2025-06-30"))
    assert spans([mine]) == [("2025-07-01", LAST.isoformat())]
    assert spans([Coverage("urn:c", "urn:p", "A-1", ACTIVE, day("2020-01-01"), LAST)]) == []


def test_accreditations_in_force_for_the_pair_cut_the_windows():
    mine = Coverage("urn:c", "urn:p", "A-1", WITHDRAWN, day("2020-01-01"), day("2030-01-01"))
    others = [
        Coverage("urn:r1", "urn:p", "A-2", ACTIVE, day("2021-01-01"), day("2021-12-31")),
        Coverage("urn:r2", "urn:p", "A-3", ACTIVE, day("2022-01-01"), day("2022-06-30")),  # next
        Coverage("urn:r3", "urn:p", "A-4", ACTIVE, day("2022-03-01"), day("2023-01-31")),  # over
        Coverage("urn:r4", "urn:p", "A-5", ACTIVE, day("2026-01-01"), day("2025-01-01")),  # none
        Coverage("urn:x", "urn:other", "A-6", ACTIVE, day("2010-01-01"), day("2040-01-01")),
    ]
    assert spans([mine, *others]) == [(FIRST.isoformat(), "2020-12-31"),
                                      ("2023-02-01", LAST.isoformat())]  # fmt: skip
    # a suspended or withdrawn accreditation covers nothing, whatever its dates
    assert spans([mine, Coverage("urn:s", "urn:p", "A-7", WITHDRAWN, FIRST, LAST)]) == [
        (FIRST.isoformat(), LAST.isoformat())
    ]


def test_dates_that_cannot_be_placed_widen_the_windows():
    # an end the windows cannot compare: lapsed on any day the pair is not covered
    mine = Coverage("urn:c", "urn:p", "A-1", ACTIVE, day("2020-01-01"), UNPLACED)
    cover = Coverage("urn:r", "urn:p", "A-2", ACTIVE, day("2021-01-01"), day("2021-12-31"))
    assert spans([mine, cover]) == [(FIRST.isoformat(), "2020-12-31"),
                                    ("2022-01-01", LAST.isoformat())]  # fmt: skip
    # an accreditation in force with such a date covers no day
    odd = Coverage("urn:r", "urn:p", "A-2", ACTIVE, UNPLACED, day("2030-01-01"))
    withdrawn = Coverage("urn:c", "urn:p", "A-1", WITHDRAWN, day("2020-01-01"), day("2021-01-01"))
    assert spans([withdrawn, odd]) == [(FIRST.isoformat(), LAST.isoformat())]
    # a status given as text: counted as lapsed (the red flag decides)
    text = Coverage("urn:c", "urn:p", "A-1", ACTIVE, day("2020-01-01"), day("2030-01-01"),
                    status_iri=False)  # fmt: skip
    assert spans([text]) == [(FIRST.isoformat(), LAST.isoformat())]


def test_a_node_the_red_flag_cannot_find_has_no_window():
    unfound = [
        Coverage("urn:c", "urn:p", None, WITHDRAWN, FIRST, LAST),
        Coverage("urn:c", "urn:p", "A-1", None, FIRST, LAST),
        Coverage("urn:c", "urn:p", "A-1", WITHDRAWN, FIRST, None),
    ]
    assert lapse_windows(unfound) == []


#: Days around which the red flag's answer changes most, and a few more.
DATES = ("2000-01-01", "2024-06-30", "2026-11-23", "2028-01-01", "2100-01-01")


def in_windows(store, on: str) -> set[str]:
    rows = sparql.run(
        store,
        f"""SELECT DISTINCT ?coverage WHERE {{
        ?window ag:lapseOf ?coverage ; ag:lapseFrom ?from ; ag:lapseUntil ?until .
        FILTER(?from <= "{on}"^^xsd:date && "{on}"^^xsd:date <= ?until) }}""",
        row_cap=None,
    )
    return {c.value for (c,) in rows.rows}


def lapsed_on(store, on: str) -> set[str]:
    """The red flag's own test: lapsed on the day, no accreditation in force for the pair."""
    rows = sparql.run(store, f"""SELECT DISTINCT ?coverage WHERE {{
        ?coverage ag:coveragePair ?pair ; ag:coverageNumber ?number ;
            ag:coverageStatus ?status ; ag:coverageUntil ?until .
        FILTER(STRAFTER(STR(?status), "accreditation-status/") != "active"
               || ?until < "{on}"^^xsd:date)
        FILTER NOT EXISTS {{
            ?good ag:coveragePair ?pair ;
                ag:coverageStatus <https://w3id.org/accredigraph/code/accreditation-status/active> ;
                ag:coverageFrom ?goodFrom ; ag:coverageUntil ?goodUntil .
            FILTER(?goodFrom <= "{on}"^^xsd:date && "{on}"^^xsd:date <= ?goodUntil) }} }}""",
        row_cap=None)  # fmt: skip
    return {c.value for (c,) in rows.rows}


def boundary_days(store, limit: int = 60) -> list[str]:
    """The day before, of and after the first and last days of some coverage nodes."""
    rows = sparql.run(
        store,
        """SELECT ?from ?until WHERE {
        ?c ag:coverageFrom ?from ; ag:coverageUntil ?until } ORDER BY ?c""",
        row_cap=None,
    )
    days = set(DATES)
    for start, until in rows.rows[:: max(len(rows.rows) // limit, 1)]:
        for d in (day(start.value), day(until.value)):
            days |= {(d + dt.timedelta(days=k)).isoformat() for k in (-1, 0, 1)}
    return sorted(days)


def assert_exact(store) -> int:
    """The windows hold exactly the red flag's days; returns how many (day, node) it saw."""
    seen = 0
    for on in boundary_days(store):
        want = lapsed_on(store, on)
        assert in_windows(store, on) == want, on
        seen += len(want)
    return seen


@pytest.mark.slow
def test_the_windows_hold_exactly_the_days_of_the_red_flag_at_10k(register_10k: Path):
    store, _ = build_store("memory", extra=[register_10k])
    assert assert_exact(store) > 100
    # worked out from the rows by the build, or from the store: the same windows
    before = set(store.dump(ox.RdfFormat.N_QUADS).splitlines())
    assert refresh_windows(store) == set()
    assert set(store.dump(ox.RdfFormat.N_QUADS).splitlines()) == before


@pytest.mark.slow
def test_an_import_covering_a_lapsed_pair_cuts_its_windows(register_10k: Path, tmp_path):
    store, _ = build_store("memory", extra=[register_10k])
    node = sorted(lapsed_on(store, "2026-11-23"))[0]
    rows = sparql.run(store, f"""SELECT ?cb ?cbId ?pair ?work ?code WHERE {{
        <{node}> ag:coverageBody ?cb ; ag:coveragePair ?pair ; ag:coverageOf ?a .
        ?cb dcterms:identifier ?cbId . ?a ag:coversStandard ?s .
        {{ ?s a ag:Standard . BIND(?s AS ?work) }} UNION {{ ?s dcterms:isVersionOf ?work }}
        ?work ag:designation ?code }}""", row_cap=None).records()  # fmt: skip
    (row,) = [r for r in rows if flag_pages.pair_page(r["cb"], r["work"]) == r["pair"]]
    renewal = {
        "id": "T-RENEWAL",
        "accreditation_body": "G-AB-001",
        "certification_body": row["cbId"],
        "standards": row["code"],
        "sectors": "",
        "valid_from": "2026-01-01",
        "valid_until": "2027-06-30",
        "status": "active",
    }
    # certificates alone change no coverage node: the windows stay as they are, untouched
    windows = sorted(map(str, sparql.run(store, """SELECT ?w ?p ?o WHERE {
        ?w ag:lapseOf ?c ; ?p ?o }""", row_cap=None).rows))  # fmt: skip
    certificate = {"id": "T-ONLY-1", "organisation": "Only Certificates (synthetic)",
                   "country": "DE", "certification_body": row["cbId"],
                   "standard": row["code"], "sectors": "", "issued": "2025-01-10",
                   "valid_until": "2027-03-31", "status": "valid", "scope": "x"}  # fmt: skip
    import_register(store, write_register(tmp_path / "only", {"certificates.csv": [certificate]}))
    assert sorted(map(str, sparql.run(store, """SELECT ?w ?p ?o WHERE {
        ?w ag:lapseOf ?c ; ?p ?o }""", row_cap=None).rows)) == windows  # fmt: skip
    import_register(store, write_register(tmp_path / "renewal", {"accreditations.csv": [renewal]}))
    assert assert_exact(store) > 100
    # covered on the day by the renewal, uncovered again the day after it ends
    assert node not in in_windows(store, "2026-11-23")
    assert node in in_windows(store, "2025-12-31") and node in in_windows(store, "2027-07-01")
