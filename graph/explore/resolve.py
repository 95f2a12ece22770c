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
        accreditation_iri(text),
        f"{AGD}arrangement/{quote(text.lower(), safe='-._~')}",
    ]
    match = _SECTOR.match(text)
    if match:
        found.append(sector(int(match.group(1))))
    return list(dict.fromkeys(found))


def resolve_entity(store: Store, text: str) -> str | None:
    """The IRI of the entity ``text`` names, or None.

    ``text`` may be an IRI, a body id (``ukas``), a certificate or accreditation number, an
    arrangement id (``iaf-mla``), an IAF sector (``28``, ``IAF 28``) or a standard designation
    (``ISO 9001``, ``iso/iec 27001:2022``).

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> resolve_entity(store, "ISO/IEC 27001:2022")
    'https://w3id.org/accredigraph/id/standard/iso-iec-27001-2022'
    >>> resolve_entity(store, "S-C-0001")
    'https://w3id.org/accredigraph/id/certificate/S-C-0001'
    >>> resolve_entity(store, "no such thing") is None
    True
    """
    text = text.strip()
    if not text:
        return None
    if re.match(r"^https?://", text):
        return text if is_iri(text) and summarise(store, text).known else None
    for iri in _candidates(text):
        if summarise(store, iri).known:
            return iri
    entry = standards_catalogue(store).resolve(text)
    return entry.iri if entry is not None else None
