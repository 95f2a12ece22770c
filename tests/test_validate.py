"""The SHACL data-quality report: which entity, which rule, what to fix."""

from __future__ import annotations

import pytest

from graph.query import run_sparql
from graph.validate import validate_store

from .conftest import BASE_REGISTER

DELIBERATE = {"invalid:guidance", "invalid:conformity-assessment", "invalid:issuer-not-cb"}


@pytest.fixture(scope="module")
def report(bundled_store):
    return validate_store(bundled_store)


def test_violations_are_exactly_the_samples_deliberately_invalid_certificates(
    bundled_store, report
):
    rows = run_sparql(bundled_store, "SELECT ?c ?case WHERE { ?c a ag:Certificate ; "
                      "ag:sampleCase ?case }", row_cap=None).records()  # fmt: skip
    deliberate = {r["c"] for r in rows if r["case"] in DELIBERATE}
    violating = {i.focus for i in report.issues if i.severity == "Violation"}
    assert violating == deliberate


def test_reference_data_has_no_violations(bundled_store, report):
    samples = {r["s"] for r in run_sparql(bundled_store, "SELECT ?s WHERE { ?s a ag:SampleRecord }",
                                          row_cap=None).records()}  # fmt: skip
    assert [i for i in report.issues if i.severity == "Violation" and i.focus not in samples] == []


def test_more_than_one_ab_per_country_is_a_warning_not_a_violation(report):
    us = [i for i in report.issues if i.label == "ANSI National Accreditation Board"]
    assert us and {i.severity for i in us} == {"Warning"}


def test_certificate_issued_by_iso_is_reported_with_entity_rule_and_fix(register_store):
    tables = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    tables["certificates.csv"][0]["certification_body"] = "iso"
    report = validate_store(register_store(tables))
    issue = next(i for i in report.issues if i.focus.endswith("/certificate/T-C-1"))
    assert issue.severity == "Violation" and issue.path == "ag:issuer"
    assert "Certificate T-C-1" in issue.label
    assert issue.fix


def test_report_renders_as_json(report):
    import json

    data = json.loads(report.to_json())
    assert data["conforms"] is False and data["counts"]["Violation"] == len(
        [i for i in report.issues if i.severity == "Violation"]
    )
