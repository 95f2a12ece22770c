"""What a user typed, as the IRI of an entity: an IRI, a body id, a certificate or
accreditation number, an arrangement id, an IAF sector or a standard designation.

>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> resolve_entity(store, "ukas")
'https://w3id.org/accredigraph/id/body/ukas'
"""

from __future__ import annotations

import re
from urllib.parse import quote

from graph.explore.entity import summarise
from graph.query import run_named
from graph.store import Store
from graph.vocab.mint import accreditation_iri, body_iri, certificate_iri, is_iri
from graph.vocab.namespaces import AGD, sector
from graph.vocab.standards import StandardCatalogue

__all__ = ["resolve_entity", "standards_catalogue"]

_SECTOR = re.compile(r"^(?:IAF\s*)?(\d{1,2})$", re.IGNORECASE)


def standards_catalogue(store: Store) -> StandardCatalogue:
    """Every standard in ``store``, by the designations people write (works and editions)."""
    catalogue = StandardCatalogue()
    rows = run_named(store, "internal-standards", row_cap=None).records()
    for row in rows:
        if row["standard"] == row["work"]:
            catalogue.add_work(row["designation"], row["standard"], str(row.get("kind") or ""))
    for row in rows:
        if row["standard"] != row["work"] and row.get("year"):
            try:
                catalogue.add_edition(
                    row["designation"], row["standard"], row["work"], str(row["year"])
                )
            except (KeyError, ValueError):
                continue
    return catalogue


def _candidates(text: str) -> list[str]:
    found = [
        body_iri(text),
        body_iri(text.lower()),
        certificate_iri(text),
        certificate_iri(text.upper()),
        accreditation_iri(text),
        accreditation_iri(text.upper()),
        f"{AGD}arrangement/{quote(text.lower(), safe='-._~')}",
    ]
    match = _SECTOR.match(text)
    if match:
        found.append(sector(int(match.group(1))))
    return list(dict.fromkeys(found))


def _iri_any_case(store: Store, text: str) -> str | None:
    """``text`` if the graph knows it, else the same IRI with its id in another case
    (``…/body/UKAS``, ``…/certificate/s-c-0001``), else None."""
    if not is_iri(text):
        return None
    head, _, tail = text.rpartition("/")
    scheme, sep, rest = head.partition("://")
    head = scheme.lower() + sep + rest
    for iri in dict.fromkeys((text, f"{head}/{tail}", f"{head}/{tail.lower()}",
                              f"{head}/{tail.upper()}")):  # fmt: skip
        if is_iri(iri) and summarise(store, iri).known:
            return iri
    return None


def resolve_entity(store: Store, text: str) -> str | None:
    """The IRI of the entity ``text`` names, or None.

    ``text`` may be an IRI, a body id (``ukas``), a certificate or accreditation number, an
    arrangement id (``iaf-mla``), an IAF sector (``28``, ``IAF 28``) or a standard designation
    (``ISO 9001``, ``iso/iec 27001:2022``); ids in any case (``UKAS``, ``s-c-0001``, an IRI
    ending ``/body/UKAS``).

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> resolve_entity(store, "ISO/IEC 27001:2022")
    'https://w3id.org/accredigraph/id/standard/iso-iec-27001-2022'
    >>> resolve_entity(store, "s-c-0001")
    'https://w3id.org/accredigraph/id/certificate/S-C-0001'
    >>> resolve_entity(store, "https://w3id.org/accredigraph/id/body/UKAS")
    'https://w3id.org/accredigraph/id/body/ukas'
    >>> resolve_entity(store, "no such thing") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    if re.match(r"^https?://", text, re.IGNORECASE):
        return _iri_any_case(store, text)
    for iri in _candidates(text):
        if summarise(store, iri).known:
            return iri
    entry = standards_catalogue(store).resolve(text)
    return entry.iri if entry is not None else None
