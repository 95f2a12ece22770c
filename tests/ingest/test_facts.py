"""Real-world facts in the bundled data, checked against what their sources say."""

from __future__ import annotations

import datetime as dt

from graph import sparql


def _ask(store, text: str) -> bool:
    return sparql.run(store, text).value


def test_ukas_is_the_united_kingdoms_accreditation_body(bundled_store):
    assert _ask(
        bundled_store,
        """ASK { agd:body\\/ukas a ag:AccreditationBody ;
        schema:address/schema:addressCountry "GB" ;
        schema:name "United Kingdom Accreditation Service" }""",
    )


def test_ukas_is_an_iaf_mla_signatory_for_iso_9001_with_its_source(bundled_store):
    rows = sparql.run(
        bundled_store,
        """
        SELECT ?src WHERE {
          ?r ag:signatory agd:body\\/ukas ;
             ag:arrangement <https://w3id.org/accredigraph/id/arrangement/iaf-mla> ;
             ag:signatoryState agc:signatory-state\\/signatory ;
             ag:subScopeStandard agd:standard\\/iso-9001 ; dcterms:source ?src }""",
    ).records()
    assert any("ukas.com" in r["src"] for r in rows)


def test_iso_31000_is_guidance_and_not_certifiable(bundled_store):
    assert _ask(
        bundled_store,
        """ASK { agd:standard\\/iso-31000
        ag:standardKind agc:standard-kind\\/guidance ; ag:certifiable false }""",
    )


def test_iso_iec_17021_1_is_what_certification_bodies_are_accredited_to(bundled_store):
    assert _ask(
        bundled_store,
        """ASK { agd:standard\\/iso-iec-17021-1
        ag:standardKind agc:standard-kind\\/conformity-assessment ;
        ag:accreditationStandardFor agc:body-kind\\/certification-body }""",
    )


def test_iso_iec_27001_2013_certificates_are_void_after_2025_10_31(bundled_store):
    rows = sparql.run(bundled_store, "SELECT ?d WHERE { agd:standard\\/iso-iec-27001-2013 "
                      "ag:transitionEnds ?d }").records()  # fmt: skip
    assert rows == [{"d": dt.date(2025, 10, 31)}]


def test_ohsas_18001_is_replaced_by_iso_45001(bundled_store):
    assert _ask(
        bundled_store,
        """ASK { agd:standard\\/iso-45001-2018
        dcterms:replaces agd:standard\\/ohsas-18001-2007 }""",
    )


def test_iaf_and_ilac_roles_passed_to_global_accreditation_cooperation_on_2026_01_01(
    bundled_store,
):
    rows = sparql.run(
        bundled_store,
        """
        SELECT ?n ?on WHERE { ?n ag:rolesTakenOverBy agd:body\\/global-accreditation-cooperation ;
                                 ag:rolesTakenOverOn ?on } ORDER BY ?n""",
    ).records()
    assert {r["n"].rsplit("/", 1)[1] for r in rows} == {"iaf", "ilac"}
    assert {r["on"] for r in rows} == {dt.date(2026, 1, 1)}


def test_iso_14001_2026_is_the_current_edition(bundled_store):
    assert _ask(bundled_store, "ASK { agd:standard\\/iso-14001 ag:currentEdition "
                "agd:standard\\/iso-14001-2026 }")  # fmt: skip


def test_unconfirmed_signatory_status_stays_unverified(bundled_store):
    # docs/data-sources.md: OUA (UY) IAF MLA status not confirmed by any source
    assert _ask(
        bundled_store,
        """ASK { ?r ag:signatory agd:body\\/oua ;
        ag:arrangement <https://w3id.org/accredigraph/id/arrangement/iaf-mla> ;
        ag:signatoryState agc:signatory-state\\/unverified ;
        ag:confidence agc:confidence\\/unverified }""",
    )


def _iaf_record(store, body: str) -> dict:
    rows = sparql.run(
        store,
        f"""
        SELECT ?state ?confidence ?complete (GROUP_CONCAT(STR(?src); separator=" ") AS ?srcs)
        WHERE {{
          ?r ag:signatory agd:body\\/{body} ;
             ag:arrangement <https://w3id.org/accredigraph/id/arrangement/iaf-mla> ;
             ag:signatoryState ?state ; ag:confidence ?confidence ; ag:scopeComplete ?complete ;
             dcterms:source ?src }}
        GROUP BY ?state ?confidence ?complete""",
    ).records()
    assert len(rows) == 1
    return rows[0]


def test_eca_signatory_status_cites_the_iaf_resolution_and_leaves_scopes_open(bundled_store):
    # docs/data-sources.md, sixth research pass: an IAF GA resolution lists "ECA Costa Rica
    # (IAAC)" among admissions to the IAF MLA; the stored copy cuts off its main scope
    rec = _iaf_record(bundled_store, "eca")
    assert rec["state"].endswith("signatory-state/signatory")
    assert rec["confidence"].endswith("confidence/verified")
    assert rec["complete"] is False
    assert "iaf.nu/en/search/?page_no=7&search=ISO" in rec["srcs"]


def test_derived_signatories_keep_the_lower_confidence(bundled_store):
    # NSC, IOAS and LATAK are signatories by a derivation from IAF's own statements
    # (regional MLA + IAF membership): the record says so with confidence secondary
    for body in ("nsc", "ioas", "latak"):
        rec = _iaf_record(bundled_store, body)
        assert rec["state"].endswith("signatory-state/signatory"), body
        assert rec["confidence"].endswith("confidence/secondary"), body
        assert "The_Evaluation_Process" in rec["srcs"], body
    assert _ask(
        bundled_store,
        """ASK { ?r ag:signatory agd:body\\/ioas ;
        ag:arrangement <https://w3id.org/accredigraph/id/arrangement/iaf-mla> ;
        ag:mainScope agc:mla-scope\\/product }""",
    )


def test_inferred_regional_membership_is_not_published_as_plain_fact(bundled_store):
    # HKAS -> APAC is inferred from geography in the reference: no org:memberOf shortcut
    assert not _ask(bundled_store, "ASK { agd:body\\/hkas org:memberOf agd:body\\/apac }")
    assert _ask(
        bundled_store,
        """ASK { ?m org:member agd:body\\/hkas ;
        org:organization agd:body\\/apac ; ag:confidence agc:confidence\\/unverified }""",
    )


def test_there_are_39_iaf_sectors(bundled_store):
    rows = sparql.run(bundled_store, "SELECT (COUNT(?s) AS ?n) WHERE { ?s skos:inScheme "
                      "agc:iaf-sector }").records()  # fmt: skip
    assert rows == [{"n": 39}]


def test_six_regional_groups_are_active(bundled_store):
    rows = sparql.run(
        bundled_store,
        """SELECT ?a WHERE { ?g a ag:RegionalAccreditationGroup ;
        ag:acronym ?a ; ag:historic false } ORDER BY ?a""",
    ).records()
    assert [r["a"] for r in rows] == ["AFRAC", "APAC", "ARAC", "EA", "IAAC", "SADCA"]


def test_every_accreditation_of_a_real_certification_body_cites_its_source(bundled_store):
    # data/accreditations.csv: real CBs' accreditations, each with a source, a confidence, the
    # date the source showed it (as_of) and what kind of source it is; nothing invented
    rows = sparql.run(
        bundled_store,
        """SELECT ?a (COUNT(DISTINCT ?src) AS ?n) (SAMPLE(?asOf) AS ?on) (SAMPLE(?k) AS ?kind)
        (SAMPLE(?c) AS ?conf) WHERE { ?a a ag:Accreditation ; ag:subject ?cb
        FILTER NOT EXISTS { ?cb a ag:SampleRecord }
        OPTIONAL { ?a dcterms:source ?src } OPTIONAL { ?a agx:as_of ?asOf }
        OPTIONAL { ?a agx:source_kind ?k } OPTIONAL { ?a ag:confidence ?c } } GROUP BY ?a""",
    ).records()
    assert rows, "data/accreditations.csv holds at least one sourced accreditation"
    for row in rows:
        assert row["n"] >= 1 and row["on"]
        assert row["kind"] in {"ab-directory", "ab-statement", "cb-statement"}
        assert row["conf"] is not None


def test_ohsas_18001_certificates_stood_until_2021_09_30_under_its_real_title(bundled_store):
    # corrections.md Top 10 #4 (IAF COVID-19 FAQ Q15 extension) and #5 (BSI title)
    rows = sparql.run(bundled_store, "SELECT ?d ?t WHERE { agd:standard\\/ohsas-18001-2007 "
                      "ag:transitionEnds ?d ; dcterms:title ?t }").records()  # fmt: skip
    title = "Occupational health and safety management systems - Requirements"
    assert rows == [{"d": dt.date(2021, 9, 30), "t": title}]


def test_transition_ends_of_iso_13485_50001_22000_old_editions(bundled_store):
    # corrections.md F: set by IAF (with ISO), extended by IAF for COVID-19 where so
    rows = sparql.run(bundled_store, "SELECT ?e ?d WHERE { ?e ag:transitionEnds ?d }").records()
    ends = {r["e"].rsplit("/", 1)[1]: r["d"] for r in rows}
    assert ends["iso-13485-2003"] == dt.date(2019, 2, 28)
    assert ends["iso-50001-2011"] == dt.date(2022, 2, 21)
    assert ends["iso-22000-2005"] == dt.date(2021, 12, 29)


def test_accreditation_standards_for_ai_persons_ghg_rmp_are_present(bundled_store):
    assert _ask(bundled_store, "ASK { agd:standard\\/iso-iec-42006 ag:accreditationStandardFor "
                "agc:body-kind\\/certification-body }")  # fmt: skip
    assert _ask(bundled_store, "ASK { agd:standard\\/iso-14065 ag:accreditationStandardFor "
                "agc:body-kind\\/validation-verification-body }")  # fmt: skip
    assert _ask(bundled_store, "ASK { agd:standard\\/iso-17034 ag:accreditationStandardFor "
                "agc:body-kind\\/reference-material-producer }")  # fmt: skip
    assert _ask(bundled_store, "ASK { agd:standard\\/iso-iec-17024 ag:currentEdition "
                "agd:standard\\/iso-iec-17024-2026 }")  # fmt: skip


def test_iso_9001_2026_is_not_published_as_fact(bundled_store):
    # corrections.md F: publication not confirmed in any source as of mid-2026
    assert not _ask(bundled_store, 'ASK { ?e ag:designation "ISO 9001:2026" }')


def test_ukas_sanas_anab_scope_lists_are_not_complete_and_name_product_certification(
    bundled_store,
):
    # corrections.md Top 10 #7: all three also signed for ISO/IEC 17065 (2014)
    for ab in ("ukas", "sanas", "anab"):
        assert _ask(
            bundled_store,
            f"""ASK {{ agd:signatory\\/{ab}\\/iaf-mla
            ag:scopeComplete false ; ag:mainScope agc:mla-scope\\/product }}""",
        )
    assert _ask(bundled_store, "ASK { agd:signatory\\/ukas\\/iaf-mla ag:mainScope "
                "agc:mla-scope\\/persons }")  # fmt: skip


def test_2023_signatories_jas_au_is_jordan(bundled_store):
    # corrections.md Top 10 #9
    for ab in ("jas-au", "jasaff", "kolas"):
        assert _ask(
            bundled_store,
            f"""ASK {{ agd:signatory\\/{ab}\\/iaf-mla
            ag:signatoryState agc:signatory-state\\/signatory ;
            dcterms:source ?s FILTER(CONTAINS(STR(?s), "iaf-publishes-2023-mla-report")) }}""",
        )
    assert _ask(
        bundled_store, 'ASK { agd:body\\/jas-au schema:address/schema:addressCountry "JO" }'
    )


def test_naci_and_accreditation_mills_are_not_signatories(bundled_store):
    # corrections.md Top 10 #10 and D
    for ab in ("naci", "uaf", "gab", "naf", "vaci"):
        assert _ask(
            bundled_store,
            f"""ASK {{ agd:signatory\\/{ab}\\/iaf-mla
            ag:signatoryState agc:signatory-state\\/not-signatory }}""",
        )


def test_anab_is_not_called_government_appointed(bundled_store):
    rows = sparql.run(bundled_store, "SELECT ?c WHERE { agd:body\\/anab rdfs:comment ?c }")
    text = " ".join(r["c"] for r in rows.records())
    assert "non-governmental" in text and "subsidiary of the American National Standards" in text
