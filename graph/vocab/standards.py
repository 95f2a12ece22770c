"""Reading standard designations the way people write them, and resolving them to our IRIs.

``ISO 9001``, ``ISO 9001:2015``, ``iso 9001:2015``, ``ISO/IEC 27001:2022`` and ``ISO 27001`` all
name something in the catalogue: case, spaces and ``ISO/IEC`` versus ``ISO`` do not matter; no
edition means the standard as a whole (the *work*); a listed edition means that edition.

Examples
--------
>>> parse_designation("iso/iec 27001 : 2022")
Designation(family='iso:27001', year='2022')
>>> parse_designation("EN ISO 9001:2015").family
'iso:9001'
>>> parse_designation("BS OHSAS 18001:2007")
Designation(family='ohsas:18001', year='2007')
>>> parse_designation("quality certified") is None
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

__all__ = ["Designation", "StandardCatalogue", "StandardEntry", "parse_designation"]

_DESIGNATION = re.compile(
    r"""^\s*
    (?P<prefix>(?:BS\s+)?(?:EN\s+)?(?:ISO|IEC|OHSAS)(?:\s*/\s*(?:IEC|IEEE|ISO|TS|PAS))*)
    (?:\s+(?:TS|PAS))?
    \s*(?P<number>\d{3,5}(?:\s*-\s*\d{1,2})*)
    (?:\s*:\s*(?P<year>(?:19|20)\d{2}))?
    (?:\s*[+/(].*)?      # amendments such as "+A1:2024" or "(E)"
    \s*$""",
    re.IGNORECASE | re.VERBOSE,
)


@dataclass(frozen=True)
class Designation:
    """A parsed designation: the family key shared by all spellings, and the edition year."""

    family: str
    year: str | None = None


@functools.lru_cache(maxsize=4096)  # a register names a few standards a million times
def parse_designation(text: str) -> Designation | None:
    """Parse ``text`` into a :class:`Designation`, or ``None`` when it names no standard."""
    match = _DESIGNATION.match(text or "")
    if match is None:
        return None
    prefix = match["prefix"].upper()
    body = "ohsas" if "OHSAS" in prefix else "iso"
    number = re.sub(r"\s+", "", match["number"])
    return Designation(f"{body}:{number}", match["year"])


@dataclass
class StandardEntry:
    """What the catalogue knows of one standard work or edition."""

    iri: str
    designation: str
    kind: str
    work_iri: str
    year: str | None = None


@dataclass
class StandardCatalogue:
    """Every known standard, indexed by family key and (family, year).

    >>> cat = StandardCatalogue()
    >>> _ = cat.add_work("ISO/IEC 27001", "agd:27001", "management-system-requirements")
    >>> _ = cat.add_edition("ISO/IEC 27001:2022", "agd:27001-2022", "agd:27001", "2022")
    >>> cat.resolve("ISO 27001").iri, cat.resolve("iso/iec 27001:2022").iri
    ('agd:27001', 'agd:27001-2022')
    >>> cat.resolve("ISO 27001:2013") is None
    True
    """

    works: dict[str, StandardEntry] = field(default_factory=dict)
    editions: dict[tuple[str, str], StandardEntry] = field(default_factory=dict)

    def add_work(self, designation: str, iri: str, kind: str) -> StandardEntry:
        """Register a work; returns the existing entry if it is already known."""
        parsed = parse_designation(designation)
        if parsed is None:
            raise ValueError(f"not a standard designation: {designation!r}")
        entry = self.works.get(parsed.family)
        if entry is None:
            entry = StandardEntry(iri, designation, kind, iri)
            self.works[parsed.family] = entry
        return entry

    def add_edition(self, designation: str, iri: str, work_iri: str, year: str) -> StandardEntry:
        """Register an edition of a work already added."""
        parsed = parse_designation(designation)
        if parsed is None:
            raise ValueError(f"not a standard designation: {designation!r}")
        work = self.works[parsed.family]
        entry = StandardEntry(iri, designation, work.kind, work_iri, year)
        self.editions[(parsed.family, year)] = entry
        return entry

    def resolve(self, text: str) -> StandardEntry | None:
        """The work or edition ``text`` names, or ``None`` if it is not in the catalogue."""
        parsed = parse_designation(text)
        if parsed is None:
            return None
        if parsed.year is None:
            return self.works.get(parsed.family)
        return self.editions.get((parsed.family, parsed.year))

    def explain_unresolved(self, text: str) -> str:
        """Say in words why ``text`` did not resolve."""
        parsed = parse_designation(text)
        if parsed is None:
            return f"{text!r} is not a standard designation (expected e.g. 'ISO 9001:2015')"
        if parsed.family not in self.works:
            return f"{text!r} is not a standard in the catalogue"
        known = sorted(y for (fam, y) in self.editions if fam == parsed.family)
        work = self.works[parsed.family].designation
        return f"{work} has no edition {parsed.year} in the catalogue (known: {', '.join(known)})"
