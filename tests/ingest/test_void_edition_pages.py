"""red-flag-void-edition reads the certificates of editions with a transition end from pages
written at build and import time (``ag:certificatePage``, rule ``void-edition`` of
graph/ingest/flag_pages.py); its answer must be, row for row, the answer of
``red-flag-void-edition-direct`` (the reference, asked of every certificate) — at dates before,
on and after the transitions' ends (empty answers included), whole and a page at a time, after
a build and after imports and a visitor's upload whose certificates change the answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import sparql
from graph.ingest import flag_pages
from graph.ingest.build import build_store, import_register
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from graph.query import load_named, run_named
from tests.conftest import write_register
from tests.ingest.test_flags import paged

pytestmark = pytest.mark.slow

NAME = "red-flag-void-edition"
#: Before every transition end; on ISO/IEC 27001:2013's last day (not yet void); the day after;
#: the default date; after the generated certificates of the old edition have ended.
DATES = ("2019-06-30", "2021-10-01", "2025-10-31", "2025-11-01", "2026-11-23", "2035-01-01")
#: Certificates a page of the store holds here: small, so that every answer spans many pages.
SMALL_PAGES = 16


def answers(store, day: str) -> tuple[list, list]:
    """(materialised rows without the cursor columns, direct rows) on ``day``."""
    got = run_named(store, NAME, {"asOf": day}, row_cap=None, timeout=None)
    want = run_named(store, f"{NAME}-direct", {"asOf": day}, row_cap=None, timeout=None)
    assert got.variables == [*want.variables, *load_named(NAME).after]
    return [row[: len(want.variables)] for row in got.rows], want.rows


def assert_same(store, caps: tuple[int, ...] = (7, 250)) -> dict[str, int]:
    """Materialised == direct on every one of ``DATES``, whole and page by page; rows per day."""
    sizes = {}
    for day in DATES:
        got, want = answers(store, day)
        assert got == want, day
        for cap in caps:
            assert paged(store, NAME, cap, {"asOf": day}) == want, (day, cap)
        sizes[day] = len(want)
    return sizes


def assert_pages_hold_every_candidate(store) -> None:
    """Every "valid" certificate to an edition with a transition end is in exactly one page of
    the rule, of the group of its edition's transition end, within the page's bounds (besides
    the page of its issuer and standard work, rule "valid-pair", by the same link)."""
    missing = sparql.run(
        store,
        """SELECT ?c WHERE {
        ?c ag:againstStandard ?e ;
           ag:status <https://w3id.org/accredigraph/code/certificate-status/valid> .
        ?e ag:transitionEnds ?t .
        FILTER NOT EXISTS { ?c ag:certificatePage ?p . ?p ag:pageRule "void-edition" } }""",
    )
    assert missing.rows == []
    wrong = sparql.run(store, """SELECT ?c WHERE {
        ?c ag:certificatePage ?p ; ag:againstStandard ?e ; ag:number ?n .
        ?e ag:transitionEnds ?t .
        ?p ag:pageRule ?rule ; ag:pageGroup ?group ; ag:pageFrom ?from .
        OPTIONAL { ?p ag:pageUntil ?until }
        FILTER(?rule != "valid-pair")
        FILTER(?rule != "void-edition" || ?group != STR(?t) || STR(?n) < ?from
               || (BOUND(?until) && STR(?n) >= ?until)) }""")  # fmt: skip
    assert wrong.rows == []
    twice = sparql.run(
        store,
        """SELECT ?c WHERE { ?c ag:certificatePage ?a , ?b
        FILTER(?a != ?b) ?a ag:pageRule "void-edition" . ?b ag:pageRule "void-edition" }""",
    )
    assert twice.rows == []


def old_edition_certificates(prefix: str, standard: str, n: int) -> list[dict[str, str]]:
    """``n`` certificates to ``standard`` ids ``prefix``-0.. : "valid" and ending in 2027 but
    every fourth one withdrawn and every fifth one ending before 2026-11-23."""
    return [
        {"id": f"{prefix}{k:03d}", "organisation": f"Old Edition {prefix}{k} (synthetic)",
         "country": "DE", "certification_body": "G-CB-00010", "standard": standard,
         "sectors": "17", "issued": "2023-01-10",
         "valid_until": "2026-06-30" if k % 5 == 0 else "2027-03-31",
         "status": "withdrawn" if k % 4 == 0 else "valid", "scope": "x"}
        for k in range(n)
    ]  # fmt: skip


@pytest.fixture
def register(register_10k: Path) -> Path:
    """The session's 10 k register (tests/ingest/conftest.py)."""
    return register_10k


def test_the_pages_answer_as_the_direct_query_at_10k(register, monkeypatch):
    monkeypatch.setattr(flag_pages, "PAGE_FLAGS", SMALL_PAGES)
    store, _ = build_store("memory", extra=[register])
    assert_pages_hold_every_candidate(store)
    sizes = assert_same(store)
    # empty before the transitions end and once the old certificates have ended; on ISO/IEC
    # 27001:2013's last day only OHSAS 18001 (void since 2021), from the day after both
    assert sizes["2019-06-30"] == sizes["2035-01-01"] == 0, sizes
    assert sizes["2021-10-01"] == sizes["2025-10-31"] < sizes["2025-11-01"], sizes
    assert sizes["2026-11-23"] > 2 * SMALL_PAGES, sizes
    pages = sparql.run(store, 'SELECT ?p WHERE { ?p ag:pageRule "void-edition" }').rows
    assert len(pages) > 2


def test_an_import_that_changes_the_answer_equals_the_direct_one(register, tmp_path, monkeypatch):
    """Certificates imported later, to both old editions, with ids that sort before, among
    and after the pages' bounds: placed in the pages already there (and a new group's own),
    the answer grows by exactly the ones still valid on the date."""
    monkeypatch.setattr(flag_pages, "PAGE_FLAGS", SMALL_PAGES)
    store, _ = build_store("memory", extra=[register])
    before = {day: answers(store, day)[1] for day in ("2021-10-01", "2026-11-23")}
    rows = [*old_edition_certificates("0-", "ISO/IEC 27001:2013", 40),
            *old_edition_certificates("G-C-00050-", "ISO/IEC 27001:2013", 40),
            *old_edition_certificates("~", "ISO/IEC 27001:2013", 40),
            *old_edition_certificates("OH-", "OHSAS 18001:2007", 30)]  # fmt: skip
    import_register(store, write_register(tmp_path / "old", {"certificates.csv": rows}))
    assert_pages_hold_every_candidate(store)
    assert_same(store, caps=(13,))
    shown = {
        r["id"] for r in run_named(store, NAME, {"asOf": "2026-11-23"}, row_cap=None,
                                   timeout=None).records()
    }  # fmt: skip
    still = {r["id"] for r in rows if r["status"] == "valid" and r["valid_until"] > "2026-11-23"}
    assert still <= shown and len(still) == 90
    assert not {r["id"] for r in rows} - still & shown  # withdrawn or ended: not shown
    assert len(answers(store, "2026-11-23")[1]) == len(before["2026-11-23"]) + 90
    # OHSAS 18001's transition ended on 2021-09-30: its certificates count from the day after
    ohsas = [r for r in answers(store, "2021-10-01")[0] if str(r[2].value).startswith("OH-")]
    assert len(ohsas) == len([r for r in rows[120:] if r["status"] == "valid"])
    assert len(answers(store, "2021-10-01")[1]) == len(before["2021-10-01"]) + len(ohsas)


def test_a_visitor_upload_keeps_the_pages_right(tmp_path):
    store = reference_store()
    visitor = new_visitor()
    rows = old_edition_certificates("V-", "ISO/IEC 27001:2013", 30)
    for row in rows:
        row["certification_body"] = "bsi"
    before = answers(store, "2026-11-23")[1]
    import_upload(store, write_register(tmp_path / "up", {"certificates.csv": rows}),
                  visitor=visitor, max_rows=10_000)  # fmt: skip
    assert_pages_hold_every_candidate(store)
    got, want = answers(store, "2026-11-23")
    assert got == want
    assert len(want) == len(before) + 18
