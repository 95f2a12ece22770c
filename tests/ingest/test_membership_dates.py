"""``memberships.csv`` with optional first and last days (``valid_from``, ``valid_until``).

A register may leave the columns out; when present, each cell is a day ``YYYY-MM-DD`` or empty,
and the end may not come before the start; a bad cell is reported with file, line and column,
and nothing is loaded. A membership that ended gets no ``org:memberOf`` shortcut (plain queries
would read it as current). The build-time red flag ``ab-not-signatory`` keeps calling a body a
network once admitted "not-signatory", never "no-recognised-network", and keeps agreeing with
its direct query.
"""

from __future__ import annotations

import pytest

from graph import sparql
from graph.errors import DataError
from graph.ingest.build import build_store
from tests.conftest import BASE_REGISTER
from tests.ingest.test_flags import assert_same_answers, flags

AG = "https://w3id.org/accredigraph/def#"
ORG = "http://www.w3.org/ns/org#"
AGD = "https://w3id.org/accredigraph/id/"


def _tables(**membership: str) -> dict:
    """BASE_REGISTER with its accreditation from t-ab, an accreditation body that signed
    nothing, plus one membership of t-ab in EA."""
    tables = {name: [dict(r) for r in rows] for name, rows in BASE_REGISTER.items()}
    tables["accreditation_bodies.csv"] = [
        {"id": "t-ab", "name": "T Accreditation Service", "country": "FR", "iaf_mla_scopes": "",
         "website": ""}]  # fmt: skip
    tables["accreditations.csv"][0]["accreditation_body"] = "t-ab"
    row = {"member": "t-ab", "organisation": "ea", "role": "member", "confidence": "verified"}
    tables["memberships.csv"] = [{**row, **membership}]
    return tables


def _problems(make_register, tables) -> list[str]:
    with pytest.raises(DataError) as info:
        build_store("memory", extra=[make_register(tables)])
    return [str(p) for p in info.value.problems]


def _dates(store) -> tuple:
    rows = sparql.run(
        store,
        f"""SELECT ?from ?until WHERE {{
        OPTIONAL {{ <{AGD}membership/t-ab/ea> <{AG}validFrom> ?from }}
        OPTIONAL {{ <{AGD}membership/t-ab/ea> <{AG}validUntil> ?until }} }}""",
    ).records()
    (row,) = rows
    return row.get("from"), row.get("until")


def _member_of(store) -> bool:
    ask = f"ASK {{ <{AGD}body/t-ab> <{ORG}memberOf> <{AGD}body/ea> }}"
    return sparql.run(store, ask).value


def test_a_file_without_the_date_columns_is_read_as_before(register_store):
    store = register_store(_tables())
    assert _dates(store) == (None, None)
    assert _member_of(store)


def test_dates_are_written_and_an_ended_membership_gets_no_member_of_shortcut(register_store):
    store = register_store(_tables(valid_from="2015-01-01", valid_until="2023-05-23"))
    assert tuple(str(d) for d in _dates(store)) == ("2015-01-01", "2023-05-23")
    assert not _member_of(store)


def test_a_membership_with_only_a_start_is_current(register_store):
    store = register_store(_tables(valid_from="2015-01-01", valid_until=""))
    assert str(_dates(store)[0]) == "2015-01-01" and _dates(store)[1] is None
    assert _member_of(store)


@pytest.mark.parametrize(
    ("column", "value"), [("valid_until", "May 2023"), ("valid_from", "2023-02-30")]
)
def test_a_bad_day_is_reported_with_file_line_and_column(make_register, column, value):
    problems = _problems(make_register, _tables(**{column: value}))
    assert f"memberships.csv:2: {column}: not a date (YYYY-MM-DD): {value!r}" in " ".join(problems)


def test_an_end_before_the_start_is_an_error(make_register):
    problems = _problems(make_register, _tables(valid_from="2024-01-01", valid_until="2023-05-23"))
    assert any(
        "memberships.csv:2: valid_until: 2023-05-23 is before valid_from 2024-01-01" in p
        for p in problems
    )


def test_a_bad_day_does_not_hide_the_rows_other_problems(make_register):
    problems = _problems(make_register, _tables(valid_until="soon", member="no-such-body"))
    assert any("valid_until: not a date" in p for p in problems)
    assert any("member: unknown body id 'no-such-body'" in p for p in problems)


@pytest.mark.slow
def test_a_body_whose_membership_ended_is_flagged_not_signatory_not_a_mill(register_store):
    store = register_store(_tables(valid_until="2023-05-23"))
    assert_same_answers(store)
    problems = {p for _, acc, p in flags(store, "ab-not-signatory") if acc == "T-A-1"}
    assert problems == {"not-signatory"}
