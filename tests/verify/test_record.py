"""Issue 15: the printable verification record — HTML (self-contained, print CSS, escaped, no
network) and PDF (opened again: the verdict, as-of date, data version and sources are in it)."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import pytest

from graph.ingest.build import data_digest
from graph.verify.chain import verify
from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
from graph.verify.pdf import _font_files, record_pdf
from graph.verify.record import DataVersion, data_version, record_html
from tests.e2e.browser import remote_references

AS_OF = dt.date(2026, 11, 23)
HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def store():
    from graph.ingest.build import build_store

    built, _ = build_store("memory")
    return built


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _tags(page: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of ``page`` with its attributes, as a browser's parser reads them."""
    from html.parser import HTMLParser

    found = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    Parser().feed(page)
    return found


def _squeezed(text: str) -> str:
    """Text with all white space removed (table cells wrap long words over lines)."""
    return re.sub(r"\s+", "", text)


def test_the_data_version_is_the_build_stamp(store):
    version = data_version(store)
    assert version.built and re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", version.built)
    assert version.digest and re.fullmatch(r"sha256:[0-9a-f]{16}", version.digest)
    assert version.files > 10 and not version.uploads
    assert data_digest([Path("data/standards.csv")]) != data_digest([Path("data/networks.csv")])


def test_the_html_record_says_verdict_date_version_chain_and_sources(store):
    v = verify(store, "S-C-0001", as_of=AS_OF)
    version = data_version(store)
    page = record_html([v], version)
    assert "<title>Verification record: S-C-0001</title>" in page
    assert "Accredited" in page and "2026-11-23" in page
    assert version.digest in page and version.built in page
    for link in v.links:
        assert link.code in page
    sources = {s for link in v.links for s in link.sources}
    assert sources and all(s in page for s in sources)
    assert "@media print" in page and "@page" in page


def test_the_html_record_is_offline_and_escapes_the_data():
    evil = Link(
        LinkName.CERTIFICATE,
        LinkStatus.PASS,
        "CERT_IN_FORCE",
        HOSTILE,
        evidence=(HOSTILE,),
        sources=("https://example.org/a?b=<i>",),
    )
    v = Verification(
        HOSTILE,
        None,
        Verdict.ACCREDITED,
        AS_OF,
        HOSTILE,
        (evil,),
        organisation=HOSTILE,
        standard=HOSTILE,
        certification_body=HOSTILE,
    )
    page = record_html([v, v], DataVersion("0.1.0", None, None, 0, (HOSTILE,)))
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;" in page
    assert remote_references(page) == []
    tags = _tags(page)
    assert {"script", "img", "link", "iframe", "object", "a"}.isdisjoint(t for t, _ in tags)
    assert not [a for _, attrs in tags for a, _ in attrs if a in ("src", "href") or a[:2] == "on"]
    assert not re.search(r"url\(|@import", page, re.IGNORECASE)


def test_the_pdf_record_opens_and_says_verdict_date_version_and_sources(store):
    v = verify(store, "S-C-0002", as_of=AS_OF)
    version = data_version(store)
    data = record_pdf([v], version)
    assert data.startswith(b"%PDF-")
    text = _pdf_text(data)
    assert "Unaccredited" in text and v.verdict.value in text
    assert "As of 2026-11-23" in text
    assert version.digest in text and version.built in text
    squeezed = _squeezed(text)
    sources = {s for link in v.links for s in link.sources}
    assert sources and all(_squeezed(s) in squeezed for s in sources)
    assert all(link.code in squeezed for link in v.links)


def test_the_pdf_record_of_a_list_has_a_summary_and_every_certificate(store):
    results = [verify(store, c, as_of=AS_OF) for c in ("S-C-0001", "S-C-0058", "NO-SUCH")]
    text = _pdf_text(record_pdf(results, data_version(store)))
    assert "Verification record: 3 certificates" in text
    for r in results:
        assert f"Certificate {r.certificate}" in text
    assert "invalid" in text and "unknown" in text


@pytest.mark.skipif(_font_files() is None, reason="no DejaVu font on this system")
def test_the_pdf_record_prints_latin_greek_and_cyrillic_names():
    v = Verification(
        "Z-1",
        None,
        Verdict.UNKNOWN,
        AS_OF,
        "Not found.",
        organisation="Łódź Αθήνα Москва — 北京 (sample)",
    )
    text = _pdf_text(record_pdf([v], DataVersion("0.1.0", None, None, 0)))
    assert "Łódź Αθήνα Москва — ?? (sample)" in text  # DejaVu has no Chinese: "?", not nothing


def test_without_a_unicode_font_the_pdf_says_what_it_cannot_show(monkeypatch):
    import graph.verify.pdf as pdf

    monkeypatch.setattr(pdf, "FONT_DIRS", ())
    v = Verification(
        "Z-1", None, Verdict.UNKNOWN, AS_OF, "Not found.", organisation="Łódź Café 北京 (sample)"
    )
    text = _pdf_text(record_pdf([v], DataVersion("0.1.0", None, None, 0)))
    assert "Café" in text and "?? (sample)" in text and "Verdict: Unknown" in text
