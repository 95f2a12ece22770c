"""The SHACL data-quality report: which entity, which rule, what to fix."""

from __future__ import annotations

import pytest

from graph import sparql
from graph.ingest.validate import validate_store
from tests.conftest import BASE_REGISTER

DELIBERATE = {"invalid:guidance", "invalid:conformity-assessment", "invalid:issuer-not-cb"}


@pytest.fixture(scope="module")
def report(bundled_store):
    return validate_store(bundled_store)


def test_bundled_data_conforms_to_the_shapes(report):
    assert report.conforms
    assert [i for i in report.issues if i.severity == "Violation"] == []


def test_chain_rule_warnings_cover_the_samples_deliberately_invalid_certificates(
    bundled_store, report
):
    rows = sparql.run(bundled_store, "SELECT ?c ?case WHERE { ?c a ag:Certificate ; "
                      "ag:sampleCase ?case }", row_cap=None).records()  # fmt: skip
    deliberate = {r["c"] for r in rows if r["case"] in DELIBERATE}
    flagged = {i.focus for i in report.issues if "certif" in i.message and i.focus in deliberate}
    assert flagged == deliberate


def test_more_than_one_ab_per_country_is_a_warning_not_a_violation(report):
    us = [i for i in report.issues if i.label == "ANSI National Accreditation Board"]
    assert us and {i.severity for i in us} == {"Warning"}


@pytest.mark.slow
def test_malformed_record_is_a_violation(register_store):
    tables = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    store = register_store(tables)
    import pyoxigraph as ox

    # the store is ours: mutate it directly
    store.add(
        [
            ox.Triple(
                ox.NamedNode("https://w3id.org/accredigraph/id/certificate/T-C-1"),
                ox.NamedNode("https://w3id.org/accredigraph/def#status"),
                ox.NamedNode("https://w3id.org/accredigraph/code/certificate-status/revoked"),
            )
        ]
    )
    report = validate_store(store)
    assert not report.conforms
    found = {(i.component, i.path) for i in report.issues if i.severity == "Violation"}
    assert ("InConstraintComponent", "ag:status") in found


@pytest.mark.slow
def test_certificate_issued_by_iso_is_reported_with_entity_rule_and_fix(register_store):
    tables = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    tables["certificates.csv"][0]["certification_body"] = "iso"
    report = validate_store(register_store(tables))
    issue = next(i for i in report.issues if i.focus.endswith("/certificate/T-C-1"))
    assert issue.severity == "Warning" and issue.path == "ag:issuer"
    assert "Certificate T-C-1" in issue.label
    assert issue.fix


def test_report_renders_as_json(report):
    import json

    data = json.loads(report.to_json())
    assert data["conforms"] is True
    assert data["counts"]["Warning"] == len(report.issues)


@pytest.mark.slow
def test_a_count_per_body_without_its_counts_by_status_is_a_violation(register_store):
    store = register_store({k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()})
    # the store is ours: take one "cb" count's number of valid certificates away
    sparql.update(store, "DELETE { ?c ag:validCount ?n } WHERE { { SELECT ?c ?n WHERE { "
                  '?c ag:summaryFacet "cb" ; ag:validCount ?n } LIMIT 1 } }')  # fmt: skip
    report = validate_store(store)
    assert not report.conforms
    focus = {i.focus for i in report.issues if i.severity == "Violation"}
    assert any("/summary/" in f for f in focus)
