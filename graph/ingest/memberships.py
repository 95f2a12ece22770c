"""``memberships.csv``: which body belongs to which network, with its role, confidence and,
where a source gives them, the first and last day of the membership.

The bundled ``data/memberships.csv`` and a user's register are read by the same code. The date
columns ``valid_from`` and ``valid_until`` are optional (a register may leave them out, or leave
a cell empty: no known start, or no known end); each is a day written ``YYYY-MM-DD`` and both
days are inclusive. They are written as ``ag:validFrom`` / ``ag:validUntil`` on the
``org:Membership`` node (``docs/model.md``).

Examples
--------
>>> problems = []
>>> row = Row("memberships.csv", 7, {"valid_from": "2023-05-24", "valid_until": "2018-10-03"},
...           problems)
>>> _membership_dates(row)[0]
False
>>> print(problems[0])
memberships.csv:7: valid_until: 2018-10-03 is before valid_from 2023-05-24
"""

from __future__ import annotations

import datetime as dt

from graph.ingest.context import Context
from graph.ingest.csvrows import Row
from graph.ingest.reference import CONFIDENCE, MEMBERSHIP_ROLES, provenance
from graph.vocab.mint import XSD_DATE, body_iri, slug
from graph.vocab.namespaces import AG, AGD, ORG, RDFS, code

__all__ = ["compile_memberships"]


def _membership_dates(row: Row) -> tuple[bool, dt.date | None, dt.date | None]:
    """The optional ``valid_from`` / ``valid_until`` of a membership (first and last day,
    inclusive), and whether they are good: each a date, the end not before the start."""
    problems = len(row.problems)
    start, until = row.date("valid_from"), row.date("valid_until")
    if start and until and until < start:
        row.problem("valid_until", f"{until} is before valid_from {start}")
    return len(row.problems) == problems, start, until


def compile_memberships(rows: list[Row], ctx: Context) -> None:
    """``memberships.csv``: which body belongs to which network, with its confidence and, where
    a source gives them, the first and last day of the membership (``valid_from``,
    ``valid_until``: optional columns, written as ``ag:validFrom`` / ``ag:validUntil``).

    The shortcut ``org:memberOf`` is written only for memberships that are not unverified and
    have no end date, so that neither a guess nor a membership that ended reads as a current
    fact in a plain query; readers that care about a date read the ``org:Membership`` node.
    """
    out = ctx.out
    for row in rows:
        member, network = row.text("member", required=True), row.text("organisation", required=True)
        role = row.choice("role", MEMBERSHIP_ROLES)
        confidence = row.choice("confidence", CONFIDENCE)
        dated, start, until = _membership_dates(row)
        if member and member not in ctx.bodies:
            row.problem("member", f"unknown body id {member!r}")
            continue
        if network and network not in ctx.networks:
            row.problem("organisation", f"{network!r} is not a network id")
            continue
        if not (member and network and role and confidence and dated):
            continue
        s = f"{AGD}membership/{slug(member)}/{slug(network)}"
        out.typed(s, ORG + "Membership")
        out.iri(s, ORG + "member", body_iri(member))
        out.iri(s, ORG + "organization", body_iri(network))
        out.iri(s, ORG + "role", code("membership-role", role))
        out.lit(s, RDFS + "label", f"{ctx.body_names[member]} in {ctx.body_names[network]}")
        if start:
            out.lit(s, AG + "validFrom", start.isoformat(), XSD_DATE)
        if until:
            out.lit(s, AG + "validUntil", until.isoformat(), XSD_DATE)
        if confidence != "unverified" and until is None:
            out.iri(body_iri(member), ORG + "memberOf", body_iri(network))
        ctx.flags.add_member(body_iri(member))
        provenance(row, s, ctx)
