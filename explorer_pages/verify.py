"""Verify: is this certificate credible on this date, and why? One certificate or a supplier list.

One certificate: its verdict card (verdict, summary, each link in plain words with a mark), the
chain drawn, the evidence pack (JSON-LD) and a printable verification record (HTML, PDF) to file
with a procurement record. A supplier list (:mod:`explorer_pages.suppliers`): a verdict table
with counts and a CSV download, compared with a second date or an earlier result file.
Every input is in the URL: ``?verify.certificate=…&verify.as_of=YYYY-MM-DD`` (and the list's
``verify.list``, ``verify.compare``, ``verify.compare_to``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

import streamlit as st

from graph.errors import AccredigraphError
from graph.verify.evidence import evidence_pack
from graph.verify.model import LinkStatus, Verdict, Verification
from graph.verify.record import VERDICT_TITLES, data_version, link_title, record_html

from . import warm
from .common import (
    SETTINGS,
    code,
    entity_link,
    error_box,
    md,
    named_records,
    offer_download,
    show_diagram,
    store_at,
)
from .common import source as reader
from .suppliers import DATES, section, supplier_results
from .views import chain_view, entity
from .workspace import reading_caption

__all__ = ["check_upload", "link_title", "page", "source_links", "supplier_results"]

MARKS = {
    LinkStatus.PASS: ":green-badge[:material/check: pass]",
    LinkStatus.FAIL: ":red-badge[:material/close: fail]",
    LinkStatus.UNKNOWN: ":gray-badge[:material/question_mark: unknown]",
}
#: The mark of a verdict or link resting on a visitor's upload.
USER_BADGE = ":orange-badge[:material/person_alert: user-supplied]"
#: The tone of each verdict's card.
TONES = {
    Verdict.ACCREDITED: "success",
    Verdict.ACCREDITED_UNRECOGNISED: "warning",
    Verdict.UNACCREDITED: "warning",
    Verdict.NOT_IN_FORCE: "error",
    Verdict.INVALID: "error",
    Verdict.UNKNOWN: "info",
}
#: A source that is a web address (anything else is a document named in words).
_WEB = re.compile(r"https?://[^\s<>\"`]+")
#: How many sources a link card names; the evidence pack and the printable record list all.
SHOWN_SOURCES = 3
#: The certificate the page opens on, and the height of its chain's drawing.
DEFAULT_CERTIFICATE, CHAIN_HEIGHT = "S-C-0001", 360
#: Each verdict's title, tone and meaning (the words are the printable record's).
VERDICT_WORDS = {v: (title, TONES[v], gloss) for v, (title, gloss) in VERDICT_TITLES.items()}


def check_upload(name: str, size: int) -> str | None:
    """The message refusing an upload that is too large (``None`` when it is fine)."""
    limit = SETTINGS.upload_limit
    if size > limit:
        return (
            f"{name} is {size / 1_048_576:.1f} MB; the largest upload accepted is "
            f"{limit / 1_048_576:.0f} MB."
        )
    return None


def source_links(sources: Sequence[str], shown: int = SHOWN_SOURCES) -> str:
    """A link's sources as Markdown: a web address as a link named by its site, a document by
    its name, the rest counted.

    >>> print(source_links(["https://www.iaf.nu/a?b=(1)", "Annual report 2025"]))
    Sources: [iaf\\.nu](https://www.iaf.nu/a?b=%281%29) · Annual report 2025
    >>> print(source_links(["https://a.example/1", "javascript:alert(1)"], shown=1))
    Sources: [a\\.example](https://a.example/1) and 1 more (all in the evidence pack and the record)
    >>> "](" in source_links(["javascript:alert(1)"])  # not a web address: text, never a link
    False
    """
    if not sources:
        return ""
    items = []
    for source in sources[:shown]:
        if _WEB.fullmatch(source):
            site = (urlsplit(source).hostname or source).removeprefix("www.")
            items.append(f"[{md(site)}]({quote(source, safe=':/?#@!$&*+,;=%~-._')})")
        else:
            items.append(md(source))
    more = len(sources) - shown
    rest = f" and {more} more (all in the evidence pack and the record)" if more > 0 else ""
    return ("Sources: " if len(sources) > 1 else "Source: ") + " · ".join(items) + rest


@warm.task(order=25)
def _shared_default() -> None:
    """The page's first view (the default certificate, today), before anyone opens it."""
    _picker_options()
    v = chain_view(DEFAULT_CERTIFICATE, dt.date.today(), height=CHAIN_HEIGHT).verification
    _version(reader())
    for link in v.links:
        _evidence(link)


def _picker_options() -> dict[str, str]:
    """One sample certificate per verifier case (the sample register's exercises)."""
    options = {}
    for row in named_records("sample-cases", cap=200):
        options[str(row["example"])] = f"{row['example']} — {row['case']}"
    return options or {DEFAULT_CERTIFICATE: DEFAULT_CERTIFICATE}


def _pick() -> None:
    chosen = st.session_state.get("verify.pick")
    if chosen:
        st.session_state["verify.certificate"] = chosen
        st.session_state["verify.pick"] = None


def verdict_card(v: Verification) -> None:
    """The verdict and its summary, what the certificate says, and the evidence pack."""
    title, tone, gloss = VERDICT_WORDS[v.verdict]
    if v.user_supplied and tone == "success":  # never green on a visitor's word alone
        title, tone = f"{title}, on user-supplied data", "warning"
    box = {"success": st.success, "warning": st.warning, "error": st.error, "info": st.info}[tone]
    verdict, about = st.columns([1, 2], gap="large")
    with verdict:
        box(f"### {title}\n{gloss}", icon=":material/verified:" if tone == "success" else None)
        if v.user_supplied:
            st.markdown(
                f"{USER_BADGE} **Rests on user-supplied data**: "
                + md(", ".join(v.user_supplied))
                + " came from an upload, not from the bundled, sourced records."
            )
    with about:
        st.markdown(f"**{md(v.certificate)}** as of **{v.as_of.isoformat()}**: {md(v.summary)}")
        facts = [
            ("Organisation", v.organisation),
            ("Standard", v.standard),
            ("Certification body", v.certification_body),
        ]
        st.markdown("  \n".join(f"{k}: **{md(x)}**" for k, x in facts if x))
        if v.iri:
            entity_link(v.iri, f"Entity page of {v.certificate}")
        buttons = st.columns(3)
        pack = json.dumps(evidence_pack([v]), indent=2, ensure_ascii=False)
        offer_download(
            buttons[0],
            "Download the evidence pack (JSON-LD)",
            pack,
            file_name=f"evidence-{v.certificate}-{v.as_of}.jsonld",
            mime="application/ld+json",
            key="verify.evidence",
            icon=":material/download:",
        )
        version = _version(reader())
        name = f"verification-record-{v.certificate}-{v.as_of}"
        offer_download(
            buttons[1],
            "Printable record (HTML)",
            record_html([v], version),
            file_name=f"{name}.html",
            mime="text/html",
            key="verify.record_html",
            icon=":material/print:",
            help="The chain, reasons, sources, as-of date and data version, to print or file.",
        )
        offer_download(
            buttons[2],
            "Printable record (PDF)",
            lambda: _pdf(v, version),
            file_name=f"{name}.pdf",
            mime="application/pdf",
            key="verify.record_pdf",
            icon=":material/picture_as_pdf:",
        )


def _pdf(v: Verification, version) -> bytes:
    from graph.verify.pdf import record_pdf

    return record_pdf([v], version)


def link_cards(v: Verification) -> None:
    """Each link of the chain in plain words, with its mark, reason code and evidence."""
    columns = st.columns(3, gap="medium")
    for i, link in enumerate(v.links):
        with columns[i % 3], st.container(border=True):
            badge = f" {USER_BADGE}" if link.user_supplied else ""
            st.markdown(
                f"{MARKS[link.status]}{badge} **{link_title(link, v)}**  \n"
                f"{code(link.code)}  \n{md(link.message)}"
            )
            if link.sources:
                st.caption(source_links(link.sources))
            for iri, described in _evidence(link):
                entity_link(iri, described.label if described else None)


def _evidence(link) -> list:
    """(IRI, description) of the first four entities a link rests on."""
    return [(iri, entity(iri)) for iri in link.evidence[:4]]


@st.cache_data(show_spinner=False, max_entries=8)
def _version(where: str | None):
    return data_version(store_at(where))


def _single() -> dt.date:
    left, middle, right = st.columns([2, 2, 1])
    with left:
        certificate = st.text_input(
            "Certificate id",
            DEFAULT_CERTIFICATE,
            key="verify.certificate",
            bind="query-params",
            help="The number as printed on the certificate.",
        )
    with middle:
        options = _picker_options()
        st.selectbox(
            "…or pick a sample",
            list(options),
            format_func=options.get,
            index=None,
            key="verify.pick",
            on_change=_pick,
            placeholder="one per case the verifier tells apart",
        )
    with right:
        as_of = st.date_input(
            "As of",
            dt.date.today(),
            key="verify.as_of",
            format="YYYY-MM-DD",
            bind="query-params",
            help="Type a date or pick one: it applies as soon as it is complete.",
            **DATES,
        )
    reading_caption()
    certificate = (certificate or "").strip()
    if not certificate:
        st.caption("Type a certificate id.")
        return as_of
    try:
        chain = chain_view(certificate, as_of, height=CHAIN_HEIGHT)
    except AccredigraphError as exc:
        error_box(exc)
        return as_of
    v = chain.verification
    verdict_card(v)
    st.subheader("The chain")
    st.caption(
        "Green links hold, red links fail, grey ones could not be confirmed. Drag to move, "
        "scroll to zoom; the list under the drawing opens each entity's page."
    )
    show_diagram(
        chain.view.html,
        name=f"chain-{v.certificate}",
        height=CHAIN_HEIGHT,
        caption=f"Trust chain of {v.certificate}",
    )
    st.subheader("Link by link")
    link_cards(v)
    return as_of


def page() -> None:
    """The Verify page."""
    st.title("Verify a certificate")
    st.markdown(
        "Is this certificate credible on this date? The verifier checks every link of "
        "the chain and says why."
    )
    as_of = _single()
    st.divider()
    section(as_of)
