"""The verifier's input, typed: one certificate's facts and the facts certificates share.

Whichever reader found them — the flat lookups of a single verification
(:mod:`graph.verify.cache`), a bulk pass's unbound or batched queries (:mod:`graph.verify.chain`),
Oxigraph or a remote endpoint — a certificate's facts become a :class:`CertificateFacts` in one
place, :func:`certificate_facts`, from a row with the columns of the ``chain-certificate``
query; the accreditations, signatory records and regional groups become a ``SharedFacts`` in
:func:`graph.verify.bodies.shared_facts`, from rows of ``chain-accreditations``,
``chain-signatory``, ``chain-groups`` and ``chain-arrangements``. The rules
(:mod:`graph.verify.rules`) read these frozen objects and nothing else.

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
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["NO_ISSUER", "NO_STANDARD", "CertificateFacts", "Row", "certificate_facts"]

Row = Mapping[str, Any]

#: The issuer's columns of a ``chain-certificate`` row when nothing is known of the issuer.
NO_ISSUER: dict[str, Any] = {"issuerId": None, "issuerLabel": None, "issuerTypes": "",
                             "issuerUserSupplied": None}  # fmt: skip
#: The standard's columns of a ``chain-certificate`` row when it names no known standard.
NO_STANDARD: dict[str, Any] = dict.fromkeys(
    (
        "work",
        "workLabel",
        "kind",
        "editionYear",
        "transitionEnds",
        "replacedBy",
        "replacedByPublished",
        "replacedByYear",
    )
)


def items_of(text: str | None, sep: str) -> tuple[str, ...]:
    """The non-empty items of a ``GROUP_CONCAT`` (``""`` or ``None`` for none)."""
    return tuple(filter(None, text.split(sep))) if text else ()


def sources_of(text: str | None) -> tuple[str, ...]:
    """Source URLs from a ``" | "``-separated ``GROUP_CONCAT``, once each, sorted: the order
    a ``GROUP_CONCAT`` gives depends on the engine's plan, and evidence must not."""
    return tuple(sorted(set(items_of(text, " | "))))


def sectors_of(text: str | None) -> tuple[str, ...]:
    """IAF sector codes from a ``;``-separated list, once each, in numeric order."""
    return tuple(sorted(set(items_of(text, ";")), key=int))


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
    #: The certificate, or its issuer, came from a visitor's upload (``ag:userSupplied``).
    user_supplied: bool = False
    issuer_user_supplied: bool = False
    #: When the edition that replaced this one was published: the day where a source gives
    #: it, else its edition year (the verifier names a replacement only once published).
    replaced_by_published: dt.date | None = None
    replaced_by_year: int | None = None

    def replacement_published(self, as_of: dt.date) -> bool | None:
        """Whether the edition that replaced this one (``replaced_by``) had been published by
        ``as_of``: by its publication day where known, else by its year; ``None`` in that very
        year when the day is unknown. ``False`` when nothing replaced it or nothing is known.

        >>> import datetime as dt
        >>> from dataclasses import replace
        >>> old = replace(_EXAMPLE, replaced_by="ISO 9001:1994", replaced_by_year=1994)
        >>> [old.replacement_published(dt.date(y, 6, 1)) for y in (1993, 1994, 1995)]
        [False, None, True]
        >>> replace(old, replaced_by_published=dt.date(1994, 7, 1)).replacement_published(
        ...     dt.date(1994, 6, 1))
        False
        """
        day, year = self.replaced_by_published, self.replaced_by_year
        if not self.replaced_by or (day is None and year is None):
            return False
        if day is not None:
            return day <= as_of
        return None if year == as_of.year else bool(year and year < as_of.year)


#: A certificate's facts for examples: ISO 9001:1987 from a CB, valid to 1996.
_EXAMPLE = CertificateFacts(
    iri="https://example.org/c/1", id="C-1", organisation="https://example.org/o/1",
    organisation_name=None, designation="ISO 9001:1987", status="valid", issued=None,
    valid_until=dt.date(1996, 2, 27), sectors=(), sources=(),
    issuer="https://example.org/b/cb", issuer_id="cb", issuer_label=None, issuer_types=(),
    standard="https://example.org/s/9001-1987", work="https://example.org/s/9001",
    work_label="ISO 9001", kind="management-system-requirements", edition_year=1987,
    transition_ends=None, replaced_by=None,
)  # fmt: skip


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
        sectors=sectors_of(row["sectors"]),
        sources=sources_of(row["sources"]),
        issuer=row["issuer"],
        issuer_id=row["issuerId"],
        issuer_label=row["issuerLabel"],
        issuer_types=tuple(sorted(items_of(row["issuerTypes"], " "))),
        standard=row["standard"],
        work=row["work"],
        work_label=row["workLabel"],
        kind=row["kind"],
        edition_year=int(year) if year else None,
        transition_ends=row["transitionEnds"],
        replaced_by=row["replacedBy"],
        # readers of stores without uploads may leave the marks out: absent = not user-supplied
        user_supplied=bool(row.get("userSupplied")),
        issuer_user_supplied=bool(row.get("issuerUserSupplied")),
        replaced_by_published=row["replacedByPublished"],
        replaced_by_year=int(row["replacedByYear"]) if row["replacedByYear"] else None,
    )
