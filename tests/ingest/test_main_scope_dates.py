"""A body is a signatory for a main scope only from the day it signed for it (issue 11: "MLA
sub-scopes with dates where published (... product, persons, GHG)").

``iaf_mla_scope_since`` dates a main scope by its normative document, as ``iaf_mla_scopes``
names it: IOAS for product certification (``ISO/IEC 17065=2016-06-16``, its own page: "On June
16, 2016, IOAS became a signatory of the Multilateral Recognition Arrangement for Product
Certification operated by Asia Pacific Accreditation Cooperation (APAC)"). The graph holds it as
an ``ag:SignatoryScope`` with ``ag:mainScope`` and ``ag:mainScopeStandard``; the IAF MLA's own
product main scope starts on 2004-10-09 (``arrangements.csv``).
"""

from __future__ import annotations

import pytest

from graph import sparql
from graph.errors import DataError
from graph.ingest.build import check
from graph.query import run_named

IOAS_SOURCE = "https://ioas.org/accreditation/why-accreditation"
IOAS_SCOPE = "https://w3id.org/accredigraph/id/signatory/ioas/iaf-mla/scope/iso-iec-17065"


def _body(**cells: str) -> dict[str, str]:
    return {"id": "t-ab", "name": "Test Accreditation", "country": "GB", "website": "",
            "iaf_mla_signatory": "yes", "iaf_mla_scopes": "ISO 9001;ISO/IEC 17065",
            "iaf_mla_scope_since_source": "https://example.org/mla", **cells}  # fmt: skip


def _rows(store, query: str) -> list[dict]:
    result = sparql.run(store, query, trusted=True, row_cap=None, timeout=None)
    assert isinstance(result, sparql.Rows)
    return result.records()


def test_a_main_scope_day_is_accepted_and_becomes_a_signatory_scope(register_store):
    store = register_store({"accreditation_bodies.csv": [
        _body(iaf_mla_scope_since="ISO/IEC 17065=2019-03-01;ISO 9001=2010")
    ]})  # fmt: skip
    rows = _rows(
        store,
        """SELECT ?main ?document ?since ?latest ?sub WHERE {
        agd:signatory\\/t-ab\\/iaf-mla ag:signatoryScope ?scope .
        ?scope ag:signatorySince ?since ; ag:signatorySinceLatest ?latest .
        OPTIONAL { ?scope ag:mainScope ?main ; ag:mainScopeStandard ?document }
        OPTIONAL { ?scope ag:subScopeStandard ?sub } } ORDER BY ?since""",
    )
    assert [(str(r["since"]), str(r["latest"])) for r in rows] == [
        ("2010-01-01", "2010-12-31"), ("2019-03-01", "2019-03-01")]  # fmt: skip
    iso9001, product = rows
    assert iso9001["main"] is None and iso9001["sub"].endswith("/standard/iso-9001")
    assert product["sub"] is None
    assert product["main"] == "https://w3id.org/accredigraph/code/mla-scope/product"
    assert product["document"].endswith("/standard/iso-iec-17065")


@pytest.mark.parametrize(
    ("since", "words"),
    [
        ("ISO/IEC 17024=2016-10-20", "'ISO/IEC 17024' is not one of the scopes (sub-scopes or "
         "main scopes) in iaf_mla_scopes"),
        ("ISO/IEC 17099=2016-10-20", "'ISO/IEC 17099'"),
        ("ISO/IEC 17065=June 2016", "'ISO/IEC 17065=June 2016': not 'standard=YYYY-MM-DD'"),
    ],
)  # fmt: skip
def test_a_main_scope_not_listed_or_unknown_is_refused_with_file_line_and_field(
    make_register, since, words
):
    folder = make_register({"accreditation_bodies.csv": [_body(iaf_mla_scope_since=since)]})
    with pytest.raises(DataError) as raised:
        check(extra=[folder])
    text = str(raised.value)
    assert "accreditation_bodies.csv:2: iaf_mla_scope_since: " in text
    assert words in text


def test_ioas_is_a_product_signatory_from_16_june_2016_in_the_bundled_graph(bundled_store):
    rows = _rows(
        bundled_store,
        f"""SELECT ?since ?latest ?main ?source WHERE {{
        agd:signatory\\/ioas\\/iaf-mla ag:signatoryScope <{IOAS_SCOPE}> .
        <{IOAS_SCOPE}> a ag:SignatoryScope ; ag:signatorySince ?since ;
            ag:signatorySinceLatest ?latest ; ag:mainScope ?main ;
            ag:mainScopeStandard agd:standard\\/iso-iec-17065 ; dcterms:source ?source }}""",
    )
    assert {(str(r["since"]), str(r["latest"]), r["main"].rsplit("/", 1)[1]) for r in rows} == {
        ("2016-06-16", "2016-06-16", "product")
    }
    assert IOAS_SOURCE in {r["source"] for r in rows}


def test_the_iaf_mla_covered_product_certification_from_9_october_2004(bundled_store):
    rows = _rows(
        bundled_store,
        """SELECT ?day ?main WHERE {
        agd:arrangement\\/iaf-mla ag:subScope ?scope .
        ?scope ag:mainScopeStandard agd:standard\\/iso-iec-17065 ; ag:mainScope ?main ;
               ag:inForceFrom ?day }""",
    )
    assert [(str(r["day"]), r["main"].rsplit("/", 1)[1]) for r in rows] == [
        ("2004-10-09", "product")
    ]


def _signatories(store, standard: str, day: str) -> dict[str, dict]:
    rows = run_named(store, "signatories-for-standard", {"standard": standard, "asOf": day},
                     row_cap=None).records()  # fmt: skip
    return {r["abId"]: r for r in rows}


def test_signatories_for_iso_iec_17065_list_ioas_only_from_its_day(bundled_store):
    before = _signatories(bundled_store, "ISO/IEC 17065", "2016-06-15")
    on = _signatories(bundled_store, "ISO/IEC 17065", "2016-06-16")
    assert "ioas" not in before and "ukas" in before  # UKAS: listed, no day known
    assert on["ioas"]["coverage"] == "listed" and on["ioas"]["signatorySince"] == "2016-06-16"
    assert before["ats"]["signatorySince"] == "2012-10-25"
    # before the IAF MLA covered product certification at all, nobody was a signatory for it
    assert _signatories(bundled_store, "ISO/IEC 17065", "2004-10-08") == {}
    assert "ukas" in _signatories(bundled_store, "ISO/IEC 17065", "2004-10-09")


def test_persons_signatories_through_ea_are_open_between_the_two_days_the_sources_give(
    bundled_store,
):
    assert "ukas" not in _signatories(bundled_store, "ISO/IEC 17024", "2016-10-19")
    between = _signatories(bundled_store, "ISO/IEC 17024", "2016-10-25")["ukas"]
    assert (between["coverage"], between["signatorySince"]) == ("unknown", "2016-10-20/2016-11-04")
    assert _signatories(bundled_store, "ISO/IEC 17024", "2016-11-04")["ukas"]["coverage"] == (
        "listed"
    )
