"""A verification record a buyer can file: print-ready HTML (and PDF, :mod:`.pdf`).

The record states, for each certificate checked: the verdict and what it means, the as-of date
and the time of the check, the chain link by link (outcome, reason code, words, evidence,
sources), the reasons it is not ``accredited``, every source cited, and the version of the data
(accredigraph's version, when the graph was built, a digest of the files it was built from, and
any upload it rests on). The HTML is one self-contained file: inline print CSS, no script, no
image, nothing loaded from the network, every value from the data escaped.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Verdict, Verification
>>> v = Verification("<b>X-1</b>", None, Verdict.UNKNOWN, dt.date(2026, 11, 23), "Not found.")
>>> page = record_html([v], DataVersion("0.1.0", None, None, 0))
>>> "&lt;b&gt;X-1&lt;/b&gt;" in page and "<b>X-1" not in page
True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from graph.query import run_named
from graph.settings import VERSION
from graph.store import Store
from graph.verify.model import Link, LinkName, Verdict, Verification

__all__ = [
    "LINK_WORDS",
    "VERDICT_TITLES",
    "DataVersion",
    "data_version",
    "link_title",
    "record_facts",
    "record_html",
    "record_title",
]

#: Each verdict's title and what it means, as the Verify page words them.
VERDICT_TITLES: dict[Verdict, tuple[str, str]] = {
    Verdict.ACCREDITED: ("Accredited", "In force and issued under a recognised accreditation."),
    Verdict.ACCREDITED_UNRECOGNISED: (
        "Accredited, not recognised",
        "In force and accredited, but its accreditation body is not a confirmed signatory for "
        "this scope: no international recognition.",
    ),
    Verdict.UNACCREDITED: ("Unaccredited", "In force, but no accreditation covers it."),
    Verdict.NOT_IN_FORCE: ("Not in force", "Suspended, withdrawn or expired on this date."),
    Verdict.INVALID: ("Invalid", "It cannot be a real certification."),
    Verdict.UNKNOWN: ("Unknown", "Not found in the graph."),
}
#: What each link of the chain is called.
LINK_WORDS: dict[LinkName, str] = {
    LinkName.CERTIFICATE: "The certificate",
    LinkName.STANDARD: "The standard",
    LinkName.CERTIFICATION_BODY: "The issuer",
    LinkName.ACCREDITATION: "The accreditation",
    LinkName.ACCREDITATION_BODY: "The accreditation body",
    LinkName.MLA_SIGNATORY: "Arrangement signature",
    LinkName.REGIONAL_GROUP: "Regional group",
}


def link_title(link: Link, v: Verification) -> str:
    """The words for a link; the signatory link names the arrangement in force on the date."""
    if link.name is LinkName.MLA_SIGNATORY and v.arrangement:
        return f"{v.arrangement} signature"
    return LINK_WORDS[link.name]


@dataclass(frozen=True)
class DataVersion:
    """The version of the data a check used.

    ``digest`` is ``sha256:`` and 16 hex digits of the files the graph was built from (the
    build stamp's ``owl:versionInfo``); ``uploads`` names a visitor's uploads it holds.
    """

    software: str
    built: str | None
    digest: str | None
    files: int
    uploads: tuple[str, ...] = ()

    def lines(self) -> list[tuple[str, str]]:
        """``(what, value)`` pairs, for a record."""
        rows = [
            ("accredigraph", self.software),
            ("Graph built", self.built or "not recorded (built in this session)"),
            ("Data version", self.digest or "not recorded"),
            ("Files built from", str(self.files) if self.files else "the bundled data"),
        ]
        if self.uploads:
            rows.append(("Includes user-supplied data", "; ".join(self.uploads)))
        return rows


def data_version(store: Store) -> DataVersion:
    """The version of the data in ``store``, from its build stamp (``agd:build``)."""
    rows = run_named(store, "internal-data-version", row_cap=10).records()
    if not rows:
        return DataVersion(VERSION, None, None, 0)
    row = rows[0]
    uploads = tuple(u for u in str(row.get("uploads") or "").split("; ") if u)
    return DataVersion(
        VERSION,
        row.get("built") and str(row["built"]),
        row.get("digest") and str(row["digest"]),
        int(row.get("files") or 0),
        uploads,
    )


def said(gloss: str, summary: str) -> str:
    """The verdict's gloss and the summary, without saying the same sentence twice."""
    return summary if summary.startswith(gloss) else f"{gloss} {summary}"


def sources_of(results: Sequence[Verification]) -> list[str]:
    """Every source cited by a link of ``results``, once, in order of first citation."""
    return list(dict.fromkeys(s for r in results for link in r.links for s in link.sources))


_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #111; font-size: 11pt;
       line-height: 1.35; margin: 0 auto; max-width: 60em; padding: 1em; }
h1 { font-size: 18pt; margin: 0 0 .2em; }
h2 { font-size: 14pt; margin: 1.2em 0 .3em; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; margin: .8em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 .8em; }
th, td { border: 1px solid #999; padding: .25em .4em; text-align: left; vertical-align: top; }
table.chain { table-layout: fixed; }
table.chain col.link { width: 16%; } table.chain col.outcome { width: 12%; }
table.chain col.code { width: 22%; }
table.facts th { width: 30%; font-weight: normal; }
ul.refs { margin: .3em 0 0; padding-left: 1.2em; font-size: 9pt; color: #333; }
th { background: #eee; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 9.5pt; overflow-wrap: anywhere; }
.verdict { font-size: 15pt; font-weight: bold; padding: .3em .5em; border: 2px solid #111;
           display: inline-block; margin: .2em 0; }
.pass { color: #1b5e20; } .fail { color: #b71c1c; } .unknown { color: #555; }
.user { border: 2px solid #e65100; padding: .3em .5em; }
.certificate { break-inside: avoid-page; }
.note { color: #444; font-size: 9.5pt; }
@media print { body { padding: 0; max-width: none; } a { color: inherit; text-decoration: none; } }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], *, cls: str = "") -> str:
    """A table; the cells in ``rows`` are HTML already escaped."""
    top = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>'


def _facts(rows: Sequence[tuple[str, object]]) -> str:
    """A two-column table of ``(what, value)``, values escaped here."""
    body = "".join(f"<tr><th>{_e(k)}</th><td>{_e(x)}</td></tr>" for k, x in rows if x)
    return f'<table class="facts"><tbody>{body}</tbody></table>'


def _refs(label: str, items: Sequence[str]) -> str:
    if not items:
        return ""
    return (
        f'<ul class="refs" aria-label="{_e(label)}">'
        + "".join(f"<li>{_e(label)}: <code>{_e(i)}</code></li>" for i in items)
        + "</ul>"
    )


def _chain(v: Verification) -> str:
    rows = "".join(
        f"<tr><td>{_e(link_title(link, v))}</td>"
        f'<td class="{_e(link.status.value)}">{_e(link.status.value)}'
        + (" (user-supplied)" if link.user_supplied else "")
        + f"</td><td><code>{_e(link.code)}</code></td><td>{_e(link.message)}"
        + _refs("evidence", link.evidence)
        + _refs("source", link.sources)
        + "</td></tr>"
        for link in v.links
    )
    return (
        '<table class="chain"><colgroup><col class="link"><col class="outcome"><col class="code">'
        "<col></colgroup><thead><tr><th>Link</th><th>Outcome</th><th>Reason</th>"
        f"<th>What it means, evidence and sources</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _codes(items: Sequence[str]) -> str:
    return "<br>".join(f"<code>{_e(i)}</code>" for i in items) or "—"


def record_facts(v: Verification) -> list[tuple[str, str | None]]:
    """The facts a record states about one verification, in the order it shows them (those
    without a value are left out by the writers)."""
    return [
        ("Certificate", v.certificate),
        ("Organisation", v.organisation),
        ("Standard", v.standard),
        ("Certification body", v.certification_body),
        ("As of", v.as_of.isoformat()),
        ("Checked at", v.checked_at.isoformat(timespec="seconds")),
        ("Arrangement in force", v.arrangement),
    ]


def _certificate(v: Verification) -> str:
    title, gloss = VERDICT_TITLES[v.verdict]
    facts = record_facts(v)
    parts = [
        f'<section class="certificate"><h2>Certificate {_e(v.certificate)}</h2>',
        f'<div class="verdict">{_e(title)}</div> <code>{_e(v.verdict.value)}</code>',
        f"<p>{_e(said(gloss, v.summary))}</p>",
    ]
    if v.user_supplied:
        which = _e(", ".join(v.user_supplied))
        parts.append(
            f'<p class="user">Rests on user-supplied data: {which} came from an '
            "upload, not from the bundled, sourced records.</p>"
        )
    parts.append(_facts(facts))
    parts.append("<h3>The chain, link by link</h3>")
    parts.append(_chain(v))
    failing = [link for link in v.links if not link.ok]
    parts.append("<h3>Reasons</h3>")
    if failing:
        parts.append(
            "<ul>"
            + "".join(
                f"<li><code>{_e(link.code)}</code>: {_e(link.message)}</li>" for link in failing
            )
            + "</ul>"
        )
    else:
        parts.append("<p>Every link of the chain holds.</p>")
    return "".join(parts) + "</section>"


def record_title(results: Sequence[Verification]) -> str:
    """The record's title: the certificate's id, or how many certificates it holds."""
    if len(results) == 1:
        return f"Verification record: {results[0].certificate}"
    return f"Verification record: {len(results)} certificates"


def record_html(
    results: Sequence[Verification], version: DataVersion, *, title: str | None = None
) -> str:
    """The printable record of ``results`` as one self-contained HTML page."""
    title = title or record_title(results)
    dates = sorted({r.as_of.isoformat() for r in results})
    parts = [
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>As of <strong>{_e(', '.join(dates))}</strong>. The trust chain of each certificate "
        "as the graph held it: certificate, standard, certification body, accreditation, "
        "accreditation body, signature of the recognition arrangement in force, regional "
        "group.</p>",
        "<h2>Data version</h2>",
        _facts(version.lines()),
    ]
    if len(results) > 1:
        parts.append("<h2>Summary</h2>")
        parts.append(
            _table(
                ["Certificate", "Verdict", "As of", "Reasons"],
                [
                    (
                        _e(r.certificate),
                        _e(r.verdict.value),
                        _e(r.as_of.isoformat()),
                        _codes(r.reasons),
                    )
                    for r in results
                ],
            )
        )
    parts.extend(_certificate(r) for r in results)
    sources = sources_of(results)
    parts.append("<h2>Sources</h2>")
    parts.append(
        "<ol>" + "".join(f"<li><code>{_e(s)}</code></li>" for s in sources) + "</ol>"
        if sources
        else "<p>No link cites a source.</p>"
    )
    parts.append(
        '<p class="note">A record of what accredigraph found in its graph on the date shown; '
        "it is not a certificate. Confirm a decision with the certification body and the "
        "accreditation body's directory.</p></body></html>\n"
    )
    return "\n".join(parts)
