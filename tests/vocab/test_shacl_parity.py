"""shapes.ttl gives the same answer in pySHACL and in Apache Jena's SHACL (issue 13).

Both engines validate the same graph (the ontology merged into the data, as
graph/ingest/validate.py does) against shapes.ttl; every result must be the same in both: the
same focus node, constraint component and severity. The verdict is the project's: a graph
conforms when no result has severity Violation. (The SHACL spec's ``sh:conforms`` is false as
soon as there is any result, Warnings included, which is what Jena prints; pySHACL's
``allow_warnings`` is the project's reading. The two engines find the same results: they only
name the verdict differently.)
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from graph.ingest.validate import validate_graph
from tests.vocab.java import JENA, compile_java, require, run_java

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SH = "http://www.w3.org/ns/shacl#"

#: Broken records beside the bundled data: a certificate issued after it expires and with a
#: status from the wrong code list, an organisation whose country is a name and whose site
#: address is text, an accreditation body with no identifier, and two memberships: one that
#: ends before it begins, one whose last day is text.
BROKEN = """
@prefix ag: <https://w3id.org/accredigraph/def#> .
@prefix agd: <https://w3id.org/accredigraph/id/> .
@prefix schema: <https://schema.org/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

agd:certificate\\/BROKEN-1 a ag:Certificate ;
    ag:issuer agd:body\\/ukas ;
    ag:subject agd:organisation\\/broken ;
    ag:standardDesignation "ISO 9001:2015" ;
    dcterms:issued "2027-01-01"^^xsd:date ;
    ag:validUntil "2026-01-01"^^xsd:date ;
    ag:status <https://w3id.org/accredigraph/code/accreditation-status/active> .

agd:organisation\\/broken a ag:CertifiedOrganization ;
    schema:name "Broken Ltd" ;
    schema:address agd:organisation\\/broken\\/address ;
    schema:hasCertification agd:certificate\\/BROKEN-1 ;
    org:hasSite agd:site\\/broken\\/1 .
agd:organisation\\/broken\\/address a schema:PostalAddress ; schema:addressCountry "Britain" .
agd:site\\/broken\\/1 a org:Site ; rdfs:label "Leeds" ; org:siteAddress "Leeds" .

agd:body\\/broken-ab a ag:AccreditationBody ; schema:name "Broken AB" ; rdfs:label "Broken AB" .

agd:membership\\/broken-membership a org:Membership ;
    org:member agd:body\\/ukas ; org:organization agd:body\\/ea ;
    org:role <https://w3id.org/accredigraph/code/membership-role/member> ;
    ag:confidence <https://w3id.org/accredigraph/code/confidence/verified> ;
    ag:validFrom "2024-01-01"^^xsd:date ; ag:validUntil "2023-05-23"^^xsd:date .

agd:membership\\/broken-membership-day a org:Membership ;
    org:member agd:body\\/ukas ; org:organization agd:body\\/ea ;
    org:role <https://w3id.org/accredigraph/code/membership-role/member> ;
    ag:confidence <https://w3id.org/accredigraph/code/confidence/verified> ;
    ag:validUntil "May 2023" .
"""


@pytest.fixture(scope="module")
def jena(tmp_path_factory):
    require(JENA)
    cp = compile_java("ShaclCheck", JENA, tmp_path_factory.mktemp("shacl"))

    def validate(data: Path) -> Counter:
        out = run_java(cp, "ShaclCheck", str(ROOT / "shapes.ttl"), str(ROOT / "ontology.ttl"),
                       str(data))  # fmt: skip
        results = Counter()
        for line in out.splitlines()[1:]:
            severity, focus, _path, component, _shape = line.split("\t")
            results[(_tail(severity), focus, _tail(component))] += 1
        return results

    return validate


def _tail(iri: str) -> str:
    return iri.rsplit("#", 1)[-1]


def _pyshacl(data: rdflib.Graph) -> Counter:
    report = validate_graph(data)
    return Counter((i.severity, i.focus, i.component) for i in report.issues)


def _verdict(results: Counter) -> bool:
    return not any(severity == "Violation" for severity, _, _ in results)


@pytest.fixture(scope="module")
def bundled(bundled_store, tmp_path_factory) -> tuple[rdflib.Graph, Path]:
    path = tmp_path_factory.mktemp("parity") / "bundled.nt"
    path.write_bytes(bundled_store.dump(ox.RdfFormat.N_TRIPLES))
    return rdflib.Graph().parse(path, format="nt"), path


def test_both_engines_give_the_same_results_on_the_bundled_data(bundled, jena):
    graph, path = bundled
    ours, theirs = _pyshacl(graph), jena(path)
    assert ours == theirs
    assert _verdict(ours) and _verdict(theirs)  # the bundled data conforms in both
    assert sum(ours.values()) > 0  # the samples' deliberate red flags are Warnings in both


def test_both_engines_give_the_same_results_on_a_broken_graph(bundled, jena, tmp_path):
    graph, _ = bundled
    broken = graph + rdflib.Graph().parse(data=BROKEN, format="turtle")
    path = tmp_path / "broken.nt"
    broken.serialize(path, format="nt", encoding="utf-8")
    ours, theirs = _pyshacl(broken), jena(path)
    assert ours == theirs
    assert not _verdict(ours) and not _verdict(theirs)
    found = {(focus.rsplit("/", 1)[-1], component) for severity, focus, component in ours
             if severity == "Violation"}  # fmt: skip
    assert ("BROKEN-1", "LessThanOrEqualsConstraintComponent") in found
    assert ("BROKEN-1", "InConstraintComponent") in found
    assert ("address", "PatternConstraintComponent") in found
    assert ("1", "ClassConstraintComponent") in found  # org:siteAddress "Leeds" is text
    assert ("broken-ab", "MinCountConstraintComponent") in found
    assert ("broken-membership", "LessThanOrEqualsConstraintComponent") in found
    assert ("broken-membership-day", "DatatypeConstraintComponent") in found
