"""When a recognition arrangement was in force: the day it came into force and, where sources
give them, the days its sub-scopes did; what replaced it and whose recognitions it carried
over (``arrangements.csv``).

The IAF MLA came into force on 22 January 1998 for quality management systems (ISO 9001) and
covered environmental management systems (ISO 14001) from 9 October 2004: before those days no
accreditation body could be a signatory for them, and the verifier says so. Each sub-scope date
is a node of its own (``ag:ArrangementSubScope``) with the standard, the day, and the sources
that state it (``in_force_source``). A main scope is dated the same way, by its normative
document (the IAF MLA's product certification main scope, ``ISO/IEC 17065``, from 9 October
2004): its node has ``ag:mainScopeStandard`` and the ``ag:mainScope`` it names instead of
``ag:subScopeStandard``, and the arrangement must list that main scope in ``main_scopes``.
"""

from __future__ import annotations

import datetime as dt

from graph.ingest.context import Context
from graph.ingest.csvrows import Row
from graph.ingest.scope_dates import main_scope_of, write_scope_standard
from graph.vocab.mint import XSD_DATE, slug
from graph.vocab.namespaces import AG, AGD, DCTERMS

__all__ = ["COLUMNS", "sub_scope_dates", "write_succession"]

#: The columns of ``arrangements.csv`` that :func:`write_succession` reads.
COLUMNS = ("in_force_from", "in_force_source", "sub_scopes_in_force_from", "superseded_by",
           "superseded_on", "carries_over", "carry_over_source")  # fmt: skip


def sub_scope_dates(
    row: Row, column: str = "sub_scopes_in_force_from"
) -> list[tuple[str, dt.date]]:
    """The ``designation=YYYY-MM-DD`` items of ``column``, with a problem for each bad one.

    Examples
    --------
    >>> from graph.ingest.csvrows import Row
    >>> problems = []
    >>> row = Row("arrangements.csv", 2, {"s": "ISO 9001=1998-01-22; ISO 14001=2004"}, problems)
    >>> sub_scope_dates(row, "s")
    [('ISO 9001', datetime.date(1998, 1, 22))]
    >>> print(problems[0])
    arrangements.csv:2: s: 'ISO 14001=2004': not 'standard=YYYY-MM-DD'
    """
    dates = []
    for item in row.items(column):
        designation, _, day = (part.strip() for part in item.partition("="))
        try:
            if not designation or len(day) != 10:
                raise ValueError
            dates.append((designation, dt.date.fromisoformat(day)))
        except ValueError:
            row.problem(column, f"{item!r}: not 'standard=YYYY-MM-DD'")
    return dates


def _sub_scopes(row: Row, s: str, label: str | None, ctx: Context, sources: list[str]) -> None:
    out = ctx.out
    for designation, day in sub_scope_dates(row):
        entry = ctx.standards.resolve(designation)
        if entry is None or entry.iri != entry.work_iri:
            why = "name the standard, not an edition" if entry else None
            row.problem("sub_scopes_in_force_from",
                        why or ctx.standards.explain_unresolved(designation))  # fmt: skip
            continue
        main = main_scope_of(entry.designation)
        if main is not None and main not in row.items("main_scopes"):
            row.problem("sub_scopes_in_force_from", f"{designation!r} names the main scope "
                        f"{main!r}, which is not in main_scopes")  # fmt: skip
            continue
        node = f"{s}/sub-scope/{slug(entry.designation)}"
        out.iri(s, AG + "subScope", node)
        out.typed(node, AG + "ArrangementSubScope")
        named = f"{label or 'arrangement'}: {entry.designation}"
        write_scope_standard(out, node, named, entry.work_iri, main)
        out.lit(node, AG + "inForceFrom", day.isoformat(), XSD_DATE)
        out.sources(node, sources)


def write_succession(row: Row, s: str, ctx: Context) -> None:
    """An arrangement's dates in force (with the sources that give them), its sub-scopes' start
    days, what replaced it, and whose recognitions it carried over (with the sources that
    state the carry-over)."""
    out = ctx.out
    sources = [src.strip() for src in row.raw("in_force_source").split(" | ") if src.strip()]
    if start := row.date("in_force_from"):
        out.lit(s, AG + "inForceFrom", start.isoformat(), XSD_DATE)
        out.sources(s, sources, AG + "inForceSource")
    elif sources:
        row.problem("in_force_source", "sources are given but in_force_from is empty")
    _sub_scopes(row, s, row.text("name"), ctx, sources)
    if successor := row.text("superseded_by"):
        if successor not in ctx.arrangements:
            row.problem("superseded_by", f"{successor!r} is not an arrangement id")
        else:
            out.iri(s, DCTERMS + "isReplacedBy", f"{AGD}arrangement/{slug(successor)}")
    if ended := row.date("superseded_on"):
        out.lit(s, AG + "supersededOn", ended.isoformat(), XSD_DATE)
    for earlier in row.items("carries_over"):
        if earlier not in ctx.arrangements:
            row.problem("carries_over", f"{earlier!r} is not an arrangement id")
        else:
            out.iri(s, AG + "carriesOver", f"{AGD}arrangement/{slug(earlier)}")
            out.iri(s, DCTERMS + "replaces", f"{AGD}arrangement/{slug(earlier)}")
    carry = [src.strip() for src in row.raw("carry_over_source").split(" | ") if src.strip()]
    out.sources(s, carry, AG + "carryOverSource")
