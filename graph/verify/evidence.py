"""Rendering verifications and subgraphs for people and machines: text, CSV, JSON, JSON-LD, Turtle.

The JSON-LD evidence pack describes a check in schema.org terms (a ``CheckAction`` on a
``Certification``, with one ``CheckAction`` per link of the chain and its sources), stamped with
the time of the check, so it can be filed with a procurement record.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Link, Verdict, Verification
>>> v = Verification("X-1", None, Verdict.UNKNOWN, dt.date(2026, 11, 23), "Not in the graph.")
>>> print(verifications_csv([v]).splitlines()[1])
X-1,unknown,2026-11-23,,,,,Not in the graph.,
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Sequence

from graph.settings import VERSION as __version__
from graph.sparql.spreadsheet import neutralise_row
from graph.verify.model import Link, Verdict, Verification
from graph.vocab.mint import is_web_address, source_iri
from graph.vocab.namespaces import AG, DCTERMS, SCHEMA

__all__ = [
    "evidence_pack",
    "verdict_counts",
    "verifications_csv",
    "verifications_json",
    "verifications_text",
]

CSV_COLUMNS = ("certificate", "verdict", "as_of", "organisation", "standard",
               "certification_body", "reasons", "summary", "user_supplied")  # fmt: skip


def verdict_counts(results: Sequence[Verification]) -> dict[str, int]:
    """How many results have each verdict, in verdict order (zeros included)."""
    counts = Counter(r.verdict for r in results)
    return {v.value: counts.get(v, 0) for v in Verdict}


def verifications_csv(results: Sequence[Verification]) -> str:
    """One row per certificate: verdict, reasons (``;``-separated codes), the summary, and the
    links that rest on user-supplied data (``;``-separated; empty: none)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in results:
        writer.writerow(neutralise_row([r.certificate, r.verdict.value, r.as_of.isoformat(),
                                        r.organisation, r.standard, r.certification_body,
                                        ";".join(r.reasons), r.summary,
                                        ";".join(r.user_supplied)]))  # fmt: skip
    return buffer.getvalue()


def verifications_json(results: Sequence[Verification]) -> str:
    """A JSON list of objects with ``certificate``, ``verdict``, ``reasons``, ``links`` …"""
    return json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2)


_MARK = {"pass": "✔", "fail": "✘", "unknown": "?"}


def verifications_text(results: Sequence[Verification], *, detail: bool | None = None) -> str:
    """A readable report: the chain link by link for few results, a table and counts for many."""
    detail = len(results) <= 3 if detail is None else detail
    lines: list[str] = []
    if detail:
        for r in results:
            lines.append(f"{r.certificate}: {r.verdict.value.upper()} (as of {r.as_of})")
            if r.organisation:
                lines.append(f"  {r.organisation} — {r.standard} — {r.certification_body}")
            lines.append(f"  {r.summary}")
            for link in r.links:
                mark = "  [user-supplied]" if link.user_supplied else ""
                lines.append(
                    f"  {_MARK[link.status.value]} {link.name.value:<19} {link.code}{mark}"
                )
                lines.append(f"      {link.message}")
            lines.append("")
        return "\n".join(lines)
    width = max((len(r.certificate) for r in results), default=11)
    wide = max(len(v.value) for v in Verdict)
    lines.append(f"{'certificate':<{width}}  {'verdict':<{wide}}  reasons")
    for r in results:
        verdict = r.verdict.value + ("*" if r.user_supplied else "")
        lines.append(f"{r.certificate:<{width}}  {verdict:<{wide + 1}}  {', '.join(r.reasons)}")
    counts = verdict_counts(results)
    if any(r.user_supplied for r in results):
        lines.append("* rests on user-supplied data (a visitor's upload), not on sourced records")
    lines.append("")
    lines.append("  ".join(f"{k}: {v}" for k, v in counts.items()) + f"  (total {len(results)})")
    return "\n".join(lines)


def _source(text: str) -> dict:
    """A source as JSON-LD: a web address as itself; a named document as its citation node
    (the same IRI the graph gives it) with the citation (``docs/model.md``, "Sources").

    >>> _source("https://ukas.com/")
    {'@id': 'https://ukas.com/'}
    >>> _source("Annual report 2025")["dcterms:bibliographicCitation"]
    'Annual report 2025'
    """
    if is_web_address(text):
        return {"@id": text}
    return {"@id": source_iri(text), "@type": "dcterms:BibliographicResource",
            "dcterms:bibliographicCitation": text}  # fmt: skip


def _link_action(link: Link) -> dict:
    node: dict = {
        "@type": "CheckAction",
        "name": f"{link.name.value} check",
        "actionStatus": "CompletedActionStatus",
        "result": {
            "@type": "PropertyValue",
            "propertyID": link.code,
            "value": link.status.value,
            "description": link.message,
        },
    }
    if link.evidence:
        node["object"] = [{"@id": iri} for iri in link.evidence]
    if link.sources:
        node["dcterms:source"] = [_source(s) for s in link.sources]
    if link.user_supplied:
        node["ag:userSupplied"] = True
    return node


def evidence_pack(results: Sequence[Verification]) -> dict:
    """The checks as a JSON-LD document in schema.org terms, fit to file with a record."""
    graph = []
    for r in results:
        certificate: dict = {
            "@type": "Certification",
            "certificationIdentification": r.certificate,
        }
        if r.iri:
            certificate["@id"] = r.iri
        if r.standard:
            certificate["name"] = r.standard
        if r.organisation:
            certificate["about"] = {"@type": "Organization", "name": r.organisation}
        if r.certification_body:
            certificate["issuedBy"] = {"@type": "Organization", "name": r.certification_body}
        graph.append({
            "@type": "CheckAction",
            "name": f"Trust-chain check of certificate {r.certificate} as of {r.as_of}",
            "endTime": r.checked_at.isoformat(timespec="seconds"),
            "actionStatus": "CompletedActionStatus",
            "instrument": {"@type": "SoftwareApplication", "name": "accredigraph",
                           "softwareVersion": __version__},
            "object": certificate,
            "result": {"@type": "PropertyValue", "propertyID": "verdict",
                       "value": r.verdict.value, "description": r.summary},
            "ag:asOf": {"@value": r.as_of.isoformat(), "@type": "xsd:date"},
            "ag:checkedLink": [_link_action(link) for link in r.links],
        })  # fmt: skip
        if r.user_supplied:  # the verdict rests on a visitor's upload: say so at the top
            graph[-1]["ag:userSupplied"] = True
    return {
        "@context": {
            "@vocab": SCHEMA,
            "ag": AG,
            "dcterms": DCTERMS,
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@graph": graph,
    }
