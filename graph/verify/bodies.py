"""The facts certificates share, typed: the accreditations of a certification body, the
signatory records of the accreditation bodies, the arrangements in force, the regional groups.

:func:`shared_facts` turns rows of ``chain-accreditations``, ``chain-signatory``,
``chain-groups`` and ``chain-arrangements`` into one frozen :class:`SharedFacts`, whichever
reader found them (a single verification's cache or a bulk pass); a certificate's own facts are
:mod:`graph.verify.facts`'.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from graph.verify.facts import Row, items_of, sectors_of, sources_of

__all__ = [
    "AccreditationFacts",
    "ArrangementFacts",
    "MembershipFacts",
    "ScopeStart",
    "SharedFacts",
    "SignatoryFacts",
    "shared_facts",
]


@dataclass(frozen=True, slots=True)
class AccreditationFacts:
    """One accreditation of a certification body (a ``chain-accreditations`` row).

    ``covers`` pairs each covered standard or edition IRI with the IRI of its work (sorted);
    ``sectors`` are IAF sector codes in numeric order.

    Examples
    --------
    >>> import datetime as dt
    >>> a = AccreditationFacts("https://example.org/a/1", "A-1", "https://example.org/b/cb",
    ...                        "https://example.org/b/ab", "ab", "AB", dt.date(2022, 1, 1),
    ...                        dt.date(2027, 12, 31), "active", False, (), ("17",), ())
    >>> a.status, a.sectors
    ('active', ('17',))
    """

    iri: str
    id: str
    cb: str
    ab: str
    ab_id: str | None
    ab_label: str | None
    valid_from: dt.date
    valid_until: dt.date
    status: str
    all_sectors: bool
    covers: tuple[tuple[str, str], ...]
    sectors: tuple[str, ...]
    sources: tuple[str, ...]
    #: The accreditation, or its accreditation body, came from a visitor's upload.
    user_supplied: bool = False
    ab_user_supplied: bool = False


@dataclass(frozen=True, slots=True)
class SignatoryFacts:
    """An accreditation body's country and confidence, its IAF MLA signatory record if any,
    and the networks it has a recorded membership of (a ``chain-signatory`` row);
    ``SignatoryFacts(ab)`` has neither. ``sub_scopes`` (standards signed for) and ``networks``
    are sorted IRIs.

    Examples
    --------
    >>> SignatoryFacts("https://example.org/b/ab").state is None
    True
    """

    ab: str
    ab_country: str | None = None
    ab_confidence: str | None = None
    record: str | None = None
    state: str | None = None
    complete: bool | None = None
    sub_scopes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    networks: tuple[str, ...] = ()
    #: The signatory record came from a visitor's upload.
    user_supplied: bool = False
    #: Sub-scopes whose start a source gives, by work IRI.
    since: tuple[ScopeStart, ...] = ()


@dataclass(frozen=True, slots=True)
class ScopeStart:
    """When a body became a signatory for one sub-scope: the earliest and latest possible first
    day (the same day when a source names it), the regional group the signature came through
    (its acronym, ``None`` for the body's own), and the sources that give the day.

    >>> import datetime as dt
    >>> ScopeStart("urn:iso45001", dt.date(2020, 2, 5), dt.date(2020, 2, 5), "EA").exact
    True
    """

    work: str
    earliest: dt.date
    latest: dt.date
    via: str | None = None
    sources: tuple[str, ...] = ()

    @property
    def exact(self) -> bool:
        """True when a source names the day itself."""
        return self.earliest == self.latest


@dataclass(frozen=True, slots=True)
class ArrangementFacts:
    """A recognition arrangement: in force when, replaced by what, whose recognitions it carried
    over, with sources (a ``chain-arrangements`` row; IRIs, ``carries_over`` sorted).

    >>> ArrangementFacts("urn:mra", "mra", "Global ACI MRA", carries_over=("urn:mla",)).label
    'Global ACI MRA'
    """

    iri: str
    id: str
    label: str
    administrator: str | None = None
    in_force_from: dt.date | None = None
    replaced_by: str | None = None
    superseded_on: dt.date | None = None
    carries_over: tuple[str, ...] = ()
    carry_over_sources: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    #: The sources that give ``in_force_from`` and the sub-scopes' start days.
    in_force_sources: tuple[str, ...] = ()
    #: Sub-scopes whose start day a source gives: (work IRI, day, designation), by work IRI.
    sub_scopes: tuple[tuple[str, dt.date, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MembershipFacts:
    """An accreditation body's membership of a regional group (a ``chain-groups`` row), with
    its first and last day (inclusive) where recorded: ``None`` is no known start or end.

    Examples
    --------
    >>> import datetime as dt
    >>> m = MembershipFacts("https://example.org/b/ab", "https://example.org/g/ea", "EA", None,
    ...                     None, "https://example.org/m/1", (), valid_until=dt.date(2023, 5, 23))
    >>> m.group_label, m.on(dt.date(2023, 5, 23)), m.on(dt.date(2023, 5, 24))
    ('EA', True, False)
    """

    ab: str
    group: str
    group_label: str | None
    group_acronym: str | None
    confidence: str | None
    membership: str
    sources: tuple[str, ...]
    #: The membership came from a visitor's upload.
    user_supplied: bool = False
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None

    def on(self, day: dt.date) -> bool:
        """Whether the membership is in force on ``day`` (no recorded start or end: open)."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day <= self.valid_until
        )


@dataclass(frozen=True, slots=True)
class SharedFacts:
    """The facts many certificates share: accreditations by certification body IRI, signatory
    records and regional-group memberships by accreditation body IRI, and the recognition
    arrangements by IRI.

    A bulk pass reads them for the whole graph; a single verification for the issuer and its
    accreditation bodies only. Either way the rules look up what they need by IRI, and find a
    body's accreditations in IRI order and its memberships in group order, whatever order the
    store returned them in.

    Examples
    --------
    >>> SharedFacts().accreditations.get("https://example.org/b/cb", ())
    ()
    """

    accreditations: Mapping[str, tuple[AccreditationFacts, ...]] = field(default_factory=dict)
    signatories: Mapping[str, SignatoryFacts] = field(default_factory=dict)
    groups: Mapping[str, tuple[MembershipFacts, ...]] = field(default_factory=dict)
    arrangements: Mapping[str, ArrangementFacts] = field(default_factory=dict)


def _pair(text: str) -> tuple[str, str]:
    """A ``"standard work"`` item of ``covers`` as (standard, work)."""
    covered, _, work = text.partition(" ")
    return covered, work


def _accreditation(row: Row) -> AccreditationFacts:
    covers = tuple(sorted(_pair(item) for item in items_of(row["covers"], ";")))
    return AccreditationFacts(
        iri=row["accreditation"],
        id=row["id"],
        cb=row["cb"],
        ab=row["ab"],
        ab_id=row["abId"],
        ab_label=row["abLabel"],
        valid_from=row["validFrom"],
        valid_until=row["validUntil"],
        status=row["status"],
        all_sectors=bool(row["allSectors"]),
        covers=covers,
        sectors=sectors_of(row["sectors"]),
        sources=sources_of(row["sources"]),
        user_supplied=bool(row.get("userSupplied")),
        ab_user_supplied=bool(row.get("abUserSupplied")),
    )


def _signatory(row: Row) -> SignatoryFacts:
    return SignatoryFacts(
        ab=row["ab"],
        ab_country=row["abCountry"],
        ab_confidence=row["abConfidence"],
        record=row["record"],
        state=row["state"],
        complete=row["complete"],
        sub_scopes=tuple(sorted(items_of(row["subScopes"], " "))),
        sources=sources_of(row["sources"]),
        networks=tuple(sorted(items_of(row["networks"], " "))),
        user_supplied=bool(row.get("recordUserSupplied")),
        since=_starts(row.get("scopeSince") or "", row.get("scopeSinceSources") or ""),
    )


def _starts(items: str, sources: str) -> tuple[ScopeStart, ...]:
    """``scopeSince`` items (``work earliest latest via``) with their ``work source`` sources."""
    by_work: defaultdict[str, list[str]] = defaultdict(list)
    for item in sources.split(" | "):
        work, _, source = item.strip().partition(" ")
        if source:
            by_work[work].append(source)
    starts = []
    for item in items_of(items, ";"):
        work, earliest, latest, via = item.split(" ", 3)
        starts.append(ScopeStart(work, dt.date.fromisoformat(earliest),
                                 dt.date.fromisoformat(latest), None if via == "-" else via,
                                 tuple(sorted(set(by_work[work])))))  # fmt: skip
    return tuple(sorted(starts, key=lambda start: start.work))


def _arrangement(row: Row) -> ArrangementFacts:
    return ArrangementFacts(
        iri=row["arrangement"],
        id=row["id"],
        label=row["label"] or row["id"],
        administrator=row["administratorLabel"],
        in_force_from=row["inForceFrom"],
        replaced_by=row["replacedBy"],
        superseded_on=row["supersededOn"],
        carries_over=tuple(sorted(items_of(row["carriesOver"], " "))),
        carry_over_sources=sources_of(row["carryOverSources"]),
        sources=sources_of(row["sources"]),
        in_force_sources=sources_of(row["inForceSources"]),
        sub_scopes=tuple(sorted(_sub_scope(item) for item in items_of(row["subScopes"], ";"))),
    )


def _sub_scope(item: str) -> tuple[str, dt.date, str]:
    """A ``"work-IRI day designation"`` item of ``subScopes`` as (work IRI, day, designation)."""
    work, day, designation = item.split(" ", 2)
    return work, dt.date.fromisoformat(day), designation


def _membership(row: Row) -> MembershipFacts:
    return MembershipFacts(
        ab=row["ab"],
        group=row["group"],
        group_label=row["groupLabel"],
        group_acronym=row["groupAcronym"],
        confidence=row["confidence"],
        membership=row["membership"],
        sources=sources_of(row["sources"]),
        user_supplied=bool(row.get("userSupplied")),
        valid_from=row.get("validFrom"),
        valid_until=row.get("validUntil"),
    )


def shared_facts(
    accreditations: Iterable[Row],
    signatories: Iterable[Row],
    groups: Iterable[Row],
    arrangements: Iterable[Row],
) -> SharedFacts:
    """Rows of ``chain-accreditations``, ``chain-signatory``, ``chain-groups`` and
    ``chain-arrangements`` as :class:`SharedFacts`: the one place they are built, for single
    and bulk verification.

    Parameters
    ----------
    accreditations, signatories, groups, arrangements : Iterable[Mapping[str, Any]]
        Rows of the four queries, bound or unbound. An accreditation body with several
        signatory rows keeps the last.

    Returns
    -------
    SharedFacts

    Examples
    --------
    >>> shared_facts([], [{"ab": "urn:ab", "abCountry": "GB", "abConfidence": None,
    ...                    "record": None, "state": None, "complete": None, "subScopes": "",
    ...                    "sources": "", "networks": ""}], [], [])
    ... # doctest: +ELLIPSIS
    SharedFacts(accreditations={}, signatories={'urn:ab': SignatoryFacts(ab='urn:ab', ...)}, ...)
    """
    by_cb: defaultdict[str, list[AccreditationFacts]] = defaultdict(list)
    for row in accreditations:
        by_cb[row["cb"]].append(_accreditation(row))
    by_ab: defaultdict[str, list[MembershipFacts]] = defaultdict(list)
    for row in groups:
        by_ab[row["ab"]].append(_membership(row))
    return SharedFacts(
        accreditations={
            cb: tuple(sorted(items, key=lambda a: a.iri)) for cb, items in by_cb.items()
        },
        signatories={row["ab"]: _signatory(row) for row in signatories},
        groups={
            ab: tuple(sorted(items, key=lambda m: (m.group, m.membership)))
            for ab, items in by_ab.items()
        },
        arrangements={row["arrangement"]: _arrangement(row) for row in arrangements},
    )
