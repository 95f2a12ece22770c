"""The trust-chain verifier: every verdict and every reason code, on the sample and inline."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter

import pytest

from graph import sparql
from graph.verify import chain
from graph.verify.chain import verify, verify_many
from graph.verify.model import REASONS, LinkName, LinkStatus, Verdict
from tests.conftest import BASE_REGISTER, SAMPLE_AS_OF

#: The reason code each sample case is written to show (docs/verifier.md).
CASE_CODES = {
    "unaccredited:no-accreditation": "NO_ACCREDITATION",
    "unaccredited:standard-not-in-scope": "ACCREDITATION_STANDARD_NOT_COVERED",
    "unaccredited:sector-not-in-scope": "ACCREDITATION_SECTOR_NOT_COVERED",
    "accredited-unrecognised:outside-arrangement": "MLA_NOT_SIGNATORY",
    "accredited-unrecognised:no-recognised-network": "MLA_NO_NETWORK",
    "accredited-unrecognised:other-scopes-only": "MLA_SCOPE_NOT_COVERED",
    "accredited-unrecognised:signatory-unconfirmed": "MLA_SCOPE_UNKNOWN",
    "unaccredited:accreditation-suspended": "ACCREDITATION_SUSPENDED",
    "unaccredited:accreditation-withdrawn": "ACCREDITATION_WITHDRAWN",
    "unaccredited:accreditation-expired": "ACCREDITATION_EXPIRED",
    "unaccredited:issued-before-accreditation": "ISSUED_OUTSIDE_ACCREDITATION",
    "not-in-force:expired-status": "CERT_EXPIRED",
    "not-in-force:past-validity": "CERT_PAST_VALIDITY",
    "not-in-force:suspended": "CERT_SUSPENDED",
    "not-in-force:withdrawn": "CERT_WITHDRAWN",
    "not-in-force:not-yet-valid": "CERT_NOT_YET_VALID",
    "not-in-force:void-edition": "EDITION_VOID",
    "invalid:guidance": "STANDARD_GUIDANCE",
    "invalid:conformity-assessment": "STANDARD_CONFORMITY_ASSESSMENT",
    "invalid:unknown-standard": "STANDARD_UNKNOWN",
}


@pytest.fixture(scope="module")
def sample_results(bundled_store):
    return verify_many(bundled_store, as_of=SAMPLE_AS_OF)


@pytest.fixture(scope="module")
def sample_cases(bundled_store) -> dict[str, str]:
    rows = sparql.run(bundled_store, "SELECT ?id ?case WHERE { ?c a ag:Certificate ; "
                      "ag:number ?id ; ag:sampleCase ?case }", row_cap=None)  # fmt: skip
    return {r["id"]: r["case"] for r in rows.records()}


def _with(table: str, **changes: str) -> dict:
    tables = {name: [dict(r) for r in rows] for name, rows in BASE_REGISTER.items()}
    tables[table][0].update(changes)
    return tables


def test_sample_bulk_check_gives_the_documented_counts(sample_results):
    counts = Counter(r.verdict.value for r in sample_results)
    assert counts == {
        "accredited": 132,
        "accredited-unrecognised": 22,
        "unaccredited": 35,
        "not-in-force": 26,
        "invalid": 16,
    }


def test_every_sample_certificate_gets_the_verdict_its_case_intends(sample_results, sample_cases):
    wrong = [(r.certificate, sample_cases[r.certificate], r.verdict.value)
             for r in sample_results
             if sample_cases[r.certificate].split(":")[0] != r.verdict.value]  # fmt: skip
    assert wrong == []


def test_every_sample_certificate_gives_the_reason_its_case_intends(sample_results, sample_cases):
    wrong = []
    for r in sample_results:
        case = sample_cases[r.certificate]
        expected = CASE_CODES.get(case)
        if expected is not None and expected not in r.reasons:
            wrong.append((r.certificate, case, r.reasons))
    assert wrong == []


def test_certificates_issued_by_non_cbs_are_invalid(sample_results, sample_cases):
    results = [r for r in sample_results if sample_cases[r.certificate] == "invalid:issuer-not-cb"]
    assert results
    assert {r.reasons[0] for r in results} <= {"ISSUER_IS_STANDARDS_BODY", "ISSUER_IS_AB"}
    assert {r.verdict for r in results} == {Verdict.INVALID}


def test_single_verification_agrees_with_the_bulk_pass_link_for_link(bundled_store, sample_results):
    def links(result):
        return result.as_dict()["links"]

    differ = [
        bulk.certificate
        for bulk in sample_results
        if links(verify(bundled_store, bulk.certificate, as_of=SAMPLE_AS_OF)) != links(bulk)
    ]
    assert differ == []


def test_subset_bulk_pass_agrees_with_the_full_pass(bundled_store, sample_results):
    some = sample_results[::5]
    subset = verify_many(bundled_store, [r.certificate for r in some], as_of=SAMPLE_AS_OF)
    assert [r.as_dict()["links"] for r in subset] == [r.as_dict()["links"] for r in some]


def _verdict(result) -> dict:
    """Everything a verification says but the moment it was made (``checked_at``)."""
    return {k: v for k, v in result.as_dict().items() if k != "checked_at"}


def test_subset_read_in_many_concurrent_batches_agrees_with_the_full_pass(
    bundled_store, sample_results, monkeypatch
):
    monkeypatch.setattr(chain, "BATCH", 7)  # 231 certificates: 33 batches of each query
    ids = [r.certificate for r in sample_results]
    subset = verify_many(bundled_store, ids, as_of=SAMPLE_AS_OF)
    assert [_verdict(r) for r in subset] == [_verdict(r) for r in sample_results]


def test_serial_reads_give_the_same_verdicts_as_concurrent_ones(
    bundled_store, sample_results, monkeypatch
):
    assert bundled_store.parallel_reads >= 1
    monkeypatch.setattr(bundled_store, "parallel_reads", 1, raising=False)
    serial = verify_many(bundled_store, [r.certificate for r in sample_results], as_of=SAMPLE_AS_OF)
    assert [_verdict(r) for r in serial] == [_verdict(r) for r in sample_results]


@pytest.mark.parametrize("enabled", [True, False])
def test_bulk_pass_leaves_the_garbage_collector_as_it_found_it(bundled_store, enabled):
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        verify_many(bundled_store, ["S-C-0001"], as_of=SAMPLE_AS_OF)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_unknown_certificate_is_unknown(bundled_store):
    result = verify(bundled_store, "NOT-A-CERTIFICATE")
    assert result.verdict is Verdict.UNKNOWN and result.reasons == ["CERT_NOT_FOUND"]


def test_accredited_certificate_passes_every_decisive_link(register_store):
    result = verify(register_store(BASE_REGISTER), "T-C-1", as_of=SAMPLE_AS_OF)
    assert result.verdict is Verdict.ACCREDITED
    decisive = [link for link in result.links if link.name is not LinkName.REGIONAL_GROUP]
    assert all(link.status is LinkStatus.PASS for link in decisive)
    assert result.link(LinkName.MLA_SIGNATORY).code == "MLA_SIGNATORY"
    assert result.link(LinkName.REGIONAL_GROUP).code == "GROUP_MEMBER"


def test_every_link_names_evidence_and_words(register_store):
    result = verify(register_store(BASE_REGISTER), "T-C-1", as_of=SAMPLE_AS_OF)
    assert [link.name for link in result.links] == list(LinkName)
    assert all(link.message and link.evidence for link in result.links)
    assert any("ukas.com" in s for s in result.link(LinkName.MLA_SIGNATORY).sources)


def test_verdict_depends_on_the_as_of_date(register_store):
    store = register_store(BASE_REGISTER)
    assert verify(store, "T-C-1", as_of=dt.date(2025, 2, 1)).reasons[0] == "CERT_NOT_YET_VALID"
    assert verify(store, "T-C-1", as_of=dt.date(2028, 3, 1)).reasons[0] == "CERT_PAST_VALIDITY"
    # the accreditation ends 2027-12-31: the certificate outlives it
    late = verify(store, "T-C-1", as_of=dt.date(2028, 1, 15))
    assert late.verdict is Verdict.UNACCREDITED and "ACCREDITATION_EXPIRED" in late.reasons


def test_sector_outside_accreditation_makes_it_unaccredited(register_store):
    result = verify(register_store(_with("certificates.csv", sectors="17;35")), "T-C-1",
                    as_of=SAMPLE_AS_OF)  # fmt: skip
    assert result.verdict is Verdict.UNACCREDITED
    assert result.link(LinkName.ACCREDITATION).code == "ACCREDITATION_SECTOR_NOT_COVERED"
    assert "35" in result.link(LinkName.ACCREDITATION).message


def test_accreditation_without_sectors_covers_every_sector(register_store):
    tables = _with("certificates.csv", sectors="35")
    tables["accreditations.csv"][0]["sectors"] = ""
    assert verify(register_store(tables), "T-C-1", as_of=SAMPLE_AS_OF).verdict is Verdict.ACCREDITED


def test_issuer_that_is_a_network_is_not_a_cb(register_store):
    result = verify(register_store(_with("certificates.csv", certification_body="iaf")), "T-C-1",
                    as_of=SAMPLE_AS_OF)  # fmt: skip
    assert result.verdict is Verdict.INVALID and result.reasons[0] == "ISSUER_NOT_CB"


def test_unverified_mla_status_is_unknown_not_accredited(register_store):
    result = verify(register_store(_with("accreditations.csv", accreditation_body="oua")),
                    "T-C-1", as_of=SAMPLE_AS_OF)  # fmt: skip
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert result.link(LinkName.MLA_SIGNATORY).status is LinkStatus.UNKNOWN
    assert result.link(LinkName.MLA_SIGNATORY).code == "MLA_STATUS_UNVERIFIED"


def test_ab_known_only_from_unverified_sources_is_flagged(register_store):
    result = verify(register_store(_with("accreditations.csv", accreditation_body="dsm")),
                    "T-C-1", as_of=SAMPLE_AS_OF)  # fmt: skip
    assert result.link(LinkName.ACCREDITATION_BODY).code == "AB_UNVERIFIED"
    assert result.link(LinkName.REGIONAL_GROUP).code == "GROUP_UNVERIFIED"


def test_users_own_signatory_ab_can_make_a_certificate_accredited(register_store):
    tables = _with("accreditations.csv", accreditation_body="t-ab")
    tables["accreditation_bodies.csv"] = [
        {"id": "t-ab", "name": "Test Accreditation Body", "country": "FR",
         "iaf_mla_scopes": "ISO 9001;ISO 14001", "website": ""}]  # fmt: skip
    result = verify(register_store(tables), "T-C-1", as_of=SAMPLE_AS_OF)
    assert result.verdict is Verdict.ACCREDITED
    assert result.link(LinkName.REGIONAL_GROUP).code == "GROUP_NONE"


def test_users_ab_in_no_network_and_no_signatory_is_a_possible_mill(register_store):
    tables = _with("accreditations.csv", accreditation_body="t-ab")
    tables["accreditation_bodies.csv"] = [
        {"id": "t-ab", "name": "Test AB", "country": "FR", "iaf_mla_scopes": "", "website": ""}
    ]
    result = verify(register_store(tables), "T-C-1", as_of=SAMPLE_AS_OF)
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert result.link(LinkName.MLA_SIGNATORY).code == "MLA_NO_NETWORK"
    assert "accreditation mill" in result.summary


def test_users_ab_in_a_regional_group_but_not_signatory_is_outside_the_arrangement(
    register_store,
):
    tables = _with("accreditations.csv", accreditation_body="t-ab")
    tables["accreditation_bodies.csv"] = [
        {"id": "t-ab", "name": "Test AB", "country": "FR", "iaf_mla_scopes": "", "website": ""}
    ]
    tables["memberships.csv"] = [
        {
            "member": "t-ab",
            "organisation": "ea",
            "role": "member",
            "confidence": "verified",
            "source": "https://example.org/ea",
        }
    ]
    result = verify(register_store(tables), "T-C-1", as_of=SAMPLE_AS_OF)
    assert result.verdict is Verdict.ACCREDITED_UNRECOGNISED
    assert result.link(LinkName.MLA_SIGNATORY).code == "MLA_NOT_SIGNATORY"


def test_the_signatory_link_names_the_arrangement_in_force_on_the_date(register_store):
    store = register_store(BASE_REGISTER)
    before = verify(store, "T-C-1", as_of=dt.date(2025, 12, 31))
    after = verify(store, "T-C-1", as_of=dt.date(2026, 1, 1))
    assert before.arrangement == "IAF MLA" and after.arrangement == "Global ACI MRA"
    old, new = before.link(LinkName.MLA_SIGNATORY), after.link(LinkName.MLA_SIGNATORY)
    assert "IAF MLA signatory" in old.message and "Global ACI" not in old.message
    assert "Global ACI MRA signatory" in new.message and "carried over" in new.message
    assert "GAC" not in new.message and "GAC" not in after.summary
    assert new.evidence[-1].endswith("/arrangement/global-aci-mra")
    assert not any("iaf.nu/en/faq/5-01" in s for s in old.sources)
    assert any("iaf.nu/en/faq/5-01" in s for s in new.sources)  # the carry-over's source
    assert before.verdict is after.verdict is Verdict.ACCREDITED


def test_guidance_wins_over_not_in_force(register_store):
    tables = _with("certificates.csv", standard="ISO 31000", status="expired")
    result = verify(register_store(tables), "T-C-1", as_of=SAMPLE_AS_OF)
    assert result.verdict is Verdict.INVALID
    assert result.reasons[:2] == ["CERT_EXPIRED", "STANDARD_GUIDANCE"]


def test_words_say_unaccredited_certification_is_legitimate_but_weaker(register_store):
    result = verify(register_store(_with("accreditations.csv", status="withdrawn")), "T-C-1",
                    as_of=SAMPLE_AS_OF)  # fmt: skip
    assert "legitimate but weaker" in result.summary


def test_accreditation_for_the_standard_explains_better_than_one_for_another(register_store):
    tables = _with("accreditations.csv", status="suspended")
    tables["accreditations.csv"].append(
        {**tables["accreditations.csv"][0], "id": "T-A-2", "standards": "ISO 45001",
         "status": "active", "valid_from": "2024-06-01"})  # fmt: skip
    result = verify(register_store(tables), "T-C-1", as_of=SAMPLE_AS_OF)
    assert result.link(LinkName.ACCREDITATION).code == "ACCREDITATION_SUSPENDED"


def test_every_reason_code_is_reachable(bundled_store, sample_results, register_store):
    seen = {link.code for r in sample_results for link in r.links}
    extra = [
        verify(bundled_store, "NOT-A-CERTIFICATE"),
        verify(register_store(_with("certificates.csv", certification_body="iaf")), "T-C-1"),
        verify(register_store(_with("accreditations.csv", accreditation_body="dsm")), "T-C-1",
               as_of=SAMPLE_AS_OF),
        verify(register_store(_with("accreditations.csv", accreditation_body="oua")), "T-C-1",
               as_of=SAMPLE_AS_OF),
        verify(bundled_store, "S-C-0001", as_of=dt.date(1990, 1, 1)),  # before the IAF MLA
        # BSCA: EA ended its membership in May 2023 (GROUP_ENDED)
        verify(register_store(_with("accreditations.csv", accreditation_body="bsca")), "T-C-1",
               as_of=SAMPLE_AS_OF),
    ]  # fmt: skip
    # UKAS signed for ISO 45001 on 2020-02-05 (through EA): on 2019-01-01 it was not yet one
    ohs = _with("accreditations.csv", standards="ISO 45001", valid_from="2018-01-01")
    ohs["certificates.csv"][0].update(standard="ISO 45001:2018", issued="2018-06-01",
                                      valid_until="2021-05-31")  # fmt: skip
    extra.append(verify(register_store(ohs), "T-C-1", as_of=dt.date(2019, 1, 1)))
    seen |= {link.code for r in extra for link in r.links}
    tables = _with("accreditations.csv", accreditation_body="t-ab")
    tables["accreditation_bodies.csv"] = [
        {"id": "t-ab", "name": "T", "country": "FR", "iaf_mla_scopes": "ISO 9001", "website": ""}
    ]
    seen |= {link.code for link in verify(register_store(tables), "T-C-1",
                                          as_of=SAMPLE_AS_OF).links}  # fmt: skip
    tables["memberships.csv"] = [  # a membership recorded only from a later day (GROUP_NOT_YET)
        {"member": "t-ab", "organisation": "ea", "role": "member", "confidence": "verified",
         "valid_from": "2027-01-01"}]  # fmt: skip
    seen |= {link.code for link in verify(register_store(tables), "T-C-1",
                                          as_of=SAMPLE_AS_OF).links}  # fmt: skip
    assert sorted(set(REASONS) - seen) == []
