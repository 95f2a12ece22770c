"""Questions answered in two steps give the answer of the query as written (issue 14).

A named query whose header says ``# first: NAME`` runs ``NAME`` first and starts from its rows
(``VALUES``). The ``.rq`` text stays a complete query, the reference: on a generated register of
a few thousand certificates, at dates before, inside and after the transitions and the
accreditations' lapses, the two-step answer must equal the direct one row for row, and stay
equal when the first step is too large to hand on. The seed's terms go through the term
writer, so a hostile value stays a value. Paged queries (``# page:``) are read a page at a time,
each next page asked for with the last row's values (``# after:``): the pages, put end to end,
must be the whole ordered answer — also where hundreds of certificates share a day, an
accreditation or an id prefix, and when the counts that guide the paging are missing or wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.ingest import flag_pages
from graph.ingest.build import build_store, import_register
from graph.ingest.generate import generate_register
from graph.query import load_named, named_queries, run_named, walk_named
from graph.query import named as named_module
from graph.query.params import bind_value
from tests.conftest import write_register

TWO_STEP = sorted(n for n, q in named_queries().items() if q.first)
PAGED = sorted(n for n, q in named_queries().items() if q.after)
CONSTANT = sorted(n for n, q in named_queries().items() if q.binding is sparql.Binding.CONSTANT)
DATES = ("2019-06-30", "2024-01-15", "2026-11-23", "2028-06-30")
#: The body that issues most of the generated certificates (its list is the long one).
BIG_CB = "G-CB-00010"
#: One day with hundreds of certificates, inside the default window (2026-11-23 + 90 days).
CROWDED_DAY = "2027-01-15"


def _crowd(folder: Path) -> Path:
    """A later import: 420 valid certificates of one body, all ending on one day, with ids
    whose text order is not their number order (K-1, K-10, K-100, K-1a, K-É …), and a
    withdrawn accreditation of the body for their standard (one accreditation, 420 flags)."""
    ids = [f"K-{n}" for n in range(400)] + [f"K-{x}" for x in ("1a", "1-", "10-0", "É", "z")]
    ids += [f"K-0{n}" for n in range(15)]
    certificates = [
        {"id": i, "organisation": f"Crowd {n} (synthetic)", "country": "FR",
         "certification_body": "t-crowd", "standard": "ISO 9001:2015", "sectors": "17",
         "issued": "2024-01-16", "valid_until": CROWDED_DAY, "status": "valid", "scope": "x"}
        for n, i in enumerate(ids)
    ]  # fmt: skip
    return write_register(folder, {
        "certification_bodies.csv": [
            {"id": "t-crowd", "name": "Crowd Certification (synthetic)", "country": "FR",
             "website": ""},
        ],
        "accreditations.csv": [
            {"id": "T-A-CROWD", "accreditation_body": "ukas", "certification_body": "t-crowd",
             "standards": "ISO 9001", "sectors": "17", "valid_from": "2022-01-01",
             "valid_until": "2029-12-31", "status": "withdrawn"},
        ],
        "certificates.csv": certificates,
    })  # fmt: skip


#: Flags a page of red flags gets here: small, so that every list spans many pages.
SMALL_PAGES = 16


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("first-step") / "register"
    generate_register(folder, 3_000, seed=11)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flag_pages, "PAGE_FLAGS", SMALL_PAGES)
        store, _ = build_store("memory", extra=[folder])
        import_register(store, _crowd(folder.parent / "crowd"))  # a second batch of counts
    return store


def _params(name: str, day: str) -> dict[str, str]:
    """The parameters a test asks ``name`` with: the date, the body with most certificates, or
    none (the red flags kept in pages do not depend on the date)."""
    own = {p.name for p in load_named(name).params}
    if "asOf" in own:
        return {"asOf": day}
    return {"cb": BIG_CB if day < "2025" else "t-crowd"} if "cb" in own else {}


def _days(name: str) -> list[str]:
    """The days ``name`` is asked on: every one of ``DATES`` when its answer depends on the
    date or the body, else one (the same question on every day: once is enough)."""
    depends = {p.name for p in load_named(name).params} & {"asOf", "cb"}
    return DATES if depends else ["2026-11-23"]


def _cases(names: list[str], caps: list[int] | None = None) -> list[tuple]:
    """(name, day) pairs, or (name, day, cap) with ``caps``: one row a page (cap 1) is a
    short list, asked once per query."""
    pairs = [(name, day) for name in names for day in _days(name)]
    if caps is None:
        return pairs
    return [(name, day, cap) for name, day in pairs for cap in caps
            if cap != 1 or day == "2026-11-23"]  # fmt: skip


def _bindings(store, name: str, params: dict[str, str]) -> dict:
    query = load_named(name)
    values = {p.name: params.get(p.name, p.default) for p in query.params}
    return {p.name: bind_value(p, values[p.name], store) for p in query.params if values[p.name]}


def _direct(store, name: str, params: dict[str, str]) -> list[tuple]:
    result = sparql.run(store, sparql.Query(load_named(name).text, name),
                        bindings=_bindings(store, name, params), row_cap=None, timeout=None,
                        trusted=True)  # fmt: skip
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


@pytest.mark.parametrize(("name", "day"), _cases(TWO_STEP))
def test_two_steps_answer_as_the_query_written(generated, name, day):
    params = _params(name, day)
    direct = _direct(generated, name, params)
    assert _seeded(generated, name, params) == direct


@pytest.mark.parametrize(("name", "day"), _cases(CONSTANT))
def test_parameters_written_in_expressions_give_the_same_answer(generated, name, day):
    """``# binding: constant`` writes the parameters into FILTERs and BINDs as well, for
    Oxigraph to filter while it reads (Oxigraph 0.5.13 folds date arithmetic on a constant
    to nothing: a query that did it would lose its rows here)."""
    assert "red-flag-lapsed-accreditation-valid-certificates" in CONSTANT
    query = load_named(name)
    bindings = _bindings(generated, name, _params(name, day))
    result = sparql.run(generated, sparql.Query(query.text, name, binding=query.binding),
                        bindings=bindings, row_cap=None, timeout=None, trusted=True)  # fmt: skip
    assert [tuple(map(str, row)) for row in result.rows] == _direct(generated, name,
                                                                   _params(name, day))  # fmt: skip


def test_the_reference_answers_are_not_empty(generated):
    # The comparison above means something only if the questions have answers here.
    for name in TWO_STEP:
        assert any(_direct(generated, name, _params(name, day)) for day in DATES), name


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


# --- keyset paging ----------------------------------------------------------------------------


def _shown(result, name: str) -> list[tuple]:
    """The rows without the cursor columns (bound on a next page, unbound in the reference)."""
    cursor = set(load_named(name).after)
    keep = [i for i, v in enumerate(result.variables) if v not in cursor]
    return [tuple(str(row[i]) for i in keep) for row in result.rows]


def _paged(store, name: str, params: dict[str, str], cap: int) -> list[tuple]:
    """Every page of ``name`` at ``cap`` rows, each next one asked for with the last row's
    values of the page's columns, as the app's "Next" button and ``--after`` ask for it, and
    as a download of every row walks them (:func:`graph.query.walk_named`)."""
    rows: list[tuple] = []
    for page in walk_named(store, name, params, page_rows=cap, timeout=None):
        assert len(page.rows) == cap or not page.truncated  # full, or the last
        rows += _shown(page, name)
    return rows


def _reference(store, name: str, params: dict[str, str]) -> list[tuple]:
    result = sparql.run(store, sparql.Query(load_named(name).text, name),
                        bindings=_bindings(store, name, params), row_cap=None, timeout=None,
                        trusted=True)  # fmt: skip
    return _shown(result, name)


def test_the_long_lists_are_paged():
    assert {"expiring-certificates", "certificates-of-cb"} <= set(PAGED)
    for name in PAGED:
        query = load_named(name)
        assert query.first and len(query.page) == len(query.after)
        # sorted by the page's columns, each as itself or as a key made from it with a prefix
        # (the same order, compared in memory: red-flag-non-certifiable-standard's kind)
        keys = [f'BIND(CONCAT("~", ?{v}) AS ?{v}Key)' in query.text for v in query.page]
        order = " ".join(
            f"?{v}Key" if key else f"?{v}" for v, key in zip(query.page, keys, strict=True)
        )
        assert f"ORDER BY {order}\n" in query.text
        assert all(p.default == "" for p in query.params if p.name in query.after)


@pytest.mark.parametrize(("name", "day", "cap"), _cases(PAGED, [1, 97, 1000]))
def test_every_page_end_to_end_is_the_whole_ordered_answer(generated, name, day, cap):
    params = _params(name, day)
    if cap == 1:  # one row a page: a short list
        params.update({"days": "14"} if name == "expiring-certificates" else {})
        params.update({"cb": "s-northwind-cert"} if "cb" in params else {})
    whole = _reference(generated, name, params)
    assert _paged(generated, name, params, cap) == whole


def test_pages_cross_a_crowded_day_and_ids_out_of_number_order(generated):
    name = "expiring-certificates"
    whole = _reference(generated, name, {})
    crowded = [r for r in whole if any(CROWDED_DAY in cell for cell in r)]
    assert len(crowded) > 400  # the crowd, on one day, more than a page
    for cap in (50, 419, 420):
        assert _paged(generated, name, {}, cap) == whole
    ids = _reference(generated, "certificates-of-cb", {"cb": "t-crowd"})
    assert [r[2].split('"')[1] for r in ids[:4]] == ["K-0", "K-00", "K-01", "K-010"]
    assert _paged(generated, "certificates-of-cb", {"cb": "t-crowd"}, 50) == ids
    flags = _reference(generated, "red-flag-lapsed-accreditation-valid-certificates", {})
    crowd = [r for r in flags if any("T-A-CROWD" in cell for cell in r)]
    assert len(crowd) == 420  # one accreditation, many pages
    for cap in (50, 1000):
        assert _paged(generated, "red-flag-lapsed-accreditation-valid-certificates", {},
                      cap) == flags  # fmt: skip


def _texts_run(monkeypatch) -> list[str]:
    """From now on, the text of every query run_named runs, in order (the first step's too)."""
    texts = []
    real = named_module.run

    def spy(store, query, **kwargs):
        texts.append(query.text if isinstance(query, sparql.Query) else query)
        return real(store, query, **kwargs)

    monkeypatch.setattr(named_module, "run", spy)
    return texts


def test_a_first_page_reads_only_the_days_it_needs(generated, monkeypatch):
    texts = _texts_run(monkeypatch)
    result = run_named(generated, "expiring-certificates", {"days": "365"}, row_cap=20)
    assert result.truncated and len(result.rows) == 20
    answered = texts[-1]
    # Seeded with the first days that fill the page, not the window's 366.
    assert 1 <= answered.count('"^^<http://www.w3.org/2001/XMLSchema#date>') < 30
    assert _shown(result, "expiring-certificates") == _reference(
        generated, "expiring-certificates", {"days": "365"})[:20]  # fmt: skip


def test_each_next_page_of_a_window_is_read_in_one_try(generated, monkeypatch):
    # The day a page ended on is counted as empty when the next page's days are picked (part
    # of it was shown already): counted whole, the days picked often fell short of a page and
    # a second, longer try ran.
    texts = _texts_run(monkeypatch)
    pages = list(walk_named(generated, "expiring-certificates", {"days": "365"},
                            page_rows=100, timeout=None))  # fmt: skip
    assert len(pages) > 5
    assert len(texts) == 2 * len(pages)  # the first step, then the page


def test_a_page_of_red_flags_reads_only_the_pages_it_needs(generated, monkeypatch):
    name = "red-flag-issued-before-accreditation"
    whole = _reference(generated, name, {})
    assert len(whole) > 60
    first = run_named(generated, name, row_cap=20)
    last = first.rows[-1]
    cursor = {
        "afterId": last[first.variables.index("id")].value,
        "afterAccreditation": last[first.variables.index("accreditationId")].value,
    }
    texts = _texts_run(monkeypatch)
    result = run_named(generated, name, cursor, row_cap=20)
    assert result.truncated and _shown(result, name) == whole[20:40]
    # The first step, then one try: the page holding the cursor and the next two of 16 flags
    # (the cursor's page counts for nothing), not every page.
    assert len(texts) == 2
    pages = sparql.run(generated, 'SELECT ?p { ?p ag:pageRule "issued-before-accreditation" }')
    assert 2 <= texts[-1].count("/flag-page/issued-before-accreditation/") <= 3 < len(pages.rows)


@pytest.mark.parametrize("damage", ["no counts", "counts too large", "counts too small"])
def test_pages_stay_right_when_the_counts_are_wrong(tmp_path, monkeypatch, damage):
    # The counts only guide the paging: pages are checked on the answer, never on them.
    monkeypatch.setattr(flag_pages, "PAGE_FLAGS", SMALL_PAGES)
    generate_register(tmp_path / "g", 600, seed=3)
    store, _ = build_store("memory", extra=[tmp_path / "g"])
    import_register(store, _crowd(tmp_path / "crowd"))
    change = {
        "no counts": "DELETE WHERE { ?x a ag:CertificateCount ; ?p ?o }",
        "counts too large": "DELETE { ?x ag:certificateCount ?n } INSERT { ?x ag:certificateCount "
        "?m } WHERE { ?x ag:certificateCount ?n BIND(?n * 1000 AS ?m) }",
        "counts too small": "DELETE { ?x ag:certificateCount ?n } INSERT { ?x ag:certificateCount "
        "1 } WHERE { ?x ag:certificateCount ?n }",
    }[damage]
    sparql.update(store, change)
    # the red flags' pages have counts of their own (ag:pageFlags)
    sparql.update(store, change.replace("a ag:CertificateCount ; ?p ?o", "ag:pageFlags ?o")
                  .replace("certificateCount", "pageFlags"))  # fmt: skip
    for name in PAGED:
        params = _params(name, "2026-11-23")
        assert _paged(store, name, params, 30) == _reference(store, name, params), name


def test_a_cursor_past_the_end_gives_no_rows(generated):
    rows = run_named(generated, "expiring-certificates",
                     {"afterDate": "2099-01-01", "afterId": "x"}).rows  # fmt: skip
    assert rows == []
    assert run_named(generated, "certificates-of-cb", {"cb": BIG_CB, "afterId": "~"}).rows == []


def test_a_window_without_counted_days_still_starts_from_its_days(generated, monkeypatch):
    # The first step gives the window's bounds even when no count falls in it, so the query
    # is handed the window's days instead of running as written (every certificate read).
    first = run_named(generated, "internal-expiry-days", {"asOf": "2099-01-01", "days": "3"})
    assert [(r["from"], r["until"], r["validUntil"]) for r in first.records()] == [
        (dt.date(2099, 1, 1), dt.date(2099, 1, 4), None)]  # fmt: skip
    texts = _texts_run(monkeypatch)
    rows = run_named(generated, "expiring-certificates", {"asOf": "2099-01-01", "days": "3"})
    assert rows.rows == []
    assert texts[-1].count('"^^<http://www.w3.org/2001/XMLSchema#date>') >= 4  # the 4 days
