"""Recognition: is the accreditation body a signatory, for this scope, of the arrangement in
force on the as-of date?

Before 1 January 2026 that arrangement is the IAF MLA; from then on the Global ACI MRA of Global
Accreditation Cooperation Incorporated ("Global ACI"), which replaced the IAF MLA and the ILAC
MRA and carried their existing recognitions over. The dates, the replacement and the carry-over
are facts of the graph (``data/arrangements.csv``, each with its sources, read by the
``chain-arrangements`` query), not constants here: the carry-over is applied as the rule its
sources state, and its sources travel with every link that relies on it.

A body that is not a confirmed signatory for the scope on that date gives one of four reasons:
signatory for other scopes only (``MLA_SCOPE_NOT_COVERED``); a known accreditation body outside
the arrangement (``MLA_NOT_SIGNATORY``); signatory status unconfirmed by the sources
(``MLA_SCOPE_UNKNOWN``, ``MLA_STATUS_UNVERIFIED``); or a body that belongs to no recognised
network, the red flag of an accreditation mill (``MLA_NO_NETWORK``).

Examples
--------
>>> import datetime as dt
>>> mla = ArrangementFacts(IAF_MLA, "iaf-mla", "IAF MLA", replaced_by="urn:mra",
...                        superseded_on=dt.date(2026, 1, 1))
>>> mra = ArrangementFacts("urn:mra", "global-aci-mra", "Global ACI MRA",
...                        in_force_from=dt.date(2026, 1, 1), carries_over=(IAF_MLA,))
>>> both = {mla.iri: mla, mra.iri: mra}
>>> in_force(both, dt.date(2025, 12, 31)).label, in_force(both, dt.date(2026, 1, 1)).label
('IAF MLA', 'Global ACI MRA')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.verify.bodies import ArrangementFacts, MembershipFacts, SignatoryFacts
from graph.verify.model import REASONS, Link, LinkName, LinkStatus
from graph.vocab.namespaces import AGD

__all__ = [
    "IAF_MLA",
    "UNRECOGNISED_BECAUSE",
    "InForce",
    "a_or_an",
    "in_force",
    "membership_span",
    "signatory_link",
]

#: The arrangement whose signatory records the reference data holds (``accreditation_bodies.csv``).
IAF_MLA = f"{AGD}arrangement/iaf-mla"

#: What a certificate's sub-reason is called, by the signatory link's code (bulk results, docs).
UNRECOGNISED_BECAUSE = {
    "MLA_SCOPE_NOT_COVERED": "signatory for other scopes only",
    "MLA_NOT_SIGNATORY": "accreditation body outside the arrangement",
    "MLA_SCOPE_UNKNOWN": "signatory status unconfirmed by sources",
    "MLA_STATUS_UNVERIFIED": "signatory status unconfirmed by sources",
    "MLA_NO_NETWORK": "accreditation body in no recognised network (possible accreditation mill)",
}


def a_or_an(name: str) -> str:
    """``name`` with its indefinite article, for the arrangements' names.

    >>> a_or_an("IAF MLA"), a_or_an("Global ACI MRA")
    ('an IAF MLA', 'a Global ACI MRA')
    """
    return f"{'an' if name[:1].upper() in 'AEIOU' else 'a'} {name}"


def membership_span(m: MembershipFacts) -> str:
    """A membership's recorded first and last day, in words.

    Examples
    --------
    >>> import datetime as dt
    >>> m = MembershipFacts("urn:ab", "urn:ea", "European co-operation for Accreditation", "EA",
    ...                     "secondary", "urn:m", (), valid_until=dt.date(2023, 5, 23))
    >>> membership_span(m)
    'its membership of EA ended on 2023-05-23 (its last day)'
    """
    group = m.group_acronym or m.group_label or m.group
    if m.valid_from and m.valid_until:
        words = f"its membership of {group} ran from {m.valid_from} to {m.valid_until}"
    elif m.valid_until:
        words = f"its membership of {group} ended on {m.valid_until} (its last day)"
    elif m.valid_from:
        words = f"its membership of {group} is recorded from {m.valid_from}"
    else:
        words = f"it is recorded as a member of {group}"
    return words + (" (unverified)" if m.confidence == "unverified" else "")


@dataclass(frozen=True, slots=True)
class InForce:
    """The arrangement in force on a date, and the one whose recognitions it carried over.

    ``arrangement`` is ``None`` (and ``label`` says "IAF MLA") when the graph holds no
    arrangement at all; ``carried_from`` is set when signatories are known only through the
    carry-over, ``sources`` are then the pages that state it.
    """

    label: str
    arrangement: str | None = None
    since: dt.date | None = None
    carried_from: ArrangementFacts | None = None
    sources: tuple[str, ...] = ()


def in_force(arrangements: Mapping[str, ArrangementFacts], as_of: dt.date) -> InForce:
    """The certification arrangement in force on ``as_of``: the IAF MLA, or the arrangement that
    replaced it from the day it did (when that arrangement carried its recognitions over).

    Examples
    --------
    >>> import datetime as dt
    >>> in_force({}, dt.date(2027, 1, 1)).label
    'IAF MLA'
    """
    mla = arrangements.get(IAF_MLA)
    if mla is None:
        return InForce("IAF MLA")
    successor = arrangements.get(mla.replaced_by) if mla.replaced_by else None
    start = mla.superseded_on or (successor.in_force_from if successor else None)
    if successor is None or start is None or as_of < start:
        return InForce(mla.label, mla.iri)
    carried = mla if IAF_MLA in successor.carries_over else None
    sources = successor.carry_over_sources if carried else ()
    return InForce(successor.label, successor.iri, start, carried, sources)


def _link(code: str, status: LinkStatus, message: str, evidence: list[str | None],
          sources: tuple[str, ...]) -> Link:  # fmt: skip
    assert REASONS[code] is LinkName.MLA_SIGNATORY, code
    return Link(LinkName.MLA_SIGNATORY, status, code, message,
                tuple(dict.fromkeys(e for e in evidence if e)),
                tuple(dict.fromkeys(sources)))  # fmt: skip


def signatory_link(
    ab_name: str | None,
    work: str,
    work_iri: str | None,
    record: SignatoryFacts,
    now: InForce,
    *,
    memberships: Sequence[MembershipFacts] = (),
    as_of: dt.date | None = None,
) -> Link:
    """The signatory link of an accreditation body for the standard ``work`` under the
    arrangement in force (``now``), with the record and carry-over as evidence and sources.

    A body known to some network at some date (``record.networks``) is a known accreditation
    body; one known to none is the accreditation-mill red flag, whatever the date. When none of
    its regional-group ``memberships`` is in force on ``as_of`` (one ended, or starts later), a
    non-signatory's words say so, with those memberships as evidence.

    Examples
    --------
    >>> record = SignatoryFacts("urn:ab", state="signatory", complete=True,
    ...                         sub_scopes=("urn:iso9001",))
    >>> signatory_link("UKAS", "ISO 9001", "urn:iso9001", record, InForce("IAF MLA")).code
    'MLA_SIGNATORY'
    >>> signatory_link("UKAS", "ISO 22000", "urn:iso22000", record, InForce("IAF MLA")).code
    'MLA_SCOPE_NOT_COVERED'
    >>> signatory_link("Mill", "ISO 9001", "urn:iso9001", SignatoryFacts("urn:mill"),
    ...                InForce("Global ACI MRA")).code
    'MLA_NO_NETWORK'
    """
    name, who = now.label, ab_name or record.ab
    a_name = a_or_an(name)
    evidence = [record.record, now.arrangement]
    sources = record.sources + now.sources
    carried = now.carried_from
    if carried is not None and now.since is not None:
        how = (f" Its {carried.label} signature carried over when the {name} replaced the "
               f"{carried.label} on {now.since}: existing recognitions stay valid.")  # fmt: skip
    else:
        how = ""
    if record.state == "signatory":
        if work_iri is not None and work_iri in record.sub_scopes:
            return _link("MLA_SIGNATORY", LinkStatus.PASS,
                         f"{who} is {a_name} signatory for {work}, so its accredited "
                         f"certificates are recognised by every other signatory.{how}",
                         evidence, sources)  # fmt: skip
        if record.complete is False:
            return _link("MLA_SCOPE_UNKNOWN", LinkStatus.UNKNOWN,
                         f"{who} is {a_name} signatory, but our sources do not list its full "
                         f"scope, so whether it covers {work} cannot be confirmed.{how}",
                         evidence, sources)  # fmt: skip
        return _link("MLA_SCOPE_NOT_COVERED", LinkStatus.FAIL,
                     f"{who} is {a_name} signatory for other scopes only, not for {work}: "
                     f"certificates for {work} it accredits are not recognised under the "
                     f"arrangement.{how}", evidence, sources)  # fmt: skip
    if record.state == "unverified":
        return _link("MLA_STATUS_UNVERIFIED", LinkStatus.UNKNOWN,
                     f"No primary source confirms whether {who} is {a_name} signatory.",
                     evidence, sources)  # fmt: skip
    if not record.networks:
        return _link("MLA_NO_NETWORK", LinkStatus.FAIL,
                     f"{who} is not {a_name} signatory and belongs to no recognised "
                     "accreditation network: no regional group, IAF, ILAC or Global ACI "
                     "membership is recorded, at any date. Red flag: possibly an accreditation "
                     "mill. Check "
                     "the body in Global ACI's and the regional groups' member lists.",
                     evidence, sources)  # fmt: skip
    outside = ""
    if as_of is not None and memberships and not any(m.on(as_of) for m in memberships):
        spans = "; ".join(membership_span(m) for m in memberships)
        outside = f" On {as_of} it belongs to no regional group: {spans}."
        evidence += [m.membership for m in memberships]
        sources += tuple(s for m in memberships for s in m.sources)
    return _link("MLA_NOT_SIGNATORY", LinkStatus.FAIL,
                 f"{who} is a known accreditation body but not {a_name} signatory (it has not "
                 "signed, or its signature was suspended or has ended): its accreditations "
                 f"carry no international recognition.{outside}", evidence, sources)  # fmt: skip
