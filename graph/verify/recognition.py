"""Recognition: is the accreditation body a signatory, for this scope, of the arrangement in
force on the as-of date?

Before 1 January 2026 that arrangement is the IAF MLA; from then on the Global ACI MRA of Global
Accreditation Cooperation Incorporated ("Global ACI"), which replaced the IAF MLA and the ILAC
MRA and carried their existing recognitions over. The dates, the replacement and the carry-over
are facts of the graph (``data/arrangements.csv``, each with its sources, read by the
``chain-arrangements`` query), not constants here: the carry-over is applied as the rule its
sources state, and its sources travel with every link that relies on it.

Before the IAF MLA came into force (22 January 1998, for ISO 9001) no worldwide arrangement was in
force at all, and some of its sub-scopes came later (ISO 14001 on 9 October 2004): on such a date
no body could be a signatory for the standard, whatever its later status, and the link says so
(``MLA_NOT_YET_IN_FORCE``). Those days and their sources are facts of the graph too.

A body that is not a confirmed signatory for the scope on that date gives one of four reasons:
signatory for other scopes only (``MLA_SCOPE_NOT_COVERED``); a known accreditation body outside
the arrangement (``MLA_NOT_SIGNATORY``); signatory status unconfirmed by the sources
(``MLA_SCOPE_UNKNOWN``, ``MLA_STATUS_UNVERIFIED``); or a body that belongs to no recognised
network, the red flag of an accreditation mill (``MLA_NO_NETWORK``).

A signatory became one for each sub-scope on a day of its own (UKAS for ISO 45001 on 5 February
2020, through EA). Where a source gives that day (the record's ``since``), the body is a
signatory for the scope only from it: before it the link fails with
``MLA_SCOPE_NOT_YET_SIGNED``, and while the sources leave the day open (a month or a year) it is
``MLA_SCOPE_UNKNOWN``. A sub-scope without a known start counts as signed whenever the record
holds, as before.

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
>>> mla = ArrangementFacts(IAF_MLA, "iaf-mla", "IAF MLA", in_force_from=dt.date(1998, 1, 22))
>>> in_force({mla.iri: mla}, dt.date(1993, 2, 28)).in_force, in_force({mla.iri: mla},
...     dt.date(1998, 1, 22)).in_force
(None, 'IAF MLA')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from graph.verify.bodies import ArrangementFacts, MembershipFacts, ScopeStart, SignatoryFacts
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
    "MLA_NOT_YET_IN_FORCE": "no worldwide arrangement covered the scope yet on that date",
    "MLA_SCOPE_NOT_YET_SIGNED": "not yet a signatory for that scope on that date",
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
    carry-over, ``sources`` are then the pages that state it. ``first`` is the IAF MLA, whose
    start day and sub-scope start days (``on`` is the date asked) say whether any arrangement
    covered a standard yet; before its start ``label`` names it but :attr:`in_force` is
    ``None``.
    """

    label: str
    arrangement: str | None = None
    since: dt.date | None = None
    carried_from: ArrangementFacts | None = None
    sources: tuple[str, ...] = ()
    first: ArrangementFacts | None = None
    on: dt.date | None = None

    @property
    def pending(self) -> bool:
        """True when the date is before the first arrangement came into force."""
        began = self.first.in_force_from if self.first else None
        return began is not None and self.on is not None and self.on < began

    @property
    def in_force(self) -> str | None:
        """The name of the arrangement in force on the date, ``None`` before the first."""
        return None if self.pending else self.label

    def scope_start(self, work_iri: str | None) -> dt.date | None:
        """The day the arrangement's sub-scope for ``work_iri`` came into force, if a source
        gives it (carried over: the IAF MLA's days hold for its successor)."""
        scopes = self.first.sub_scopes if self.first else ()
        return next((day for work, day, _ in scopes if work == work_iri), None)


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
        return InForce("IAF MLA", on=as_of)
    successor = arrangements.get(mla.replaced_by) if mla.replaced_by else None
    start = mla.superseded_on or (successor.in_force_from if successor else None)
    if successor is None or start is None or as_of < start:
        return InForce(mla.label, mla.iri, first=mla, on=as_of)
    carried = mla if IAF_MLA in successor.carries_over else None
    sources = successor.carry_over_sources if carried else ()
    return InForce(successor.label, successor.iri, start, carried, sources, mla, as_of)


def _not_yet(who: str, work: str, work_iri: str | None, now: InForce) -> Link | None:
    """The signatory link when no arrangement covered ``work`` yet on the date, else ``None``."""
    mla, day = now.first, now.on
    if mla is None or day is None or mla.in_force_from is None:
        return None
    began, covered = mla.in_force_from, now.scope_start(work_iri)
    evidence, sources = [mla.iri], mla.in_force_sources
    why = (f"So no accreditation body, {who} included, could then be a signatory for {work}: "
           "no accreditation for it was recognised worldwide.")  # fmt: skip
    if now.pending:
        later = f", and covered {work} from {covered}" if covered and covered > began else ""
        return _link("MLA_NOT_YET_IN_FORCE", LinkStatus.FAIL,
                     f"No worldwide recognition arrangement for certification was in force on "
                     f"{day}: the first, the {mla.label}, came into force on {began}{later}. "
                     f"{why}", evidence, sources)  # fmt: skip
    if covered is not None and day < covered:
        return _link("MLA_NOT_YET_IN_FORCE", LinkStatus.FAIL,
                     f"On {day} the {mla.label}, in force since {began}, did not yet cover "
                     f"{work}: it covered {work} from {covered}. {why}",
                     evidence, sources)  # fmt: skip
    return None


def _link(code: str, status: LinkStatus, message: str, evidence: list[str | None],
          sources: tuple[str, ...]) -> Link:  # fmt: skip
    assert REASONS[code] is LinkName.MLA_SIGNATORY, code
    return Link(LinkName.MLA_SIGNATORY, status, code, message,
                tuple(dict.fromkeys(e for e in evidence if e)),
                tuple(dict.fromkeys(sources)))  # fmt: skip


def _when(start: ScopeStart) -> str:
    """The start of a signature in words: a day, or the span the sources leave open.

    >>> import datetime as dt
    >>> _when(ScopeStart("urn:w", dt.date(2003, 1, 1), dt.date(2003, 12, 31)))
    'between 2003-01-01 and 2003-12-31'
    """
    if start.exact:
        return f"on {start.earliest}"
    return f"between {start.earliest} and {start.latest}"


def _dated(who: str, work: str, start: ScopeStart, label: str, day: dt.date, how: str,
           evidence: list[str | None], sources: tuple[str, ...]) -> Link | None:  # fmt: skip
    """The signatory link when ``day`` is before the body's start for the scope (or inside the
    span the sources leave open), else ``None``."""
    through = ""
    if start.via:
        through = (f", through {start.via} (the day the {label} recognised {start.via}'s own "
                   "arrangement for it, which the body's signature rests on)")  # fmt: skip
    became = f"{who} became {a_or_an(label)} signatory for {work} {_when(start)}{through}"
    sources = start.sources + sources  # the pages that give the day first: they state it
    if day < start.earliest:
        return _link("MLA_SCOPE_NOT_YET_SIGNED", LinkStatus.FAIL,
                     f"{became}; on {day} it was not yet one: certificates for {work} it "
                     f"accredited were not yet recognised under the arrangement.{how}",
                     evidence, sources)  # fmt: skip
    if day < start.latest:
        return _link("MLA_SCOPE_UNKNOWN", LinkStatus.UNKNOWN,
                     f"{became}; the sources give no day, so whether it already was one on "
                     f"{day} cannot be confirmed.{how}", evidence, sources)  # fmt: skip
    return None


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
    >>> import datetime as dt
    >>> record = SignatoryFacts("urn:ab", state="signatory", complete=True,
    ...                         sub_scopes=("urn:iso9001",))
    >>> signatory_link("UKAS", "ISO 9001", "urn:iso9001", record, InForce("IAF MLA")).code
    'MLA_SIGNATORY'
    >>> signatory_link("UKAS", "ISO 22000", "urn:iso22000", record, InForce("IAF MLA")).code
    'MLA_SCOPE_NOT_COVERED'
    >>> signatory_link("Mill", "ISO 9001", "urn:iso9001", SignatoryFacts("urn:mill"),
    ...                InForce("Global ACI MRA")).code
    'MLA_NO_NETWORK'
    >>> mla = ArrangementFacts(IAF_MLA, "iaf-mla", "IAF MLA", in_force_from=dt.date(1998, 1, 22),
    ...                        sub_scopes=(("urn:iso14001", dt.date(2004, 10, 9), "ISO 14001"),))
    >>> early = InForce("IAF MLA", IAF_MLA, first=mla, on=dt.date(1998, 5, 21))
    >>> signatory_link("UKAS", "ISO 14001", "urn:iso14001", record, early).code
    'MLA_NOT_YET_IN_FORCE'
    >>> signatory_link("UKAS", "ISO 9001", "urn:iso9001", record, early).code
    'MLA_SIGNATORY'

    A sub-scope signed on a later day (through EA, on 5 February 2020):

    >>> start = ScopeStart("urn:iso45001", dt.date(2020, 2, 5), dt.date(2020, 2, 5), "EA")
    >>> dated = SignatoryFacts("urn:ab", state="signatory", complete=True,
    ...                        sub_scopes=("urn:iso45001",), since=(start,))
    >>> on = InForce("IAF MLA", IAF_MLA, first=mla, on=dt.date(2018, 7, 15))
    >>> link = signatory_link("UKAS", "ISO 45001", "urn:iso45001", dated, on)
    >>> link.code
    'MLA_SCOPE_NOT_YET_SIGNED'
    >>> link.message[:72]
    'UKAS became an IAF MLA signatory for ISO 45001 on 2020-02-05, through EA'
    >>> "on 2018-07-15 it was not yet one" in link.message
    True
    >>> later = InForce("IAF MLA", IAF_MLA, first=mla, on=dt.date(2020, 2, 5))
    >>> signatory_link("UKAS", "ISO 45001", "urn:iso45001", dated, later).message[:60]
    'UKAS is an IAF MLA signatory for ISO 45001 (since 2020-02-05'
    """
    name, who = now.label, ab_name or record.ab
    if (late := _not_yet(who, work, work_iri, now)) is not None:
        return late
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
            start = next((s for s in record.since if s.work == work_iri), None)
            since = ""
            if start is not None:
                label = now.first.label if now.first is not None else name
                if (
                    now.on is not None
                    and (early := _dated(who, work, start, label, now.on, how, evidence, sources))
                    is not None
                ):
                    return early
                sources = start.sources + sources
                via = f", through {start.via}" if start.via else ""
                since = f" (since {start.latest if start.exact else _when(start)}{via})"
            return _link("MLA_SIGNATORY", LinkStatus.PASS,
                         f"{who} is {a_name} signatory for {work}{since}, so its accredited "
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
