"""The Learn page's glossary: one list of terms, and the markup that ties the texts to it.

Texts of the Learn page mark a glossary term as ``[[accreditation body]]`` or, to show other
words, ``[[AB|accreditation body]]``; :func:`render` turns the mark into bold text and
:func:`marked_terms` lists what a text marks, so a test can check that every term the page uses
is defined here once (:func:`lookup` finds a term by its name or any of its other names).

Definitions follow ISO/IEC 17000:2020 where it defines the term (paraphrased) and the project's
sourced reference facts otherwise (``data/*.csv``, ``../shared/reference/rules.md``).

>>> lookup("ABs").name, lookup("MLA").name
('accreditation body', 'recognition arrangement')
>>> render("An [[AB|accreditation body]] accredits.")
'An **AB** accredits.'
>>> marked_terms("[[CB|certification body]] and [[scope]]")
['certification body', 'scope']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph.vocab.mint import body_iri
from graph.vocab.namespaces import AG, AGC, AGD

__all__ = ["GLOSSARY", "Term", "anchor", "lookup", "marked_terms", "render"]


@dataclass(frozen=True)
class Term:
    """A term, its other names (abbreviations, plurals aside), what it means, and the
    ontology term or entity of the graph that models it (``""``: none)."""

    name: str
    meaning: str
    iri: str = ""
    also: tuple[str, ...] = ()


GLOSSARY = (
    Term(
        "conformity assessment",
        "Demonstration that specified requirements are fulfilled (ISO/IEC 17000): testing, "
        "inspection, validation, verification, certification and accreditation are all forms "
        "of it.",
    ),
    Term(
        "attestation",
        "Issue of a statement, based on a decision, that fulfilment of specified requirements "
        "has been demonstrated (ISO/IEC 17000, 7.3). Certificates and accreditations are both "
        "attestations.",
        AG + "Attestation",
    ),
    Term(
        "certification",
        "Third-party attestation about an object of conformity assessment (a product, a "
        "process, a person, a management system), with the exception of accreditation "
        "(ISO/IEC 17000, 7.6).",
        "",
        ("certified", "certify", "certifies"),
    ),
    Term(
        "certificate",
        "The record of a certification: who is certified, to which standard, for which scope, "
        "by which certification body, and from when until when (usually three years, with "
        "yearly surveillance audits).",
        AG + "Certificate",
    ),
    Term(
        "accreditation",
        "Third-party attestation about a conformity assessment body, conveying formal "
        "demonstration of its competence, impartiality and consistent operation (ISO/IEC 17000, "
        "7.7). Only accreditation bodies accredit.",
        AG + "Accreditation",
        ("accredited", "accredit", "accredits"),
    ),
    Term(
        "conformity assessment body",
        "A body that performs conformity assessment: a certification body, a laboratory, an "
        "inspection body. It can be accredited; an accreditation body is not itself one.",
        AG + "ConformityAssessmentBody",
        ("CAB",),
    ),
    Term(
        "certification body",
        "A conformity assessment body that audits organisations and issues certificates; for "
        "management systems it works to ISO/IEC 17021-1 (ISO/IEC 17065 for products, "
        "ISO/IEC 17024 for persons).",
        AG + "CertificationBody",
        ("CB", "registrar"),
    ),
    Term(
        "accreditation body",
        "The body that assesses conformity assessment bodies and accredits them for a scope; it "
        "works to ISO/IEC 17011, is usually one per country and recognised by its government "
        "(UKAS in the UK, DAkkS in Germany), and certifies no one.",
        AG + "AccreditationBody",
        ("AB",),
    ),
    Term(
        "ISO",
        "The International Organization for Standardization: it writes and sells standards "
        "(with IEC for the joint ISO/IEC ones) and certifies and accredits no one.",
        body_iri("iso"),
        ("International Organization for Standardization",),
    ),
    Term(
        "requirements standard",
        "A standard with requirements (*shall*) that an organisation can be audited and "
        "certified against, such as ISO 9001 or ISO/IEC 27001. Guidance standards (ISO 31000, "
        "ISO 9004) and conformity-assessment standards (ISO/IEC 17025) are not certifiable.",
        AG + "certifiable",
        ("standard",),
    ),
    Term(
        "edition",
        "A version of a standard, named by its year (ISO 9001:2015). When a new edition comes "
        "out, certificates to the old one must move to it within a transition period.",
        AG + "StandardEdition",
    ),
    Term(
        "transition period",
        "The time certificates to a withdrawn edition stay valid after a new edition is "
        "published; agreed by IAF with ISO (by Global ACI since 2026).",
        AG + "transitionEnds",
    ),
    Term(
        "scope",
        "What an attestation covers: for a certificate, the activities, sites and IAF sectors; "
        "for an accreditation, the standards and IAF sectors the body may certify; for a "
        "signatory, the standards it is recognised for.",
        AG + "coversStandard",
        ("scope of attestation",),
    ),
    Term(
        "IAF sector",
        "One of 39 economic sectors (IAF ID 1, the EA codes, mapped to NACE) that bound the "
        "scope of a management-system certificate and of a certification body's accreditation: "
        "a CB accredited only for sector 28 (construction) is not accredited to certify in sector "
        "38 (health and social work).",
        AGC + "iaf-sector",
        ("sector", "EA code"),
    ),
    Term(
        "surveillance audit",
        "The yearly audit by which the certification body checks that a certified management "
        "system still conforms between the initial audit and recertification.",
    ),
    Term(
        "peer evaluation",
        "The assessment of an accreditation body by other accreditation bodies of its regional "
        "group, against ISO/IEC 17011; passing it is what makes the body a signatory.",
    ),
    Term(
        "regional group",
        "A regional co-operation of accreditation bodies that runs peer evaluation and its own "
        "recognition arrangement: EA (Europe), APAC (Asia Pacific), IAAC (the Americas), AFRAC "
        "(Africa), ARAC (Arab countries), SADCA (southern Africa).",
        AG + "RegionalAccreditationGroup",
    ),
    Term(
        "signatory",
        "An accreditation body that has signed a recognition arrangement for a scope after "
        "peer evaluation; the graph records, per body and arrangement, signatory, not a "
        "signatory, or unverified.",
        AG + "SignatoryStatus",
    ),
    Term(
        "recognition arrangement",
        "A multilateral recognition arrangement (MLA, MRA): its signatories accept each "
        "other's accredited certificates and reports as equivalent, so a certificate is "
        "recognised beyond its own country.",
        AG + "RecognitionArrangement",
        ("MLA", "MRA", "arrangement", "multilateral recognition arrangement"),
    ),
    Term(
        "IAF",
        "The International Accreditation Forum, the world association of accreditation bodies "
        "for management systems, products and persons; its roles passed to Global ACI on "
        "1 January 2026.",
        body_iri("iaf"),
        ("International Accreditation Forum",),
    ),
    Term(
        "IAF MLA",
        "The IAF Multilateral Recognition Arrangement, the recognition arrangement for "
        "certification until 31 December 2025. On 1 January 2026 the Global ACI MRA replaced "
        "it, and its recognitions carried over.",
        AGD + "arrangement/iaf-mla",
    ),
    Term(
        "ILAC MRA",
        "The ILAC Mutual Recognition Arrangement for laboratories and inspection bodies, "
        "replaced by the Global ACI MRA on 1 January 2026.",
        AGD + "arrangement/ilac-mra",
        ("ILAC",),
    ),
    Term(
        "Global ACI",
        "Global Accreditation Cooperation Incorporated, formed by IAF and ILAC, which took over "
        "their roles on 1 January 2026. Its short name is Global ACI, not GAC (GAC is the Gulf "
        "Cooperation Council Accreditation Center, an accreditation body).",
        body_iri("global-accreditation-cooperation"),
        ("Global Accreditation Cooperation Incorporated",),
    ),
    Term(
        "Global ACI MRA",
        "The Global ACI Multilateral Recognition Arrangement, in force since 1 January 2026 "
        "for certification, laboratories and inspection; it replaced the IAF MLA and the ILAC "
        "MRA, and their existing recognitions carried over.",
        AGD + "arrangement/global-aci-mra",
    ),
    Term(
        "carry-over",
        "The rule that a body recognised under the IAF MLA or the ILAC MRA on 31 December 2025 "
        "stays recognised, for the same scopes, under the Global ACI MRA.",
        AG + "carriesOver",
        ("carried over",),
    ),
    Term(
        "accredited-unrecognised",
        "The verifier's verdict for a certificate whose certification body is accredited, but "
        "by an accreditation body that is not a signatory for that scope of the arrangement in "
        "force on the day: accredited is not recognised.",
        "",
        ("recognised", "recognition"),
    ),
    Term(
        "accreditation mill",
        "A body that sells “accreditations” without belonging to any recognised network; the "
        "verifier flags an accreditation body known to no network (MLA_NO_NETWORK).",
    ),
)

_MARK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def _index() -> dict[str, Term]:
    out: dict[str, Term] = {}
    for term in GLOSSARY:
        for name in (term.name, *term.also):
            out.setdefault(_key(name), term)
    return out


def lookup(word: str) -> Term | None:
    """The glossary term ``word`` names (its name or another name, in any case, plural or not)."""
    index = _index()
    key = _key(word)
    candidates = [key]
    if key.endswith("es"):
        candidates.append(key[:-2])
    if key.endswith("s"):
        candidates.append(key[:-1])
    return next((index[c] for c in candidates if c in index), None)


def marked_terms(text: str) -> list[str]:
    """The terms ``text`` marks (the part after ``|`` when there is one), in order."""
    return [(m.group(2) or m.group(1)).strip() for m in _MARK.finditer(text)]


def render(text: str) -> str:
    """``text`` as Markdown: each ``[[shown|term]]`` or ``[[term]]`` becomes bold ``shown``."""
    return _MARK.sub(lambda m: f"**{m.group(1).strip()}**", text)


def anchor(term: Term) -> str:
    """The HTML id of a term's entry (``glossary-accreditation-body``)."""
    return "glossary-" + re.sub(r"[^a-z0-9]+", "-", term.name.casefold()).strip("-")
