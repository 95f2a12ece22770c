"""Learn (home): accreditation versus certification, told in steps on the real graph.

Each step draws the part of the graph it talks about (:mod:`explorer_pages.story`, which also
shows one step at a time in presentation mode, ``?present=1``); the misconceptions are each shown
with a real record from the graph, checked by the verifier; the glossary
(:mod:`explorer_pages.glossary`) defines every term the texts mark, once, and links to the
ontology's own definitions. Everything is sized for a projector, and every diagram can be
downloaded as HTML, SVG and PNG, for slides.
"""

from __future__ import annotations

import streamlit as st

from graph.errors import AccredigraphError
from graph.verify.model import Verification

from . import warm
from .common import code, entity_link, md, named_records
from .common import page as page_of
from .glossary import GLOSSARY, render
from .lessons import MISCONCEPTIONS, STEPS, UNRECOGNISED_CASES, Misconception
from .story import (
    SAMPLE_CERTIFICATE,
    SAMPLE_VERDICT,
    presentation,
    presenting,
    shown_date,
    story,
)
from .views import entity, verification

__all__ = [
    "GLOSSARY",
    "MISCONCEPTIONS",
    "SAMPLE_CERTIFICATE",
    "SAMPLE_VERDICT",
    "STEPS",
    "page",
    "shown_date",
]


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


def _checked(m: Misconception) -> list[tuple[dict, Verification]]:
    """The examples of misconception ``m``, each with what the verifier says of it today."""
    return [(row, verification(str(row["id"]), shown_date())) for row in _examples(m)]


@warm.task(order=1)
def _shared_misconceptions() -> None:
    """The misconceptions' examples and verdicts, before anyone opens the page."""
    for m in MISCONCEPTIONS:
        _checked(m)


@warm.task(order=2)
def _shared_glossary() -> None:
    """The glossary's entities, before anyone opens the page."""
    for term in GLOSSARY:
        if term.iri:
            entity(term.iri)


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
            st.markdown(render(m.truth))
            try:
                examples = _checked(m)
            except AccredigraphError as exc:
                st.error(md(str(exc)))
                continue
            if not examples:
                st.caption("No example of this in the graph.")
                continue
            for row, check in examples:
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


#: The glossary's expander: its key is also its query parameter (``?glossary=true`` opens it, so
#: the open glossary is a URL too).
GLOSSARY_KEY = "glossary"


def _glossary() -> None:
    st.header("Glossary")
    st.caption(
        "Every term the story and the misconceptions use, once. Definitions are paraphrased "
        "from ISO/IEC 17000:2020 where it defines the term; each term links to the ontology "
        "term or the entity of the graph that models it, with the ontology's own comment."
    )
    # Drawn only when opened: its 27 cards are most of the page's elements (218 of its 304
    # messages), which cost a first visit 0.6-0.9 s in the browser (docs/scale.md).
    shown = st.expander(
        f"The {len(GLOSSARY)} terms",
        key=GLOSSARY_KEY,
        bind="query-params",
        icon=":material/menu_book:",
    )
    if shown.open:
        with shown:
            _terms()


def _terms() -> None:
    for term in sorted(GLOSSARY, key=lambda t: t.name.casefold()):
        with st.container(border=True):
            left, right = st.columns([1, 3])
            with left:
                st.markdown(f"**{md(term.name)}**")
                if term.also:
                    st.caption("also: " + ", ".join(md(a) for a in term.also))
                described = entity(term.iri) if term.iri else None
                if term.iri:
                    entity_link(term.iri, described.label if described else None)
            with right:
                st.markdown(term.meaning)
                if described and described.comment:
                    st.caption(f"In the ontology: {md(described.comment)}")


def page() -> None:
    """The Learn page (one step alone, full width, when the URL says ``present=1``)."""
    if presenting():
        presentation()
        return
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
    story()
    st.divider()
    _misconceptions()
    st.divider()
    _glossary()
    st.caption(
        "Bodies and standards are real, with their sources; certification bodies, "
        "certificates and organisations marked (sample) are fictional."
    )
