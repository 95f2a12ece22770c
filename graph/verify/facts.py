"""The verifier's input, typed: one certificate's facts and the facts certificates share.

Whichever reader found them — the flat lookups of a single verification
(:mod:`graph.verify.cache`), a bulk pass's unbound or batched queries (:mod:`graph.verify.chain`),
Oxigraph or a remote endpoint — a certificate's facts become a :class:`CertificateFacts` in one
place, :func:`certificate_facts`, from a row with the columns of the ``chain-certificate``
query; the accreditations, signatory records and regional groups become a :class:`SharedFacts`
in :func:`shared_facts`, from rows of ``chain-accreditations``, ``chain-signatory``,
``chain-groups`` and ``chain-arrangements``. The rules (:mod:`graph.verify.rules`) read these
frozen objects and nothing else.

Examples
--------
>>> import datetime as dt
>>> row = {**NO_ISSUER, **NO_STANDARD, "certificate": "https://example.org/c/1", "id": "C-1",
...        "issuer": "https://example.org/b/cb", "designation": "ISO 9001:2015",
...        "standard": None, "issued": dt.date(2025, 3, 1), "validUntil": dt.date(2028, 2, 28),
...        "status": "valid", "organisation": "https://example.org/o/1",
...        "organisationName": "Widgets Ltd", "sectors": "28;17", "sources": ""}
>>> facts = certificate_facts(row)
>>> facts.sectors, facts.valid_until, facts.issuer_types
(('17', '28'), datetime.date(2028, 2, 28), ())
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "NO_ISSUER",
    "NO_STANDARD",
    "AccreditationFacts",
    "ArrangementFacts",
    "CertificateFacts",
    "MembershipFacts",
    "SharedFacts",
    "SignatoryFacts",
    "certificate_facts",
    "shared_facts",
]

Row = Mapping[str, Any]

#: The issuer's columns of a ``chain-certificate`` row when nothing is known of the issuer.
NO_ISSUER: dict[str, Any] = {"issuerId": None, "issuerLabel": None, "issuerTypes": ""}
#: The standard's columns of a ``chain-certificate`` row when it names no known standard.
NO_STANDARD: dict[str, Any] = dict.fromkeys(
    ("work", "workLabel", "kind", "editionYear", "transitionEnds", "replacedBy")
)


def _items(text: str | None, sep: str) -> tuple[str, ...]:
    """The non-empty items of a ``GROUP_CONCAT`` (``""`` or ``None`` for none)."""
    return tuple(filter(None, text.split(sep))) if text else ()


def _sectors(text: str | None) -> tuple[str, ...]:
    """IAF sector codes from a ``;``-separated list, once each, in numeric order."""
    return tuple(sorted(set(_items(text, ";")), key=int))


@dataclass(frozen=True, slots=True)
class CertificateFacts:
    """What the verifier knows of one certificate: its own statements, its issuer's and its
    standard's, as the ``chain-certificate`` query reports them.

    ``sectors`` are IAF sector codes in numeric order; ``issuer_types`` the issuer's class IRIs,
    sorted; ``sources`` in the order the store gives them. The standard's fields are ``None``
    when the certificate names no standard the graph knows.

    Examples
    --------
    >>> import datetime as dt
    >>> facts = CertificateFacts(
    ...     iri="https://example.org/c/1", id="C-1", organisation="https://example.org/o/1",
    ...     organisation_name=None, designation="ISO 31000", status="valid", issued=None,
    ...     valid_until=dt.date(2027, 1, 1), sectors=(), sources=(),
    ...     issuer="https://example.org/b/cb", issuer_id="cb", issuer_label=None, issuer_types=(),
    ...     standard=None, work=None, work_label=None, kind=None, edition_year=None,
    ...     transition_ends=None, replaced_by=None)
    >>> facts.standard is None
    True
    """

    iri: str
    id: str
    organisation: str
    organisation_name: str | None
    designation: str
    status: str
    issued: dt.date | None
    valid_until: dt.date
    sectors: tuple[str, ...]
    sources: tuple[str, ...]
    issuer: str
    issuer_id: str | None
    issuer_label: str | None
    issuer_types: tuple[str, ...]
    standard: str | None
    work: str | None
    work_label: str | None
    kind: str | None
    edition_year: int | None
    transition_ends: dt.date | None
    replaced_by: str | None


def certificate_facts(row: Row) -> CertificateFacts:
    """A row with the columns of the ``chain-certificate`` query as :class:`CertificateFacts`.

    The one place certificate facts are built: a single verification and a bulk pass both
    come here, so the rules see the same facts whichever way they were read.

    Parameters
    ----------
    row : Mapping[str, Any]
        Every column of ``chain-certificate`` (plain Python values, dates as
        :class:`datetime.date`; sectors ``;``-, sources ``" | "``- and issuer types
        space-separated). A missing column is a reader's bug and raises :class:`KeyError`.

    Returns
    -------
    CertificateFacts

    Examples
    --------
    >>> import datetime as dt
    >>> row = {**NO_ISSUER, **NO_STANDARD, "certificate": "https://example.org/c/1", "id": "C-1",
    ...        "issuer": "https://example.org/b/cb", "issuerTypes": "urn:b urn:a",
    ...        "designation": "ISO 9001:2015", "standard": None, "issued": None,
    ...        "validUntil": dt.date(2028, 2, 28), "status": "valid",
    ...        "organisation": "https://example.org/o/1", "organisationName": None,
    ...        "sectors": "", "sources": "https://a.example | https://b.example"}
    >>> facts = certificate_facts(row)
    >>> facts.issuer_types, facts.sources
    (('urn:a', 'urn:b'), ('https://a.example', 'https://b.example'))
    """
    year = row["editionYear"]
    return CertificateFacts(
        iri=row["certificate"],
        id=row["id"],
        organisation=row["organisation"],
        organisation_name=row["organisationName"],
        designation=row["designation"],
        status=row["status"],
        issued=row["issued"],
        valid_until=row["validUntil"],
        sectors=_sectors(row["sectors"]),
        sources=_items(row["sources"], " | "),
        issuer=row["issuer"],
        issuer_id=row["issuerId"],
        issuer_label=row["issuerLabel"],
        issuer_types=tuple(sorted(_items(row["issuerTypes"], " "))),
        standard=row["standard"],
        work=row["work"],
        work_label=row["workLabel"],
        kind=row["kind"],
        edition_year=int(year) if year else None,
        transition_ends=row["transitionEnds"],
        replaced_by=row["replacedBy"],
    )


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


@dataclass(frozen=True, slots=True)
class MembershipFacts:
    """An accreditation body's membership of a regional group (a ``chain-groups`` row).

    Examples
    --------
    >>> m = MembershipFacts("https://example.org/b/ab", "https://example.org/g/ea", "EA", None,
    ...                     None, "https://example.org/m/1", ())
    >>> m.group_label
    'EA'
    """

    ab: str
    group: str
    group_label: str | None
    group_acronym: str | None
    confidence: str | None
    membership: str
    sources: tuple[str, ...]


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
    covers = tuple(sorted(_pair(item) for item in _items(row["covers"], ";")))
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
        sectors=_sectors(row["sectors"]),
        sources=_items(row["sources"], " | "),
    )


def _signatory(row: Row) -> SignatoryFacts:
    return SignatoryFacts(
        ab=row["ab"],
        ab_country=row["abCountry"],
        ab_confidence=row["abConfidence"],
        record=row["record"],
        state=row["state"],
        complete=row["complete"],
        sub_scopes=tuple(sorted(_items(row["subScopes"], " "))),
        sources=_items(row["sources"], " | "),
        networks=tuple(sorted(_items(row["networks"], " "))),
    )


def _arrangement(row: Row) -> ArrangementFacts:
    return ArrangementFacts(
        iri=row["arrangement"],
        id=row["id"],
        label=row["label"] or row["id"],
        administrator=row["administratorLabel"],
        in_force_from=row["inForceFrom"],
        replaced_by=row["replacedBy"],
        superseded_on=row["supersededOn"],
        carries_over=tuple(sorted(_items(row["carriesOver"], " "))),
        carry_over_sources=_items(row["carryOverSources"], " | "),
        sources=_items(row["sources"], " | "),
    )


def _membership(row: Row) -> MembershipFacts:
    return MembershipFacts(
        ab=row["ab"],
        group=row["group"],
        group_label=row["groupLabel"],
        group_acronym=row["groupAcronym"],
        confidence=row["confidence"],
        membership=row["membership"],
        sources=_items(row["sources"], " | "),
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
