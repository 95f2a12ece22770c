"""A register's Turtle may say anything with no row for the build to derive its facts from
(graph/ingest/derived.py): accreditations (coverage nodes), certificates (counts, pages of the
lapsed-accreditation and void-edition flags) and a transition end for an edition. The named
queries that read those facts must still answer as their direct queries do — after a build and
after an import on disk, with exact VoID counts — and deriving them again from a store whose
facts came from rows must change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.ingest.build import build_store, import_register
from graph.ingest.derived import refresh_derived
from graph.ingest.generate import generate_register
from graph.query import run_named
from tests.ingest import test_lapsed_accreditation_pages as lapsed
from tests.ingest import test_void_edition_pages as void_edition
from tests.ingest.test_summaries import _expected, _summaries
from tests.ingest.test_void_statistics import assert_same_answers

pytestmark = pytest.mark.slow

DAY = "2026-11-23"
ID = "https://w3id.org/accredigraph/id/"
DEF = "https://w3id.org/accredigraph/def#"
CODE = "https://w3id.org/accredigraph/code/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
#: The named queries that read derived facts, each with a direct query to agree with.
DERIVED = ("certificates-per-standard", "certificates-per-standard-and-country",
           "summary-certificates-per-cb", "red-flag-void-edition",
           "red-flag-lapsed-accreditation-valid-certificates")  # fmt: skip


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("derived") / "register"
    generate_register(folder, 2_000, seed=5)
    return folder


def accreditation_ttl(number: str, cb: str, work: str, status: str, start: str, until: str) -> str:
    """An accreditation by UKAS of ``cb`` for the standard ``work`` (IRIs), in Turtle."""
    return f"""<{ID}accreditation/{number}> a <{DEF}Accreditation> ; <{DEF}number> "{number}" ;
    <{DEF}issuer> <{ID}body/ukas> ; <{DEF}subject> <{cb}> ; <{DEF}coversStandard> <{work}> ;
    <{DEF}status> <{CODE}accreditation-status/{status}> ;
    <{DEF}validFrom> "{start}"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <{DEF}validUntil> "{until}"^^<http://www.w3.org/2001/XMLSchema#date> .
"""


def certificate_ttl(number: str, cb: str, organisation: str, edition: str) -> str:
    """A "valid" certificate of ``cb`` for ``organisation`` to ``edition`` (IRIs), as a person
    would write it in Turtle: no page links, no counts."""
    return f"""<{ID}certificate/{number}> a <{DEF}Certificate> ; <{DEF}number> "{number}" ;
    <{DEF}issuer> <{cb}> ; <{DEF}subject> <{organisation}> ; <{DEF}againstStandard> <{edition}> ;
    <{DEF}standardDesignation> "as given in Turtle" ;
    <{DEF}status> <{CODE}certificate-status/valid> ;
    <{DEF}issued> "2024-02-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
    <{DEF}validUntil> "2027-01-31"^^<http://www.w3.org/2001/XMLSchema#date> .
"""


def first(store, text: str) -> list[str]:
    return [term.value for term in sparql.run(store, text).rows[0]]


def turtle_for(store) -> tuple[str, dict[str, str]]:
    """Turtle that changes every derived fact of ``store``'s register, and what it names: an
    accreditation in force for the pair the lapsed flag shows first, a withdrawn one for a pair
    no accreditation covers, a certificate to an edition in use whose transition had not
    ended, and the end of that transition."""
    rows = run_named(store, "red-flag-lapsed-accreditation-valid-certificates", {"asOf": DAY},
                     row_cap=None, timeout=None).records()  # fmt: skip
    flagged = rows[0]
    (work,) = first(
        store,
        f"""SELECT ?w WHERE {{ <{flagged["certificate"]}> ag:againstStandard ?s .
        {{ ?s a ag:Standard . BIND(?s AS ?w) }} UNION {{ ?s dcterms:isVersionOf ?w }} }}""",
    )
    bare_cb, bare_work = first(store, """SELECT ?cb ?w WHERE {
        ?c a ag:Certificate ; ag:issuer ?cb ; ag:againstStandard ?s ;
           ag:status <https://w3id.org/accredigraph/code/certificate-status/valid> ;
           ag:validUntil ?u . FILTER(?u > "2027-01-01"^^xsd:date)
        { ?s a ag:Standard . BIND(?s AS ?w) } UNION { ?s dcterms:isVersionOf ?w }
        FILTER NOT EXISTS { ?a ag:subject ?cb ; ag:coversStandard ?covered .
                            { ?covered a ag:Standard . FILTER(?covered = ?w) }
                            UNION { ?covered dcterms:isVersionOf ?w } }
    } ORDER BY ?cb ?w LIMIT 1""")  # fmt: skip
    edition, cb, organisation = first(store, """SELECT ?e ?cb ?o WHERE {
        ?c a ag:Certificate ; ag:againstStandard ?e ; ag:issuer ?cb ; ag:subject ?o ;
           ag:status <https://w3id.org/accredigraph/code/certificate-status/valid> .
        ?e a ag:StandardEdition . FILTER NOT EXISTS { ?e ag:transitionEnds ?t }
    } ORDER BY ?e ?c LIMIT 1""")  # fmt: skip
    text = (
        accreditation_ttl("T-IN-FORCE", flagged["cb"], work, "active", "2026-06-01", "2027-06-01")
        + accreditation_ttl(
            "T-WITHDRAWN", bare_cb, bare_work, "withdrawn", "2020-01-01", "2029-01-01"
        )
        + certificate_ttl("T-C-1", cb, organisation, edition)
        + f'<{edition}> <{DEF}transitionEnds> "2025-01-01"^^<{XSD_DATE}> .\n'
    )
    return text, {"cb": flagged["cb"], "work": work, "edition": edition}


def certificates(store) -> int:
    """How many certificates the per-body counts hold in all."""
    rows = run_named(store, "summary-certificates-per-cb", row_cap=None, timeout=None)
    return sum(r["certificates"] for r in rows.records())


def assert_derived_agree(store) -> dict[str, int]:
    """Every query of :data:`DERIVED` answers as its direct one (same rows, the cursor
    columns aside, in any order: the direct sums may order ties otherwise); the counts equal
    plain counts; rows per query."""
    sizes = {}
    for name in DERIVED:
        got = run_named(store, name, {"asOf": DAY} if "red-flag" in name else {}, row_cap=None,
                        timeout=None)  # fmt: skip
        want = run_named(store, f"{name}-direct", {"asOf": DAY} if "red-flag" in name else {},
                         row_cap=None, timeout=None)  # fmt: skip
        columns = [v for v in want.variables if not v.startswith("after")]
        rows = sorted(repr([r[c] for c in columns]) for r in got.records())
        assert rows == sorted(repr([r[c] for c in columns]) for r in want.records()), name
        sizes[name] = len(rows)
    assert _summaries(store) == _expected(store)
    return sizes


def test_deriving_again_from_a_store_built_from_rows_changes_nothing(register):
    store, _ = build_store("memory", extra=[register])
    before = set(store.dump(ox.RdfFormat.N_QUADS).splitlines())
    assert refresh_derived(store, "build") > 10_000
    assert set(store.dump(ox.RdfFormat.N_QUADS).splitlines()) == before


def test_a_registers_turtle_changes_answers_as_it_changes_the_direct_ones(register, tmp_path):
    store, _ = build_store("memory", extra=[register])
    before = assert_derived_agree(store)
    text, named = turtle_for(store)
    folder = tmp_path / "with-turtle"
    shutil.copytree(register, folder)
    (folder / "more.ttl").write_text(text, encoding="utf-8")
    turtle, _ = build_store("memory", extra=[folder])
    after = assert_derived_agree(turtle)
    lapsed.assert_same(turtle, caps=(7,), dates=("2026-01-01", DAY, "2028-01-01"))
    lapsed.assert_pages_hold_every_valid_certificate(turtle)
    void_edition.assert_pages_hold_every_candidate(turtle)
    # the certificates of the edition are void now, the Turtle one with them
    assert after["red-flag-void-edition"] > before["red-flag-void-edition"] + 10
    voided = run_named(turtle, "red-flag-void-edition", row_cap=None, timeout=None).records()
    assert any(r["id"] == "T-C-1" for r in voided)
    shown = run_named(turtle, "red-flag-lapsed-accreditation-valid-certificates",
                      {"asOf": DAY}, row_cap=None, timeout=None).records()  # fmt: skip
    assert any(r["accreditationId"] == "T-WITHDRAWN" for r in shown)
    # the pair the accreditation in force covers is out of the answer on the day
    of_pair = sparql.run(turtle, f"""SELECT ?c WHERE {{
        ?c ag:issuer <{named["cb"]}> ; ag:againstStandard ?s .
        {{ ?s a ag:Standard . FILTER(?s = <{named["work"]}>) }}
        UNION {{ ?s dcterms:isVersionOf <{named["work"]}> }} }}""", row_cap=None).rows  # fmt: skip
    assert of_pair and not {c.value for (c,) in of_pair} & {r["certificate"] for r in shown}
    assert certificates(turtle) == certificates(store) + 1  # the Turtle one, counted


def test_an_import_of_turtle_on_disk(register, tmp_path):
    store, _ = build_store(tmp_path / "store", extra=[register])
    before = assert_derived_agree(store)
    text, _ = turtle_for(store)
    folder = tmp_path / "import"
    folder.mkdir()
    (folder / "more.ttl").write_text(text, encoding="utf-8")
    import_register(store, folder)
    after = assert_derived_agree(store)
    lapsed.assert_same(store, caps=(7,), dates=(DAY,))
    assert after["red-flag-void-edition"] > before["red-flag-void-edition"] + 10
    assert_same_answers(store)  # the VoID counts kept exact through the replaced facts
