"""When an accreditation body became an IAF MLA signatory for each scope, where a source says
(``iaf_mla_scope_since`` of ``accreditation_bodies.csv``): a sub-scope (ISO 9001, ISO 45001 ...)
or a main scope, named by its normative document as ``iaf_mla_scopes`` names it (ISO/IEC 17065
for product certification, ISO/IEC 17024 for persons, ISO 14065 for greenhouse-gas validation
and verification; :data:`MAIN_SCOPE_OF`).

Each item is ``standard=WHEN``, optionally followed by ``via <network id>`` when the body's
signature for that scope comes through a regional group's recognised MLA and the day is the
group's (EA's for ISO 22000 on 5 April 2018). ``WHEN`` is a day (``2020-02-05``), a month
(``2022-09``) or a year (``2003``) when the source gives no more, or an interval
``2015-10-21/2015-11-05`` when two sources disagree: the first day of the signature lies
between its earliest and its latest day, both kept. The sources of the days are
``iaf_mla_scope_since_source`` (``standard=URL`` items, ``" | "``-separated; a bare URL is the
source of every dated scope of the row).

In the graph each dated scope is an ``ag:SignatoryScope`` of the body's signatory record, with
the standard (``ag:subScopeStandard`` for a sub-scope; ``ag:mainScopeStandard`` and the
``ag:mainScope`` it names for a main scope), ``ag:signatorySince`` (the earliest day),
``ag:signatorySinceLatest`` (the latest day), the network it came through and its sources.
Before the earliest day the body was not a signatory for that standard; after the latest it
was (as far as the record says); in between the sources do not say.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from graph.ingest.context import Context, Sink
from graph.ingest.csvrows import Row
from graph.vocab.mint import XSD_DATE, body_iri, slug
from graph.vocab.namespaces import AG, RDFS, code
from graph.vocab.standards import parse_designation

__all__ = [
    "COLUMNS",
    "MAIN_SCOPE_OF",
    "ScopeSince",
    "main_scope_of",
    "parse_when",
    "scope_since",
    "write_scope_dates",
    "write_scope_standard",
]

#: Conformity-assessment standards that name an IAF MLA main scope (rules.md R4, R12).
MAIN_SCOPE_OF = {
    "iso:17021-1": "management-systems",
    "iso:17021": "management-systems",
    "iso:17065": "product",
    "iso:17024": "persons",
    "iso:17029": "vv",
    "iso:14065": "ghg-vv",
}

COLUMN = "iaf_mla_scope_since"
SOURCE_COLUMN = "iaf_mla_scope_since_source"
#: The columns of ``accreditation_bodies.csv`` that :func:`write_scope_dates` reads.
COLUMNS = (COLUMN, SOURCE_COLUMN)


def main_scope_of(designation: str) -> str | None:
    """The ``agc:mla-scope`` code of the IAF MLA main scope ``designation`` names, if any.

    >>> main_scope_of("ISO/IEC 17065"), main_scope_of("ISO/IEC 17024:2012")
    ('product', 'persons')
    >>> main_scope_of("ISO 9001") is None
    True
    """
    parsed = parse_designation(designation)
    return MAIN_SCOPE_OF.get(parsed.family) if parsed is not None else None


@dataclass(frozen=True, slots=True)
class ScopeSince:
    """One dated scope (a sub-scope or a main scope): the designation as written, the earliest
    and latest first day, and the network id the signature came through (``None``: the body's
    own)."""

    designation: str
    earliest: dt.date
    latest: dt.date
    via: str | None = None


def _bounds(text: str) -> tuple[dt.date, dt.date]:
    parts = text.split("-")
    if len(parts) == 3 and len(text) == 10:
        day = dt.date.fromisoformat(text)
        return day, day
    if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
        year, month = int(parts[0]), int(parts[1])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    if len(parts) == 1 and len(text) == 4 and text.isdigit():
        return dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
    raise ValueError(text)


def parse_when(text: str) -> tuple[dt.date, dt.date]:
    """The earliest and the latest first day a ``WHEN`` allows.

    Examples
    --------
    >>> parse_when("2020-02-05")
    (datetime.date(2020, 2, 5), datetime.date(2020, 2, 5))
    >>> parse_when("2022-09")
    (datetime.date(2022, 9, 1), datetime.date(2022, 9, 30))
    >>> parse_when("2003")
    (datetime.date(2003, 1, 1), datetime.date(2003, 12, 31))
    >>> parse_when("2015-10-21/2015-11-05")
    (datetime.date(2015, 10, 21), datetime.date(2015, 11, 5))
    >>> parse_when("Oct 2014")
    Traceback (most recent call last):
    ...
    ValueError: Oct 2014
    """
    first, slash, last = text.strip().partition("/")
    earliest, latest = _bounds(first.strip())
    if slash:
        latest = _bounds(last.strip())[1]
    if latest < earliest:
        raise ValueError(text)
    return earliest, latest


def scope_since(row: Row) -> list[ScopeSince]:
    """The items of ``iaf_mla_scope_since``, with a problem for each bad one.

    Examples
    --------
    >>> problems = []
    >>> row = Row("accreditation_bodies.csv", 2,
    ...           {COLUMN: "ISO 45001=2020-02-05 via ea; ISO 9001=2003; ISO 14001=Oct 2004"},
    ...           problems)
    >>> [(s.designation, s.earliest.isoformat(), s.via) for s in scope_since(row)]
    [('ISO 45001', '2020-02-05', 'ea'), ('ISO 9001', '2003-01-01', None)]
    >>> print(problems[0])  # doctest: +ELLIPSIS
    accreditation_bodies.csv:2: iaf_mla_scope_since: 'ISO 14001=Oct 2004': not 'standard=...
    """
    dated = []
    for item in row.items(COLUMN):
        designation, _, rest = (part.strip() for part in item.partition("="))
        when, _, via = rest.partition(" via ")
        try:
            if not designation:
                raise ValueError(item)
            earliest, latest = parse_when(when)
        except ValueError:
            row.problem(COLUMN, f"{item!r}: not 'standard=YYYY-MM-DD', '=YYYY-MM', '=YYYY' "
                        "or '=FROM/TO', optionally followed by 'via <network id>'")  # fmt: skip
            continue
        dated.append(ScopeSince(designation, earliest, latest, via.strip() or None))
    return dated


def _sources(row: Row) -> tuple[list[str], dict[str, list[str]]]:
    shared: list[str] = []
    by_scope: dict[str, list[str]] = {}
    for item in (part.strip() for part in row.raw(SOURCE_COLUMN).split(" | ")):
        designation, eq, url = item.partition("=")
        if not item:
            continue
        if eq and not designation.strip().lower().startswith("http"):
            by_scope.setdefault(designation.strip(), []).append(url.strip())
        else:
            shared.append(item)
    return shared, by_scope


def write_scope_standard(out: Sink, node: str, label: str, work: str, main: str | None) -> None:
    """The label and standard of a dated scope ``node``: a main scope's (``main``, its
    ``agc:mla-scope`` code, and ``ag:mainScopeStandard``) or a sub-scope's
    (``ag:subScopeStandard``)."""
    if main is not None:
        out.lit(node, RDFS + "label", f"{label} (main scope: {main})")
        out.iri(node, AG + "mainScope", code("mla-scope", main))
        out.iri(node, AG + "mainScopeStandard", work)
    else:
        out.lit(node, RDFS + "label", label)
        out.iri(node, AG + "subScopeStandard", work)


def write_scope_dates(
    row: Row,
    record: str,
    sub_scopes: set[str],
    ctx: Context,
    main_scopes: Mapping[str, str] | None = None,
) -> None:
    """The dated scopes of the signatory record ``record``: ``sub_scopes`` are the work IRIs of
    the sub-scopes the row's ``iaf_mla_scopes`` listed, ``main_scopes`` the main scopes it listed
    (work IRI of the normative document -> ``agc:mla-scope`` code); a date for another standard
    is a problem."""
    out = ctx.out
    mains = dict(main_scopes or {})
    shared, by_scope = _sources(row)
    dated = scope_since(row)
    if dated and not (shared or by_scope):
        row.problem(SOURCE_COLUMN, "scope start days are given without a source")
    seen: set[str] = set()
    for item in dated:
        entry = ctx.standards.resolve(item.designation)
        if entry is None or (entry.work_iri not in sub_scopes and entry.work_iri not in mains):
            why = "is not one of the scopes (sub-scopes or main scopes) in iaf_mla_scopes"
            why = why if entry else None
            row.problem(COLUMN, f"{item.designation!r} "
                        f"{why or ctx.standards.explain_unresolved(item.designation)}")  # fmt: skip
            continue
        if entry.work_iri in seen:
            row.problem(COLUMN, f"{item.designation!r} is dated twice")
            continue
        seen.add(entry.work_iri)
        if item.via is not None and item.via not in ctx.networks:
            row.problem(COLUMN, f"{item.via!r} (after 'via') is not a network id")
            continue
        node = f"{record}/scope/{slug(entry.designation)}"
        out.iri(record, AG + "signatoryScope", node)
        out.typed(node, AG + "SignatoryScope")
        label = f"{row.text('id')}: signatory for {entry.designation}"
        write_scope_standard(out, node, label, entry.work_iri, mains.get(entry.work_iri))
        out.lit(node, AG + "signatorySince", item.earliest.isoformat(), XSD_DATE)
        out.lit(node, AG + "signatorySinceLatest", item.latest.isoformat(), XSD_DATE)
        if item.via is not None:
            out.iri(node, AG + "recognisedThrough", body_iri(item.via))
        own = by_scope.get(item.designation, [])
        out.sources(node, list(dict.fromkeys(own + shared)))
    for designation in by_scope:
        if designation not in {item.designation for item in dated}:
            row.problem(SOURCE_COLUMN, f"{designation!r} has a source but no date in {COLUMN}")
