"""Issue 15: "how is X related to Y?" states every link the way the graph states it, whichever
way the path walks it ("UKAS accredits X", never "X accredits UKAS")."""

from __future__ import annotations

import pytest

from graph.explore.algorithms import RELATION_WORDS, how_related, path_sentence
from graph.vocab.mint import accreditation_iri, body_iri, certificate_iri, standard_iri
from graph.vocab.namespaces import sector

AGD = "https://w3id.org/accredigraph/id/"
CERT = certificate_iri("S-C-0001")
CERT_NAME = "Certificate S-C-0001: Lindley Moss Vehicle Bodies plc (sample), ISO 14001:2015"
ACC = accreditation_iri("S-A-002")
ACC_NAME = (
    "Accreditation S-A-002: United Kingdom Accreditation Service → Thamesmere Assurance Ltd "
    "(sample)"
)
THAMESMERE = "Thamesmere Assurance Ltd (sample)"

ORG = AGD + "organisation/lindley-moss-vehicle-bodies-plc-sample-gb-7b284207"
BELAC, EA = body_iri("belac"), body_iri("ea")
GLOBAL = body_iri("global-accreditation-cooperation")

#: relation: (subject IRI, its name, object IRI, its name): the graph says "subject relation
#: object" (the link runs from subject to object)
LINKS = {
    "published by": (standard_iri("ISO 20387"), "ISO 20387", body_iri("iso"), "ISO"),
    "signatory of": (BELAC, "Belgian Accreditation Body", AGD + "arrangement/ilac-mra",
                     "ILAC MRA"),
    "member of": (BELAC, "Belgian Accreditation Body", EA,
                  "European co-operation for Accreditation"),
    "certifies to": (body_iri("s-penmoor-quality"), "Penmoor Quality Certification Ltd (sample)",
                     standard_iri("ISO 9001"), "ISO 9001"),
    "roles taken over by": (body_iri("ilac"), "International Laboratory Accreditation "
                            "Cooperation", GLOBAL, "Global Accreditation Cooperation Incorporated"),
    "administers": (GLOBAL, "Global Accreditation Cooperation Incorporated",
                    AGD + "arrangement/global-aci-mra", "Global ACI MRA"),
    "named as issuer for": (body_iri("iso"), "ISO", standard_iri("ISO 14001"), "ISO 14001"),
    "issuer": (CERT, CERT_NAME, body_iri("s-thamesmere-assurance"), THAMESMERE),
    "subject": (CERT, CERT_NAME, ORG, "Lindley Moss Vehicle Bodies plc (sample)"),
    "hasCertification": (ORG, "Lindley Moss Vehicle Bodies plc (sample)", CERT, CERT_NAME),
    "againstStandard": (CERT, CERT_NAME, standard_iri("ISO 14001:2015"), "ISO 14001:2015"),
    "sector": (CERT, CERT_NAME, sector(22), "IAF 22: Other transport equipment"),
    "coversStandard": (ACC, ACC_NAME, standard_iri("ISO 45001"), "ISO 45001"),
}  # fmt: skip


@pytest.mark.parametrize("relation", sorted(LINKS))
@pytest.mark.parametrize("backwards", [False, True], ids=["forwards", "backwards"])
def test_a_link_reads_the_way_the_graph_states_it(bundled_store, relation, backwards):
    subject, subject_name, obj, object_name = LINKS[relation]
    words = RELATION_WORDS[relation]
    a, b = (obj, subject) if backwards else (subject, obj)
    found = how_related(bundled_store, a, b, max_paths=1)
    assert found.paths and len(found.paths[0]) == 2, "the two are linked directly"
    sentence = found.sentences()[0]
    clauses = sentence.removesuffix(".").split("; ")
    assert f"{subject_name} {words} {object_name}" in clauses, sentence
    assert f"{object_name} {words} {subject_name}" not in sentence


@pytest.mark.parametrize("backwards", [False, True], ids=["forwards", "backwards"])
def test_accredits_is_spelt_out_through_the_accreditation_the_right_way(bundled_store, backwards):
    ukas, cb = body_iri("ukas"), body_iri("s-thamesmere-assurance")
    found = how_related(bundled_store, *((cb, ukas) if backwards else (ukas, cb)), max_paths=1)
    sentence = found.sentences()[0]
    assert f"{ACC_NAME} was issued by United Kingdom Accreditation Service" in sentence
    assert f"{ACC_NAME} was granted to {THAMESMERE}" in sentence
    assert "United Kingdom Accreditation Service was issued by" not in sentence


def test_two_relations_of_one_pair_each_keep_their_own_direction(bundled_store):
    # ISO publishes ISO 9001, and a sample certificate names ISO as its issuer for ISO 9001
    found = how_related(bundled_store, standard_iri("ISO 9001"), body_iri("iso"), max_paths=1)
    sentence = found.sentences()[0]
    assert "ISO 9001 is published by ISO" in sentence
    assert "ISO is named as the issuer of certificates to ISO 9001" in sentence
    assert "ISO 9001 is published by and" not in sentence


@pytest.mark.parametrize("relation", sorted(RELATION_WORDS))
def test_every_relation_with_words_reads_subject_first_either_way(relation):
    words = RELATION_WORDS[relation]
    labels = {"s": "Subject", "o": "Object"}
    forwards = path_sentence(["s", "o"], [[(relation, True)]], labels)
    backwards = path_sentence(["o", "s"], [[(relation, False)]], labels)
    assert forwards == backwards == f"Subject {words} Object."
