"""Examples that stay true (issue 11, item 6): every sample certificate keeps the verdict its
label promises on every date from the sample data's as-of date to 2029-12-31, and the Learn
page, the Verify page and the command line show the same verdict on the same date."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import sparql
from graph.verify.chain import read_many, verify
from graph.verify.model import Verdict
from graph.verify.rules import evaluate
from graph.verify.samples import PROMISED_UNTIL, SAMPLE_AS_OF, promised_verdict, sample_date
from tests.verify.test_chain import CASE_CODES


def _dates() -> list[dt.date]:
    """Monthly from the as-of date (same day of the month, or the 28th), then the last day."""
    days, year, month = [], SAMPLE_AS_OF.year, SAMPLE_AS_OF.month
    while (day := dt.date(year, month, min(SAMPLE_AS_OF.day, 28))) <= PROMISED_UNTIL:
        days.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return [SAMPLE_AS_OF, *days[1:], PROMISED_UNTIL]


@pytest.fixture(scope="module")
def sample_cases(bundled_store) -> dict[str, str]:
    query = ("SELECT ?id ?case WHERE { ?c a ag:SampleRecord , ag:Certificate ; "
             "ag:number ?id ; ag:sampleCase ?case }")  # fmt: skip
    rows = sparql.run(bundled_store, query, row_cap=None)
    return {r["id"]: r["case"] for r in rows.records()}


def test_the_walk_covers_the_promised_dates():
    days = _dates()
    assert days[0] == SAMPLE_AS_OF and days[-1] == PROMISED_UNTIL >= dt.date(2029, 12, 31)
    assert len(days) > 36 and days == sorted(days)


def test_every_sample_keeps_its_promised_verdict_and_reason_on_every_date(
    bundled_store, sample_cases
):
    shared, certificates = read_many(bundled_store, sorted(sample_cases))
    facts = list(certificates)
    broken = []
    for day in _dates():
        for identifier, cert in facts:
            result = evaluate(identifier, cert, shared, day)
            case = sample_cases[identifier]
            code = CASE_CODES.get(case)
            kept = result.verdict is promised_verdict(case)
            if not kept or (code and code not in result.reasons):
                broken.append((day.isoformat(), identifier, case, result.verdict.value))
    assert broken[:10] == [] and len(sample_cases) > 200


def test_each_verdict_and_each_unrecognised_reason_has_a_sample(sample_cases):
    verdicts = {promised_verdict(case) for case in sample_cases.values()}
    assert verdicts == set(Verdict) - {Verdict.UNKNOWN}
    reasons = {c for c in sample_cases.values() if c.startswith("accredited-unrecognised:")}
    assert {r.split(":")[1] for r in reasons} == {
        "other-scopes-only", "outside-arrangement", "signatory-unconfirmed",
        "no-recognised-network"}  # fmt: skip


def test_the_date_the_pages_show_keeps_the_promises():
    assert sample_date(dt.date(2027, 6, 1)) == dt.date(2027, 6, 1)
    assert SAMPLE_AS_OF <= sample_date() <= PROMISED_UNTIL


def test_the_learn_pages_sample_is_what_its_label_and_the_page_promise(bundled_store, sample_cases):
    from explorer_pages.learn import SAMPLE_CERTIFICATE, SAMPLE_VERDICT

    assert promised_verdict(sample_cases[SAMPLE_CERTIFICATE]) is SAMPLE_VERDICT
    for day in (SAMPLE_AS_OF, sample_date(), PROMISED_UNTIL):
        assert verify(bundled_store, SAMPLE_CERTIFICATE, as_of=day).verdict is SAMPLE_VERDICT
