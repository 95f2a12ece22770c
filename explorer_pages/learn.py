"""Learn (home): accreditation versus certification, told in steps on the real graph.

Each step draws the part of the graph it talks about; the misconceptions are each shown with a
real record from the graph, checked by the verifier; the glossary links to the ontology's own
definitions. Everything is sized for a projector, and every diagram can be downloaded as an
HTML file that works offline, for slides.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from graph.errors import AccredigraphError
from graph.verify.model import Verdict
from graph.verify.samples import sample_date
from graph.vocab.mint import body_iri, standard_iri

from .common import code, entity_link, md, named_records, show_diagram
from .common import page as page_of
from .lessons import GLOSSARY, MISCONCEPTIONS, UNRECOGNISED_CASES, Misconception
from .verify import MARKS, link_title
from .views import chain_view, entity, neighbourhood_view, verification

__all__ = ["GLOSSARY", "MISCONCEPTIONS", "STEPS", "page"]

#: Height of the chain drawing (it is wide and flat).
CHAIN_HEIGHT = 360
#: The sample certificate the last step and the Verify page start from, and the verdict the
#: page promises for it (its label in data/sample/certificates.csv says the same; a test checks
#: both on every date to 2029-12-31).
SAMPLE_CERTIFICATE = "S-C-0001"
SAMPLE_VERDICT = Verdict.ACCREDITED


def shown_date() -> dt.date:
    """The date this page checks on: today, as the Verify page and the command line do (within
    the dates the sample register's promises hold, graph.verify.samples)."""
    return sample_date(dt.date.today())


@dataclass(frozen=True)
class Step:
    """One step of the story: what happens, who does it, and what to draw."""

    key: str
    label: str  # short, for the step selector
    title: str
    text: str
    focus: str  # the IRI the drawing centres on ("" for the chain step)
    kinds: tuple[str, ...] | None = None  # which kinds of node to draw
    depth: int = 1
    cap: int = 60
    also: tuple[str, ...] = ()  # more centres, drawn in the same picture


STEPS = (
    Step(
        "standard",
        "1 · The standard",
        "1. ISO writes the standard",
        "ISO (with IEC for joint standards) publishes **requirements standards** such as "
        "ISO 9001 (quality), ISO 14001 (environment) or ISO/IEC 27001 (information security). "
        "A standard is a document: ISO sells it and revises it (ISO 9001:2008 → 2015); the "
        "transition period for an old edition is agreed between IAF and ISO (since 2026, Global "
        "ACI). **ISO audits no one and certifies no one.**\n\n"
        "The drawing: ISO 9001 and its editions, ISO, and the other standards ISO publishes "
        "in the graph: requirements, guidance and conformity-assessment standards alike.",
        standard_iri("ISO 9001"),
        ("standard", "standards-body"),
        # ISO 9001's neighbours and ISO's, not depth 2: that would walk every certificate of
        # ISO 9001:2015 only to leave them out of the picture.
        also=(body_iri("iso"),),
    ),
    Step(
        "certify",
        "2 · Certification",
        "2. A certification body audits and certifies",
        "A **certification body** (CB) audits an organisation's management system against the "
        "standard and, if it conforms, issues a **certificate** for a **scope**: the activities, "
        "sites and IAF sectors covered, usually for three years with yearly surveillance audits. "
        "The CB works to ISO/IEC 17021-1. Anyone can set up a CB: what makes its certificates "
        "credible is the next step.\n\nThe drawing: a (fictional) sample CB, the certificates "
        "it issued and the accreditation it holds.",
        body_iri("s-thamesmere-assurance"),
        ("certification-body", "certificate", "organisation", "accreditation"),
        cap=45,
    ),
    Step(
        "accredit",
        "3 · Accreditation",
        "3. An accreditation body accredits the CB",
        "An **accreditation body** (AB), usually one per country and recognised by its "
        "government (UKAS in the UK, DAkkS in Germany; ANAB in the US is a non-governmental "
        "subsidiary of ANSI), assesses the CB against "
        "ISO/IEC 17021-1 and **accredits** it for a scope: which standards and which IAF "
        "sectors. The AB itself works to ISO/IEC 17011. Accreditation says the CB is competent "
        "and impartial; it is not a certificate.\n\nThe drawing: UKAS and the certification "
        "bodies it accredits.",
        body_iri("ukas"),
        ("accreditation-body", "accreditation", "certification-body"),
        depth=2,
    ),
    Step(
        "recognise",
        "4 · Recognition",
        "4. Regional groups and the Global ACI MRA recognise the AB",
        "Accreditation bodies are **peer-evaluated** by their regional group (EA in Europe, "
        "APAC, IAAC, AFRAC, ARAC, SADCA). An AB that passes becomes a **signatory** of the "
        "recognition arrangement for the scopes evaluated (e.g. ISO 9001, ISO/IEC 27001): the "
        "signatories accept each other's accredited certificates, so one certificate is "
        "recognised worldwide. Until 2025 that was the **IAF MLA**; on **1 January 2026** the "
        "**Global ACI MRA** of Global Accreditation Cooperation Incorporated (“Global ACI”, "
        "not “GAC”) replaced the IAF MLA and the ILAC MRA, and existing recognitions carried "
        "over. **Accredited is not recognised**: an AB outside the arrangement, or a signatory "
        "for other scopes only, accredits without international recognition.\n\n"
        "The drawing: UKAS, the regional group and networks it belongs to, the recognition "
        "arrangements they run, the other regional groups, and Global Accreditation "
        "Cooperation.",
        body_iri("ukas"),
        ("network", "arrangement"),
        depth=3,
        cap=40,
    ),
    Step(
        "check",
        "5 · The buyer's check",
        "5. A buyer checks the chain",
        "A buyer who is shown a certificate checks **every link**: the certificate is in "
        "force; the standard can be certified; the issuer is a certification body; it holds an "
        "accreditation that covers the standard and the sectors, valid on the day; the AB is "
        "a signatory for that standard of the arrangement in force that day (the IAF MLA "
        "before 2026, the Global ACI MRA since). One broken link and the certificate is not "
        "what it claims.\n\nThe drawing: the chain of an accredited sample certificate as "
        "the verifier checked it (green holds, red fails, grey unknown).",
        "",
    ),
)


def _story() -> None:
    keys = [s.key for s in STEPS]
    # The URL says which step is shown (?step=certify); the selector follows it.
    wanted = st.query_params.get("step", keys[0])
    st.session_state["learn.step"] = wanted if wanted in keys else keys[0]

    def chosen() -> None:
        st.query_params["step"] = st.session_state.get("learn.step") or keys[0]

    choice = st.segmented_control(
        "The story in five steps",
        keys,
        format_func=lambda k: next(s.label for s in STEPS if s.key == k),
        key="learn.step",
        on_change=chosen,
        width="stretch",
    )
    step = next(s for s in STEPS if s.key == (choice or keys[0]))
    text, drawing = st.columns([1, 2.2], gap="large")
    with text:
        st.subheader(step.title)
        st.markdown(step.text)
        if step.focus:
            entity_link(step.focus, "Open its entity page")
            st.page_link(
                page_of("explore"),
                label="Explore around it",
                query_params={"focus": step.focus},
                icon=":material/hub:",
            )
    with drawing:
        try:
            if step.focus:
                view = neighbourhood_view(
                    step.focus,
                    depth=step.depth,
                    classes=step.kinds,
                    cap=step.cap,
                    also=step.also,
                    caption=step.title,
                    height=620,
                )
            else:
                chain = chain_view(SAMPLE_CERTIFICATE, shown_date(), height=CHAIN_HEIGHT)
                view = chain.view
                v = chain.verification
                st.markdown(
                    f"**{md(v.certificate)}** — verdict **{md(v.verdict.value)}** "
                    f"as of {v.as_of.isoformat()}: {md(v.summary)}"
                )
                st.markdown(
                    "  \n".join(
                        f"{MARKS[k.status]} **{link_title(k, v)}**: {md(k.message)}"
                        for k in v.links
                    )
                )
                st.page_link(
                    page_of("verify"),
                    label="Check it step by step on the Verify page",
                    query_params={
                        "verify.certificate": SAMPLE_CERTIFICATE,
                        "verify.as_of": shown_date().isoformat(),
                    },
                    icon=":material/verified:",
                )
        except AccredigraphError as exc:
            st.error(md(str(exc)))
            return
        if step.focus:
            st.caption(view.note)
            show_diagram(view.html, name=f"learn-{step.key}", height=620, caption=step.title)
    if not step.focus:  # the chain reads left to right: give it the whole width
        show_diagram(view.html, name=f"learn-{step.key}", height=CHAIN_HEIGHT, caption=step.title)


def _examples(m: Misconception) -> list[dict]:
    """Real records of the graph that show misconception ``m``."""
    if m.key == "accredited-means-recognised":
        rows = named_records("sample-cases", cap=200)
        examples = [r for case in UNRECOGNISED_CASES for r in rows if r["case"] == case]
        return [{"id": r["example"], "designation": r["case"].split(":")[1]} for r in examples]
    if m.key in ("certified-by-iso", "accredited-by-iso"):
        kind = "standards body" if m.key == "certified-by-iso" else "accreditation body"
        return named_records("misconceptions-certified-by-iso", {"onlyKind": kind}, cap=2)
    kind = "conformity-assessment" if m.reason == "STANDARD_CONFORMITY_ASSESSMENT" else "guidance"
    matching = named_records("misconceptions-non-certifiable", {"onlyKind": kind}, cap=500)
    wanted = "31000" if m.key == "iso-31000-certificate" else "17025"
    preferred = [r for r in matching if wanted in str(r.get("designation"))]
    return (preferred + [r for r in matching if r not in preferred])[:2]


def _misconceptions() -> None:
    st.header("Five things people get wrong")
    st.markdown(
        "Each is shown with a record from the graph (the sample register is fictional "
        "and written to contain them) and what the verifier says about it."
    )
    columns = st.columns(2, gap="large")
    for i, m in enumerate(MISCONCEPTIONS):
        with columns[i % 2], st.container(border=True):
            st.subheader(m.claim)
            st.markdown(m.truth)
            try:
                examples = _examples(m)
            except AccredigraphError as exc:
                st.error(md(str(exc)))
                continue
            if not examples:
                st.caption("No example of this in the graph.")
                continue
            for row in examples:
                check = verification(str(row["id"]), shown_date())
                wanted = (m.reason, *m.codes) if m.reason else m.codes
                link = next((k for k in check.links if k.code in wanted), None)
                issuer = row.get("issuerName") or check.certification_body or row.get("issuerId")
                org = row.get("organisationName") or ""
                what = check.standard or row["designation"]
                st.markdown(
                    f"**{md(row['id'])}**: {md(what)} for {md(org or check.organisation or '')}"
                    + (f", issued by {md(issuer)}" if issuer else "")
                )
                st.markdown(
                    f"Verdict **{md(check.verdict.value)}**"
                    + (f" — {code(link.code)}: {md(link.message)}" if link else "")
                )
                st.page_link(
                    page_of("verify"),
                    label=f"Verify {md(row['id'])}",
                    query_params={
                        "verify.certificate": str(row["id"]),
                        "verify.as_of": shown_date().isoformat(),
                    },
                    icon=":material/verified:",
                )


def _glossary() -> None:
    st.header("Glossary (ISO/IEC 17000 terms)")
    st.caption(
        "The definitions are paraphrased from ISO/IEC 17000:2020; each term links to the "
        "ontology term that models it, with the ontology's own comment."
    )
    for term, meaning, iri in GLOSSARY:
        with st.container(border=True):
            left, right = st.columns([1, 3])
            with left:
                st.markdown(f"**{term}**")
                described = entity(iri)
                entity_link(iri, described.label if described else None)
            with right:
                st.markdown(meaning)
                if described and described.comment:
                    st.caption(f"In the ontology: {md(described.comment)}")


def page() -> None:
    """The Learn page."""
    st.title("Accreditation versus certification")
    st.markdown(
        "“ISO certified” is the most misunderstood claim in business. Follow the chain that "
        "makes a certificate credible, drawn from the knowledge graph itself: pick a step, "
        "then drag, zoom and hover the drawing."
    )
    st.caption(
        f"Verdicts on this page are as of **{shown_date().isoformat()}** (today), the date the "
        "Verify page and `accredigraph verify` use unless told otherwise."
    )
    _story()
    st.divider()
    _misconceptions()
    st.divider()
    _glossary()
    st.caption(
        "Bodies and standards are real, with their sources; certification bodies, "
        "certificates and organisations marked (sample) are fictional."
    )
