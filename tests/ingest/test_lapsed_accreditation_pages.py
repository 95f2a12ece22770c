"""red-flag-lapsed-accreditation-valid-certificates reads the "valid" certificates from pages
written at build and import time (rule ``valid-pair`` of graph/ingest/flag_pages.py: one page per
certification body and standard work, ``ag:certificatePage``), reached from the accreditations'
coverage nodes (``ag:coveragePair``); its answer must be, row for row, the answer of
``red-flag-lapsed-accreditation-valid-certificates-direct`` (the reference, asked of every
certificate of the bodies) — at several dates (an empty answer included), whole and a page at a
time, after a build and after imports and a visitor's upload that change the answer."""

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

NAME = "red-flag-lapsed-accreditation-valid-certificates"
#: Long ago; a past date; the default date; later; when every generated certificate has ended.
DATES = ("2000-01-01", "2024-06-30", "2026-11-23", "2028-01-01", "2100-01-01")
#: Certificates a page of the store holds here: small, so that every answer spans many pages.
SMALL_PAGES = 16


def answers(store, day: str) -> tuple[list, list]:
    """(rows read from the pages, direct rows) on ``day``."""
    got = run_named(store, NAME, {"asOf": day}, row_cap=None, timeout=None)
    want = run_named(store, f"{NAME}-direct", {"asOf": day}, row_cap=None, timeout=None)
    assert got.variables == want.variables
    return got.rows, want.rows


def assert_same(store, caps: tuple[int, ...] = (7, 250), dates=DATES) -> dict[str, int]:
    """Pages == direct on every one of ``dates``, whole and page by page; rows per day."""
    sizes = {}
    for day in dates:
        got, want = answers(store, day)
        assert got == want, day
        for cap in caps:
            cut = len(load_named(NAME).after)
            pages = paged(store, NAME, cap, {"asOf": day})
            assert pages == [row[:-cut] for row in want], (day, cap)
        sizes[day] = len(want)
    return sizes


def assert_pages_hold_every_valid_certificate(store) -> None:
    """Every "valid" certificate of a known standard is in exactly one page of the rule, that of
    its issuer and its standard's work, the page every accreditation of that body covering the
    work names (its coverage node, with its number, bodies, status and dates); each page's count
    is right."""
    missing = sparql.run(
        store,
        """SELECT ?c WHERE {
        ?c a ag:Certificate ; ag:againstStandard ?s ;
           ag:status <https://w3id.org/accredigraph/code/certificate-status/valid> .
        FILTER NOT EXISTS { ?c ag:certificatePage ?p . ?p ag:pageRule "valid-pair" } }""",
        row_cap=None,
    )
    assert missing.rows == []
    pages = sparql.run(store, """SELECT ?c ?p ?cb ?s WHERE {
        ?c ag:certificatePage ?p ; ag:issuer ?cb ; ag:againstStandard ?s .
        ?p ag:pageRule "valid-pair" }""", row_cap=None)  # fmt: skip
    works = {r["s"]: r["w"] for r in sparql.run(store, """SELECT ?s ?w WHERE {
        { ?s a ag:Standard . BIND(?s AS ?w) } UNION { ?s dcterms:isVersionOf ?w } }""",
        row_cap=None).records()}  # fmt: skip
    held = [(r["c"], r["p"]) for r in pages.records()]
    assert held and len({c for c, _ in held}) == len(held)  # one page each
    for r in pages.records():
        assert r["p"] == flag_pages.pair_page(r["cb"], works[r["s"]])
    linked, covered = set(), set()
    for r in sparql.run(store, """SELECT * WHERE { ?n ag:coverageOf ?a ; ag:coveragePair ?p ;
            ag:coverageStatus ?st ; ag:coverageFrom ?f ; ag:coverageUntil ?u ;
            ag:coverageNumber ?no ; ag:coverageIssuer ?ab ; ag:coverageBody ?cb }""",
            row_cap=None).records():  # fmt: skip
        linked.add((r["a"], r["p"], r["st"], r["f"], r["u"], r["no"], r["ab"], r["cb"]))
    for r in sparql.run(store, """SELECT * WHERE { ?a a ag:Accreditation ; ag:subject ?cb ;
            ag:coversStandard ?s ; ag:status ?st ; ag:validFrom ?f ; ag:validUntil ?u ;
            ag:number ?no ; ag:issuer ?ab }""",
            row_cap=None).records():  # fmt: skip
        page = flag_pages.pair_page(r["cb"], works[r["s"]])
        covered.add((r["a"], page, r["st"], r["f"], r["u"], r["no"], r["ab"], r["cb"]))
    assert linked and linked == covered  # one coverage node per accreditation and pair
    counts = sparql.run(store, """SELECT ?page ?n (COUNT(?c) AS ?held) WHERE {
        ?page ag:pageRule "valid-pair" ; ag:pageFlags ?n .
        ?c ag:certificatePage ?page } GROUP BY ?page ?n""", row_cap=None)  # fmt: skip
    assert counts.rows and all(r["n"] == r["held"] for r in counts.records())


def certificates(prefix: str, cb: str, standard: str, n: int) -> list[dict[str, str]]:
    """``n`` certificates of ``cb`` to ``standard``, ids ``prefix``-0.. : "valid" and ending in
    2027 but every fourth one withdrawn and every fifth one ending before 2026-11-23."""
    return [
        {"id": f"{prefix}{k:03d}", "organisation": f"Lapsed {prefix}{k} (synthetic)",
         "country": "DE", "certification_body": cb, "standard": standard, "sectors": "17",
         "issued": "2023-01-10", "valid_until": "2026-06-30" if k % 5 == 0 else "2027-03-31",
         "status": "withdrawn" if k % 4 == 0 else "valid", "scope": "x"}
        for k in range(n)
    ]  # fmt: skip


def accreditation(identifier: str, cb: str, standards: str, status: str, until: str) -> dict:
    return {"id": identifier, "accreditation_body": "G-AB-001", "certification_body": cb,
            "standards": standards, "sectors": "", "valid_from": "2019-01-01",
            "valid_until": until, "status": status}  # fmt: skip


@pytest.fixture
def register(register_10k: Path) -> Path:
    """The session's 10 k register (tests/ingest/conftest.py)."""
    return register_10k


def test_the_pages_answer_as_the_direct_query_at_10k(register, monkeypatch):
    monkeypatch.setattr(flag_pages, "PAGE_FLAGS", SMALL_PAGES)
    store, _ = build_store("memory", extra=[register])
    assert_pages_hold_every_valid_certificate(store)
    sizes = assert_same(store)
    assert sizes["2100-01-01"] == 0, sizes  # every certificate has ended
    assert sizes["2026-11-23"] > 4 * SMALL_PAGES, sizes


def test_imports_that_change_the_answer_equal_the_direct_one(register, tmp_path, monkeypatch):
    """A withdrawn accreditation and certificates imported later, for a body with pages (ids
    before, among and after its pages' bounds) and for a new body (pages of its own): the
    answer grows by the certificates still valid on the date; an accreditation in force
    imported next takes that standard's rows out again."""
    monkeypatch.setattr(flag_pages, "PAGE_FLAGS", SMALL_PAGES)
    store, _ = build_store("memory", extra=[register])
    day = "2026-11-23"
    before = answers(store, day)[1]
    new_cb = {
        "id": "T-CB-1",
        "name": "Lapsed Test Certification (synthetic)",
        "country": "DE",
        "website": "https://example.org",
    }
    rows = [*certificates("0-", "G-CB-00010", "ISO 50001:2018", 30),
            *certificates("G-C-00050-", "G-CB-00010", "ISO 50001:2018", 30),
            *certificates("~", "G-CB-00010", "ISO 9001:2015", 30),
            *certificates("T-", "T-CB-1", "ISO 9001:2015", 40)]  # fmt: skip
    tables = {
        "certification_bodies.csv": [new_cb],
        "accreditations.csv": [
            accreditation("T-A-1", "G-CB-00010", "ISO 50001;ISO 9001", "withdrawn", "2027-12-31"),
            accreditation("T-A-2", "T-CB-1", "ISO 9001", "suspended", "2027-12-31"),
        ],
        "certificates.csv": rows,
    }
    import_register(store, write_register(tmp_path / "one", tables))
    assert_pages_hold_every_valid_certificate(store)
    assert_same(store, caps=(13,), dates=("2024-06-30", day))
    shown = {r[11].value for r in answers(store, day)[0] if r[2].value == "T-A-2"}
    assert shown == {r["id"] for r in rows[90:] if r["status"] == "valid"
                     and r["valid_until"] > day}  # fmt: skip
    grown = answers(store, day)[1]
    assert len(grown) > len(before) + len(shown)
    # an accreditation in force for T-CB-1's standard: its rows leave the answer
    more = {"accreditations.csv": [accreditation("T-A-3", "T-CB-1", "ISO 9001:2015", "active",
                                                 "2030-01-01")]}  # fmt: skip
    import_register(store, write_register(tmp_path / "two", more))
    assert_same(store, caps=(13,), dates=(day, "2035-01-01"))
    assert not [r for r in answers(store, day)[0] if r[2].value == "T-A-2"]
    assert len(answers(store, day)[1]) == len(grown) - len(shown)


def test_a_visitor_upload_keeps_the_pages_right(tmp_path):
    store = reference_store()
    visitor = new_visitor()
    body = {"id": "V-CB-1", "name": "Visitor Lapsed (synthetic)", "country": "DE",
            "website": "https://example.org"}  # fmt: skip
    tables = {
        "certification_bodies.csv": [body],
        "accreditations.csv": [
            accreditation("V-A-1", "V-CB-1", "ISO 9001", "withdrawn", "2027-12-31")
        ],
        "certificates.csv": certificates("V-", "V-CB-1", "ISO 9001:2015", 30),
    }
    for row in tables["accreditations.csv"]:
        row["accreditation_body"] = "dakks"
    before = answers(store, "2026-11-23")[1]
    import_upload(store, write_register(tmp_path / "up", tables), visitor=visitor,
                  max_rows=10_000)  # fmt: skip
    assert_pages_hold_every_valid_certificate(store)
    got, want = answers(store, "2026-11-23")
    assert got == want
    assert len(want) == len(before) + 18
