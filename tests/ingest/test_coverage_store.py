"""A register's Turtle may bring accreditations, or change one, with no row for the build to write
its coverage nodes from (graph/ingest/coverage_store.py): red-flag-lapsed-accreditation-valid-
certificates must still answer as its direct query does — an accreditation in force given in
Turtle takes its pair's certificates out of the answer, a lapsed one given in Turtle puts its
body's certificates in — after a build and after an import on disk, with exact VoID counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph import sparql
from graph.ingest.build import build_store, import_register
from graph.ingest.coverage_store import coverage_triples, refresh_coverage
from graph.ingest.generate import generate_register
from graph.query import run_named
from tests.ingest.test_lapsed_accreditation_pages import (
    answers,
    assert_pages_hold_every_valid_certificate,
    assert_same,
)
from tests.ingest.test_void_statistics import assert_same_answers

pytestmark = pytest.mark.slow

NAME = "red-flag-lapsed-accreditation-valid-certificates"
DAY = "2026-11-23"
ID = "https://w3id.org/accredigraph/id/"
STATUS = "https://w3id.org/accredigraph/code/accreditation-status/"


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("coverage") / "register"
    generate_register(folder, 2_000, seed=5)
    return folder


def accreditation_ttl(number: str, cb: str, standard: str, status: str, start: str,
                      until: str) -> str:  # fmt: skip
    """An accreditation by UKAS of ``cb`` (IRI) for ``standard`` (IRI), in Turtle."""
    return f"""@prefix ag: <https://w3id.org/accredigraph/def#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{ID}accreditation/{number}> a ag:Accreditation ; ag:number "{number}" ;
    ag:issuer <{ID}body/ukas> ; ag:subject <{cb}> ; ag:coversStandard <{standard}> ;
    ag:status <{STATUS}{status}> ;
    ag:validFrom "{start}"^^xsd:date ; ag:validUntil "{until}"^^xsd:date .
"""


def flagged_pair(store) -> tuple[str, str, int]:
    """(body, standard, rows) of the first accreditation the flag shows on :data:`DAY`."""
    rows = run_named(store, NAME, {"asOf": DAY}, row_cap=None, timeout=None).records()
    first = rows[0]
    found = sparql.run(
        store,
        f"""SELECT ?w WHERE {{ <{first["certificate"]}> ag:againstStandard ?s .
        {{ ?s a ag:Standard . BIND(?s AS ?w) }} UNION {{ ?s dcterms:isVersionOf ?w }} }}""",
    )
    standard = found.rows[0][0].value  # the standard work
    shown = sum(r["accreditation"] == first["accreditation"] for r in rows)
    return first["cb"], standard, shown


def unaccredited_pair(store) -> tuple[str, str]:
    """A body with "valid" certificates to a standard work no accreditation of it covers."""
    rows = sparql.run(store, """SELECT ?cb ?w WHERE {
        ?c a ag:Certificate ; ag:issuer ?cb ; ag:againstStandard ?s ;
           ag:status <https://w3id.org/accredigraph/code/certificate-status/valid> ;
           ag:validUntil ?u . FILTER(?u > "2027-01-01"^^xsd:date)
        { ?s a ag:Standard . BIND(?s AS ?w) } UNION { ?s dcterms:isVersionOf ?w }
        FILTER NOT EXISTS { ?a ag:subject ?cb ; ag:coversStandard ?covered .
                            { ?covered a ag:Standard . FILTER(?covered = ?w) }
                            UNION { ?covered dcterms:isVersionOf ?w } }
    } ORDER BY ?cb ?w LIMIT 1""").rows  # fmt: skip
    return rows[0][0].value, rows[0][1].value


def test_coverage_from_the_store_is_what_the_rows_wrote(register):
    store, _ = build_store("memory", extra=[register])
    stored = sparql.run(store, "SELECT ?n ?p ?o WHERE { ?n ag:coverageOf ?a ; ?p ?o }",
                        row_cap=None).rows  # fmt: skip
    assert len(stored) > 1000
    assert {tuple(t) for t in coverage_triples(store)} == {tuple(r) for r in stored}
    size = len(store)
    assert refresh_coverage(store) == len({r[0] for r in stored}) and len(store) == size


def test_turtle_accreditations_change_the_answer_as_the_direct_one(register, tmp_path):
    store, _ = build_store("memory", extra=[register])
    cb, standard, shown = flagged_pair(store)
    bare_cb, bare_standard = unaccredited_pair(store)
    before = {day: len(answers(store, day)[1]) for day in ("2026-01-01", DAY, "2028-01-01")}
    folder = tmp_path / "with-turtle"
    shutil.copytree(register, folder)
    (folder / "accreditations.ttl").write_text(
        accreditation_ttl("T-IN-FORCE", cb, standard, "active", "2026-06-01", "2027-06-01")
        + accreditation_ttl("T-WITHDRAWN", bare_cb, bare_standard, "withdrawn", "2020-01-01",
                            "2029-01-01"), encoding="utf-8")  # fmt: skip
    turtle, _ = build_store("memory", extra=[folder])
    sizes = assert_same(turtle, caps=(7,), dates=("2026-01-01", DAY, "2028-01-01"))
    assert_pages_hold_every_valid_certificate(turtle)
    got = run_named(turtle, NAME, {"asOf": DAY}, row_cap=None, timeout=None).records()
    # the lapsed accreditation is in; the pair covered in force on the day is out, not after
    assert any(r["accreditationId"] == "T-WITHDRAWN" for r in got)
    of_pair = sparql.run(turtle, f"""SELECT ?c WHERE {{
        ?c ag:issuer <{cb}> ; ag:againstStandard ?s .
        {{ ?s a ag:Standard . FILTER(?s = <{standard}>) }}
        UNION {{ ?s dcterms:isVersionOf <{standard}> }} }}""", row_cap=None).rows  # fmt: skip
    of_pair = {row[0].value for row in of_pair}
    assert of_pair and not of_pair & {r["certificate"] for r in got}
    withdrawn = sum(r["accreditationId"] == "T-WITHDRAWN" for r in got)
    assert sizes[DAY] == before[DAY] - shown + withdrawn, (sizes, before, shown, withdrawn)
    assert sizes["2028-01-01"] >= before["2028-01-01"]


def test_an_import_of_turtle_accreditations_on_disk(register, tmp_path):
    store, _ = build_store(tmp_path / "store", extra=[register])
    cb, standard, shown = flagged_pair(store)
    bare_cb, bare_standard = unaccredited_pair(store)
    before = len(answers(store, DAY)[1])
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "accreditations.ttl").write_text(
        accreditation_ttl("T-IN-FORCE", cb, standard, "active", "2026-06-01", "2027-06-01")
        + accreditation_ttl("T-WITHDRAWN", bare_cb, bare_standard, "withdrawn", "2020-01-01",
                            "2029-01-01"), encoding="utf-8")  # fmt: skip
    import_register(store, folder)
    sizes = assert_same(store, caps=(7,), dates=(DAY,))
    withdrawn = sum(r["accreditationId"] == "T-WITHDRAWN" for r in run_named(
        store, NAME, {"asOf": DAY}, row_cap=None, timeout=None).records())  # fmt: skip
    assert withdrawn > 0 and sizes[DAY] == before - shown + withdrawn
    assert_same_answers(store)  # the VoID counts kept exact through the replaced nodes
