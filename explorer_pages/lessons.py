"""What the Learn page teaches besides the story: misconceptions and the glossary.

Each misconception names the verifier's reason code(s) its example shows, so the page can find
a real record of the graph for it and show what the verifier says.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.vocab.namespaces import AG

__all__ = ["GLOSSARY", "MISCONCEPTIONS", "UNRECOGNISED_CASES", "Misconception"]


@dataclass(frozen=True)
class Misconception:
    """A common wrong claim, what is true instead, and how to find a real example."""

    key: str
    claim: str
    truth: str
    reason: str  # the verifier's reason code the example shows ("" : any of ``codes``)
    codes: tuple[str, ...] = ()


MISCONCEPTIONS = (
    Misconception(
        "certified-by-iso",
        "“Certified by ISO”",
        "ISO writes standards; it certifies no one. A certificate is issued by a certification "
        "body. A certificate that names ISO (or IEC) as its issuer cannot be genuine.",
        "ISSUER_IS_STANDARDS_BODY",
    ),
    Misconception(
        "iso-17025-certified",
        "“ISO 17025 certified”",
        "ISO/IEC 17025 is a conformity-assessment standard: laboratories are **accredited** to "
        "it by an accreditation body. Nobody is certified to it (nor to ISO/IEC 17020, "
        "ISO 15189 or ISO/IEC 17021-1).",
        "STANDARD_CONFORMITY_ASSESSMENT",
    ),
    Misconception(
        "iso-31000-certificate",
        "“ISO 31000 certificate”",
        "ISO 31000 is guidance (“guidelines”, with *should*, not *shall*): there are no "
        "requirements to audit against. The same holds for ISO 9004, ISO 19011, ISO 26000 and "
        "ISO/IEC 27002.",
        "STANDARD_GUIDANCE",
    ),
    Misconception(
        "accredited-by-iso",
        "“Accredited by ISO”",
        "ISO accredits no one either. Certification bodies are accredited by an accreditation "
        "body (UKAS, DAkkS, ANAB …); and an accreditation body in turn does not certify "
        "companies: a certificate “issued by UKAS” is as wrong as one “issued by ISO”.",
        "ISSUER_IS_AB",
    ),
    Misconception(
        "accredited-means-recognised",
        "“Accredited, so recognised worldwide”",
        "Only an accreditation body that is a **signatory for that scope** of the arrangement "
        "in force (the Global ACI MRA since 1 January 2026, the IAF MLA before) makes a "
        "certificate recognised by every other signatory. An AB outside it, a signatory for "
        "other scopes only, or a body in no recognised network at all (a possible "
        "accreditation mill) gives an accreditation without that recognition: the verdict is "
        "**accredited-unrecognised**.",
        "",
        ("MLA_NO_NETWORK", "MLA_NOT_SIGNATORY", "MLA_SCOPE_NOT_COVERED"),
    ),
)

#: The sample cases the recognition misconception is shown with.
UNRECOGNISED_CASES = (
    "accredited-unrecognised:no-recognised-network",
    "accredited-unrecognised:other-scopes-only",
)

#: ISO/IEC 17000 terms and the ontology term that models each.
GLOSSARY = (
    (
        "conformity assessment",
        "Demonstration that specified requirements are fulfilled: testing, inspection, "
        "validation, verification, certification and accreditation are all forms of it.",
        AG + "ConformityAssessmentBody",
    ),
    (
        "attestation",
        "Issue of a statement, based on a decision, that fulfilment of specified requirements "
        "has been demonstrated (ISO/IEC 17000, 7.3). Certificates and accreditations are both "
        "attestations.",
        AG + "Attestation",
    ),
    (
        "certification",
        "Third-party attestation about an object of conformity assessment (a product, a "
        "process, a person, a management system), with the exception of accreditation "
        "(ISO/IEC 17000, 7.6). The certificate is its record.",
        AG + "Certificate",
    ),
    (
        "accreditation",
        "Third-party attestation about a conformity assessment body, conveying formal "
        "demonstration of its competence, impartiality and consistent operation (ISO/IEC 17000, "
        "7.7). Only accreditation bodies accredit.",
        AG + "Accreditation",
    ),
    (
        "conformity assessment body",
        "A body that performs conformity assessment activities: a certification body, a "
        "laboratory, an inspection body. It can be accredited; an accreditation body is not "
        "itself a conformity assessment body.",
        AG + "ConformityAssessmentBody",
    ),
    (
        "scope (of attestation)",
        "The range of what an attestation covers: for a certificate, the activities, sites and "
        "sectors; for an accreditation, the standards and IAF sectors the CB may certify.",
        AG + "coversStandard",
    ),
)
