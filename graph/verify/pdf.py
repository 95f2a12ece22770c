"""The verification record as a PDF (fpdf2, pure Python, offline): the same content as
:func:`graph.verify.record.record_html`, laid out for A4.

Text is set in DejaVu Sans, so accented Latin, Greek and Cyrillic print: the copy matplotlib
ships (a dependency, for the PNG diagrams) or the system's (Debian's ``fonts-dejavu-core``).
Without either the PDF's core Helvetica (Latin-1) is used. A character the font cannot show
(Chinese in DejaVu, say) is printed as ``?``, never dropped silently.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Verdict, Verification
>>> from graph.verify.record import DataVersion
>>> v = Verification("X-1", None, Verdict.UNKNOWN, dt.date(2026, 11, 23), "Not found.")
>>> record_pdf([v], DataVersion("0.1.0", None, None, 0))[:5]
b'%PDF-'
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path

from graph.verify.model import Verification
from graph.verify.record import (
    VERDICT_TITLES,
    DataVersion,
    link_title,
    record_facts,
    record_title,
    said,
    sources_of,
)

__all__ = ["record_pdf"]


def _bundled_fonts() -> tuple[Path, ...]:
    """matplotlib's font folder, found without importing matplotlib."""
    spec = importlib.util.find_spec("matplotlib")
    return tuple(
        Path(p) / "mpl-data" / "fonts" / "ttf"
        for p in (spec.submodule_search_locations or [])
        if spec
    )


#: Where DejaVu Sans may be (regular and bold): matplotlib's copy, then Linux systems'.
FONT_DIRS = (
    *_bundled_fonts(),
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/share/fonts/dejavu"),
)


def _font_files() -> tuple[Path, Path] | None:
    for folder in FONT_DIRS:
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"
        if regular.is_file() and bold.is_file():
            return regular, bold
    return None


class _Writer:
    """An fpdf2 document with the record's few text styles."""

    def __init__(self, title: str) -> None:
        from fpdf import FPDF  # imported here: only the PDF needs it

        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=15)
        self.pdf.set_title(title)
        self.pdf.set_creator("accredigraph")
        fonts = _font_files()
        if fonts:
            self.pdf.add_font("DejaVu", "", str(fonts[0]))
            self.pdf.add_font("DejaVu", "B", str(fonts[1]))
            self.family, self.unicode = "DejaVu", True
        else:
            self.family, self.unicode = "Helvetica", False
        self.pdf.add_page()

    def text(self, value: object) -> str:
        text = "" if value is None else str(value)
        if self.unicode:  # a character the font has no glyph for prints as "?", not nothing
            cmap = self.pdf.fonts["dejavu"].cmap
            return "".join(c if ord(c) in cmap or c in "\n\t" else "?" for c in text)
        # the core fonts know Latin-1 only
        text = text.replace("—", "-").replace("–", "-").replace("…", "...")
        return text.encode("latin-1", "replace").decode("latin-1")

    def para(self, value: object, *, size: float = 10, bold: bool = False, gap: float = 1) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        self.pdf.multi_cell(
            0, size * 0.5, self.text(value), align="L", new_x="LMARGIN", new_y="NEXT"
        )
        self.pdf.ln(gap)

    def table(
        self,
        head: Sequence[str] | None,
        rows: Sequence[Sequence[object]],
        widths: Sequence[float],
        *,
        size: float = 8.5,
    ) -> None:
        self.pdf.set_font(self.family, "", size)
        with self.pdf.table(
            col_widths=tuple(widths),
            first_row_as_headings=head is not None,
            line_height=size * 0.5,
            v_align="TOP",
            text_align="LEFT",
        ) as table:
            for row in [head, *rows] if head is not None else rows:
                cells = table.row()
                for cell in row:
                    cells.cell(self.text(cell))
        self.pdf.ln(2)


def _certificate(w: _Writer, v: Verification) -> None:
    title, gloss = VERDICT_TITLES[v.verdict]
    w.para(f"Certificate {v.certificate}", size=13, bold=True)
    w.para(f"Verdict: {title} ({v.verdict.value})", size=12, bold=True)
    w.para(said(gloss, v.summary))
    if v.user_supplied:
        w.para(
            "Rests on user-supplied data: "
            + ", ".join(v.user_supplied)
            + " came from an upload, not from the bundled, sourced records.",
            bold=True,
        )
    facts = record_facts(v)
    w.table(None, [(k, x) for k, x in facts if x], (1, 3))
    w.para("The chain, link by link", size=11, bold=True)
    w.table(
        ("Link", "Outcome", "Reason", "What it means", "Evidence and sources"),
        [
            (
                link_title(link, v),
                link.status.value + (" (user-supplied)" if link.user_supplied else ""),
                link.code,
                link.message,
                "\n".join([*link.evidence, *link.sources]) or "-",
            )
            for link in v.links
        ],
        (2.2, 1.4, 2.6, 4.5, 4.3),
        size=7.5,
    )
    failing = [link for link in v.links if not link.ok]
    w.para("Reasons", size=11, bold=True)
    if failing:
        for link in failing:
            w.para(f"{link.code}: {link.message}", size=9)
    else:
        w.para("Every link of the chain holds.", size=9)
    w.pdf.ln(3)


def record_pdf(
    results: Sequence[Verification], version: DataVersion, *, title: str | None = None
) -> bytes:
    """The printable record of ``results`` as PDF bytes."""
    title = title or record_title(results)
    w = _Writer(title)
    w.para(title, size=16, bold=True, gap=2)
    dates = ", ".join(sorted({r.as_of.isoformat() for r in results}))
    w.para(f"As of {dates}. The trust chain of each certificate as the graph held it.")
    w.para("Data version", size=12, bold=True)
    w.table(None, version.lines(), (1, 3))
    if len(results) > 1:
        w.para("Summary", size=12, bold=True)
        w.table(
            ("Certificate", "Verdict", "As of", "Reasons"),
            [
                (r.certificate, r.verdict.value, r.as_of.isoformat(), "; ".join(r.reasons) or "-")
                for r in results
            ],
            (3, 2.5, 2, 5),
        )
    for r in results:
        _certificate(w, r)
    w.para("Sources", size=12, bold=True)
    sources = sources_of(results)
    for i, s in enumerate(sources, 1):
        w.para(f"{i}. {s}", size=8.5, gap=0.5)
    if not sources:
        w.para("No link cites a source.", size=9)
    w.pdf.ln(2)
    w.para(
        "A record of what accredigraph found in its graph on the date shown; it is not a "
        "certificate. Confirm a decision with the certification body and the accreditation "
        "body's directory.",
        size=8.5,
    )
    return bytes(w.pdf.output())
