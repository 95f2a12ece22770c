"""Date questions answered in two steps give the answer of the query as written (issue 14).

A named query whose header says ``# first: NAME`` runs ``NAME`` first and starts from its rows
(``VALUES``). The ``.rq`` text stays a complete query, the reference: on a generated register of
a few thousand certificates, at dates before, inside and after the transitions and the
accreditations' lapses, the two-step answer must equal the direct one row for row, and stay
equal when the first step is too large to hand on. The seed's terms go through the term
writer, so a hostile value stays a value.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.query import load_named, named_queries, run_named
from graph.query import named as named_module
from graph.query.params import bind_value

TWO_STEP = sorted(n for n, q in named_queries().items() if q.first)
DATES = ("2019-06-30", "2024-01-15", "2026-11-23", "2028-06-30")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("first-step") / "register"
    generate_register(folder, 3_000, seed=11)
    store, _ = build_store("memory", extra=[folder])
    return store


def _direct(store, name: str, params: dict[str, str]) -> list[tuple]:
    query = load_named(name)
    bindings = {p.name: bind_value(p, params.get(p.name, p.default), store) for p in query.params}
    result = sparql.run(store, sparql.Query(query.text, name), bindings=bindings, row_cap=None,
                        timeout=None, trusted=True)  # fmt: skip
    return [tuple(map(str, row)) for row in result.rows]


def _seeded(store, name: str, params: dict[str, str]) -> list[tuple]:
    result = run_named(store, name, params, row_cap=None, timeout=None)
    return [tuple(map(str, row)) for row in result.rows]


def test_the_date_questions_are_two_step():
    assert {
        "expiring-certificates",
        "red-flag-void-edition",
        "red-flag-lapsed-accreditation-valid-certificates",
    } <= set(TWO_STEP)
    for name in TWO_STEP:
        first = load_named(named_queries()[name].first)
        assert first.audience == "internal"
        assert {p.name for p in first.params} <= {p.name for p in load_named(name).params}


@pytest.mark.parametrize("name", TWO_STEP)
@pytest.mark.parametrize("day", DATES)
def test_two_steps_answer_as_the_query_written(generated, name, day):
    params = {"asOf": day}
    direct = _direct(generated, name, params)
    assert _seeded(generated, name, params) == direct


def test_the_reference_answers_are_not_empty(generated):
    # The comparison above means something only if the questions have answers here.
    for name in TWO_STEP:
        assert any(_direct(generated, name, {"asOf": day}) for day in DATES), name


def test_a_first_step_too_large_to_hand_on_runs_the_query_as_written(generated, monkeypatch):
    name = "expiring-certificates"
    expected = _direct(generated, name, {"asOf": "2026-11-23", "days": "365"})
    assert len(expected) > 1
    monkeypatch.setattr(named_module, "SEED_CAP", 1)
    assert _seeded(generated, name, {"asOf": "2026-11-23", "days": "365"}) == expected


def test_a_seeded_value_stays_a_value(bundled_store):
    hostile = '"} } SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } #'
    text = sparql.seed_values("SELECT ?x WHERE { }", ["x"], [(ox.Literal(hostile),)])
    result = sparql.run(bundled_store, text, row_cap=None)
    assert [row[0].value for row in result.rows] == [hostile]


def test_the_reference_queries_exist_as_files():
    for name in TWO_STEP:
        assert Path(load_named(name).path).read_text(encoding="utf-8").count("# first:") == 1
