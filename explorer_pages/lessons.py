"""What the Learn page teaches: the story in five steps and the misconceptions.

Each step says what it draws; each misconception names the verifier's reason code(s) its example
shows, so the page can find a real record of the graph for it and show what the verifier says.
Terms defined in the glossary (:mod:`explorer_pages.glossary`) are marked ``[[term]]`` or
``[[shown|term]]``, and a test checks that every one is defined there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from graph.vocab.mint import body_iri, standard_iri
from graph.vocab.namespaces import AGD

from .glossary import GLOSSARY

if TYPE_CHECKING:
    from .views import Placed

__all__ = ["GLOSSARY", "MISCONCEPTIONS", "STEPS", "UNRECOGNISED_CASES", "Misconception", "Step"]


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
        "ISO/IEC 17025 is a conformity-assessment standard: laboratories are "
        "[[accredited|accreditation]] to it by an accreditation body. Nobody is certified to "
        "it (nor to ISO/IEC 17020, ISO 15189 or ISO/IEC 17021-1).",
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
        "Only an accreditation body that is a [[signatory]] for that [[scope]] of the "
        "arrangement in force (the Global ACI MRA since 1 January 2026, the IAF MLA before) "
        "makes a certificate recognised by every other signatory. An AB outside it, a "
        "signatory for other scopes only, or a body in no recognised network at all (a possible "
        "[[accreditation mill]]) gives an accreditation without that recognition: the verdict "
        "is [[accredited-unrecognised]].",
        "",
        ("MLA_NO_NETWORK", "MLA_NOT_SIGNATORY", "MLA_SCOPE_NOT_COVERED"),
    ),
)

#: The sample cases the recognition misconception is shown with.
UNRECOGNISED_CASES = (
    "accredited-unrecognised:no-recognised-network",
    "accredited-unrecognised:other-scopes-only",
)


@dataclass(frozen=True)
class Step:
    """One step of the story: what happens, who does it, and what to draw.

    A step draws the neighbourhood of ``focus`` (and of ``also``, merged), or, with
    ``nodes``, just those nodes and the links between them (read from ``focus`` and ``also``
    when ``also`` is given, else from every node); the last step (no ``focus``)
    draws the verifier's chain of the sample certificate. ``nodes`` are drawn in columns, left
    to right, with short labels (the full name stays in the tooltip), without the inverse
    links (``isReplacedBy`` beside ``replaces``).
    """

    key: str
    label: str  # short, for the step selector
    title: str
    text: str
    focus: str  # the IRI the drawing centres on ("" for the chain step)
    kinds: tuple[str, ...] | None = None  # which kinds of node to draw
    depth: int = 1
    cap: int = 60
    also: tuple[str, ...] = ()  # more centres, drawn in the same picture
    # draw exactly these (node, column, short label[, row]) left to right
    nodes: tuple[Placed, ...] = ()
    columns: tuple[str, ...] = ()  # else draw the neighbourhood in columns by kind
    hidden: tuple[tuple[str, str], ...] = ()  # links (source, target) a selection leaves out


def _arrangement(name: str) -> str:
    return f"{AGD}arrangement/{name}"


#: What step 4 draws, left to right: UKAS; its signatory records and its regional group; the
#: arrangements they sign; the Global ACI MRA that replaced the IAF MLA and the ILAC MRA, and
#: the bodies that ran them; Global ACI.
#: What step 1 draws: ISO and IEC, standards of each kind they publish, ISO 9001's editions.
STANDARD_NODES = (
    (body_iri("iso"), 0, "ISO"),
    (body_iri("iec"), 0, "IEC"),
    (standard_iri("ISO 9001"), 1, "ISO 9001 (requirements)"),
    (standard_iri("ISO 14001"), 1, "ISO 14001 (requirements)"),
    (standard_iri("ISO/IEC 27001"), 1, "ISO/IEC 27001 (requirements)"),
    (standard_iri("ISO 31000"), 1, "ISO 31000 (guidance)"),
    (standard_iri("ISO/IEC 17021-1"), 1, "ISO/IEC 17021-1 (for CBs)"),
    (standard_iri("ISO/IEC 17025"), 1, "ISO/IEC 17025 (for laboratories)"),
    (standard_iri("ISO 9001:2015"), 2, "ISO 9001:2015"),
    (standard_iri("ISO 9001:2008"), 2, "ISO 9001:2008"),
)

RECOGNITION_NODES = (
    (body_iri("ukas"), 0, "UKAS", 0.33),
    (body_iri("ea"), 1, "EA", 0.0),
    (f"{AGD}signatory/ukas/iaf-mla", 1, "UKAS: IAF MLA signatory", 0.33),
    (f"{AGD}signatory/ukas/ilac-mra", 1, "UKAS: ILAC MRA signatory", 1.0),
    (_arrangement("ea-mla"), 2, "EA MLA", 0.0),
    (_arrangement("iaf-mla"), 2, "IAF MLA", 0.33),
    (_arrangement("global-aci-mra"), 2, "Global ACI MRA", 0.64),
    (_arrangement("ilac-mra"), 2, "ILAC MRA", 1.0),
    (body_iri("iaf"), 3, "IAF", 0.33),
    (body_iri("global-accreditation-cooperation"), 3, "Global ACI", 0.64),
    (body_iri("ilac"), 3, "ILAC", 1.0),
)

#: Links step 4 leaves out: EA's memberships of IAF and ILAC would cross the picture (the
#: entity page of EA shows them).
RECOGNITION_HIDDEN = ((body_iri("ea"), body_iri("iaf")), (body_iri("ea"), body_iri("ilac")))


STEPS = (
    Step(
        "standard",
        "1 · The standard",
        "1. ISO writes the standard",
        "ISO (with IEC for joint standards) publishes [[requirements standards|requirements "
        "standard]] such as ISO 9001 (quality), ISO 14001 (environment) or ISO/IEC 27001 "
        "(information security). A standard is a document: ISO sells it and revises it in "
        "[[editions|edition]] (ISO 9001:2008 → 2015), and the [[transition period]] for an old "
        "edition is agreed between [[IAF]] and ISO (since 2026, [[Global ACI]]). ISO audits "
        "no one and certifies no one.\n\n"
        "The drawing: ISO and IEC, standards of each kind they publish (requirements, "
        "guidance, and the conformity-assessment standards CBs and laboratories work to), and "
        "ISO 9001's editions.",
        standard_iri("ISO 9001"),
        ("standard", "standards-body"),
        cap=300,
        # links read from the work ISO 9001, ISO and IEC only: an edition such as
        # ISO 9001:2015 has a million certificates to walk past (docs/scale.md)
        also=(body_iri("iso"), body_iri("iec")),
        nodes=STANDARD_NODES,
    ),
    Step(
        "certify",
        "2 · Certification",
        "2. A certification body audits and certifies",
        "A [[certification body]] ([[CB|certification body]]) audits an organisation's "
        "management system against the standard and, if it conforms, issues a "
        "[[certificate]] for a [[scope]]: the activities, sites and [[IAF sectors|IAF sector]] "
        "covered, usually for three years with yearly [[surveillance audits|surveillance "
        "audit]]. The CB works to ISO/IEC 17021-1. Anyone can set up a CB: what makes its "
        "certificates credible is the next step.\n\nThe drawing: a (fictional) sample CB, the "
        "certificates it issued (some of them) and the accreditation it holds.",
        body_iri("s-thamesmere-assurance"),
        ("certification-body", "certificate", "accreditation"),
        cap=6,
        # the accreditation it holds, whichever certificates the cap lets in
        also=(f"{AGD}accreditation/S-A-002",),
        columns=("certificate", "certification-body", "accreditation"),
    ),
    Step(
        "accredit",
        "3 · Accreditation",
        "3. An accreditation body accredits the CB",
        "An [[accreditation body]] ([[AB|accreditation body]]), usually one per country and "
        "recognised by its government (UKAS in the UK, DAkkS in Germany; ANAB in the US is a "
        "non-governmental subsidiary of ANSI), assesses the CB against ISO/IEC 17021-1 and "
        "[[accredits|accreditation]] it for a scope: which standards and which IAF sectors. "
        "The AB itself works to ISO/IEC 17011. Accreditation says the CB is competent and "
        "impartial; it is not a certificate.\n\nThe drawing: UKAS and the certification "
        "bodies it accredits.",
        body_iri("ukas"),
        ("accreditation-body", "accreditation", "certification-body"),
        depth=2,
        columns=("accreditation-body", "accreditation", "certification-body"),
    ),
    Step(
        "recognise",
        "4 · Recognition",
        "4. The AB signs the IAF MLA, now the Global ACI MRA",
        "Accreditation bodies are [[peer-evaluated|peer evaluation]] by their "
        "[[regional group]] (EA in Europe, APAC, IAAC, AFRAC, ARAC, SADCA). An AB that passes "
        "becomes a [[signatory]] of the [[recognition arrangement]] for the scopes evaluated "
        "(e.g. ISO 9001, ISO/IEC 27001): the signatories accept each other's accredited "
        "certificates, so one certificate is recognised worldwide. Until 31 December 2025 that "
        "was the [[IAF MLA]]; on 1 January 2026 the [[Global ACI MRA]] of Global Accreditation "
        "Cooperation Incorporated (“Global ACI”, never “GAC”, which is another body) "
        "replaced the IAF MLA and the [[ILAC MRA]], and existing recognitions "
        "[[carried over|carry-over]]. Accredited is not [[recognised|accredited-unrecognised]]: "
        "an AB outside the arrangement, or a signatory for other scopes only, accredits "
        "without international recognition.\n\n"
        "The drawing: UKAS, its signatory records of the IAF MLA and the ILAC MRA, the Global "
        "ACI MRA that replaced both and carries their signatories over, the bodies that run "
        "them, and UKAS's regional group EA.",
        body_iri("ukas"),
        ("accreditation-body", "network", "arrangement", "signatory"),
        cap=200,
        nodes=RECOGNITION_NODES,
        hidden=RECOGNITION_HIDDEN,
    ),
    Step(
        "check",
        "5 · The buyer's check",
        "5. A buyer checks the chain",
        "A buyer who is shown a certificate checks every link: the certificate is in force; "
        "the standard can be certified; the issuer is a certification body; it holds an "
        "[[accreditation]] that covers the standard and the sectors, valid on the day; the AB "
        "is a signatory for that standard of the arrangement in force that day (the IAF MLA "
        "before 2026, the Global ACI MRA since). One broken link and the certificate is not "
        "what it claims.\n\nThe drawing: the chain of an accredited sample certificate as the "
        "verifier checked it (green holds, red fails, grey unknown).",
        "",
    ),
)
