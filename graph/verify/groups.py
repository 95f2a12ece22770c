"""The regional-group link of the verifier's chain: the memberships in force on the date.

A body's memberships of regional groups may carry their first and last day
(``data/memberships.csv``); only those in force on the as-of date count (docs/verifier.md,
"Memberships with dates").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from graph.verify.bodies import AccreditationFacts, MembershipFacts
from graph.verify.model import REASONS, Link, LinkName, LinkStatus
from graph.verify.recognition import membership_span

__all__ = ["group_link"]

L = LinkName
P, F, U = LinkStatus.PASS, LinkStatus.FAIL, LinkStatus.UNKNOWN


def _link(name: LinkName, status: LinkStatus, code: str, message: str,
          evidence: Iterable[str | None] = (), sources: Iterable[str] = ()) -> Link:  # fmt: skip
    assert REASONS[code] == name, code
    return Link(name, status, code, message, tuple(dict.fromkeys(e for e in evidence if e)),
                tuple(dict.fromkeys(sources)))  # fmt: skip


def group_link(
    a: AccreditationFacts, groups: Mapping[str, tuple[MembershipFacts, ...]], as_of: dt.date
) -> Link:
    """The regional-group link of the body that granted ``a``: its memberships in force on
    ``as_of`` (``GROUP_MEMBER``, ``GROUP_UNVERIFIED``), none recorded (``GROUP_NONE``), or
    only memberships outside that day (:func:`_outside`)."""
    recorded = groups.get(a.ab, ())  # in group order (SharedFacts)
    rows = [r for r in recorded if r.on(as_of)]
    name = a.ab_label or a.ab_id
    firm = [r for r in rows if r.confidence != "unverified"]
    names = ", ".join(sorted({r.group_acronym or r.group_label for r in (firm or rows)}))
    evidence = [r.membership for r in (firm or rows)]
    sources = tuple(s for r in (firm or rows) for s in r.sources)
    if firm:
        return _link(L.REGIONAL_GROUP, P, "GROUP_MEMBER",
                     f"{name} belongs to the regional group {names}, which peer-evaluates its "
                     "members.", evidence, sources)  # fmt: skip
    if rows:
        return _link(L.REGIONAL_GROUP, U, "GROUP_UNVERIFIED",
                     f"{name} probably belongs to {names}, but no primary source confirms it.",
                     evidence, sources)  # fmt: skip
    if recorded:
        return _outside(name, recorded, as_of)
    return _link(
        L.REGIONAL_GROUP,
        U,
        "GROUP_NONE",
        f"No regional accreditation group membership of {name} is recorded.",
    )


def _outside(name: str | None, recorded: Sequence[MembershipFacts], as_of: dt.date) -> Link:
    """The regional-group link of a body whose every recorded membership is outside ``as_of``:
    ended before it (``GROUP_ENDED``), or recorded only from a later day (``GROUP_NOT_YET``)."""
    evidence = [r.membership for r in recorded]
    sources = tuple(s for r in recorded for s in r.sources)
    spans = "; ".join(membership_span(r) for r in recorded)
    if all(r.valid_until is not None and r.valid_until < as_of for r in recorded):
        return _link(L.REGIONAL_GROUP, F, "GROUP_ENDED",
                     f"On {as_of} {name} belongs to no regional group: {spans}. No regional "
                     "group peer-evaluates it any more.", evidence, sources)  # fmt: skip
    return _link(L.REGIONAL_GROUP, U, "GROUP_NOT_YET",
                 f"No regional group membership of {name} is recorded on {as_of}: {spans}.",
                 evidence, sources)  # fmt: skip
