"""The shape of the synthetic market that :func:`graph.ingest.generate.generate_register` writes.

What the generator draws from: the date its verdicts refer to (:data:`REFERENCE_DATE`), the
verifier's cases and their rates (:data:`CASES`), the accreditation bodies it uses
(:data:`SIGNATORY_ABS`), the standards with their market weights (:data:`STANDARDS`) and the
designations that must not verify (guidance, conformity-assessment standards, unknown names, a
void edition), countries, IAF sectors and the words fictional names are made of.

It also holds the helpers the ``synthetic_*`` modules share: a fast weighted choice
(``_Picker``), date draws (``_days``, ``_three_years``) and the CSV writer (``_write``). They
keep their leading underscore: they are the generator's own, not accredigraph's API.

Examples
--------
>>> CASES["accredited"][0], round(sum(share for _, share in CASES.values()), 9)
('accredited', 1.0)
>>> _three_years(dt.date(2024, 2, 29))
datetime.date(2027, 2, 28)
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import random
from pathlib import Path

__all__ = [
    "CASES",
    "CB_WORDS",
    "CONFORMITY",
    "COUNTRIES",
    "GUIDANCE",
    "MILL_AB",
    "NOT_CBS",
    "OUTSIDE_MLA",
    "REFERENCE_DATE",
    "SCOPES",
    "SECTOR_WEIGHTS",
    "SIGNATORY_ABS",
    "STANDARDS",
    "SUFFIXES",
    "UNKNOWN",
    "VOID_EDITION",
    "WORDS_A",
    "WORDS_B",
]

#: The date the intended verdicts refer to: verify as of this date to see them.
REFERENCE_DATE = dt.date(2026, 11, 23)

#: case -> (intended verdict, share of certificates). Shares of the red flags are small and
#: stated; ``accredited`` takes the rest.
CASES: dict[str, tuple[str, float]] = {
    "not-in-force:expired-status": ("not-in-force", 0.080),
    "not-in-force:suspended": ("not-in-force", 0.015),
    "not-in-force:withdrawn": ("not-in-force", 0.020),
    "not-in-force:past-validity": ("not-in-force", 0.005),
    "not-in-force:not-yet-valid": ("not-in-force", 0.002),
    "not-in-force:void-edition": ("not-in-force", 0.005),
    "invalid:guidance": ("invalid", 0.003),
    "invalid:conformity-assessment": ("invalid", 0.002),
    "invalid:unknown-standard": ("invalid", 0.002),
    "invalid:issuer-not-cb": ("invalid", 0.002),
    "unaccredited:no-accreditation": ("unaccredited", 0.030),
    "accredited-unrecognised:no-recognised-network": ("accredited-unrecognised", 0.020),
    "accredited-unrecognised:other-scopes-only": ("accredited-unrecognised", 0.010),
    "unaccredited:standard-not-in-scope": ("unaccredited", 0.010),
    "unaccredited:sector-not-in-scope": ("unaccredited", 0.010),
    "unaccredited:issued-before-accreditation": ("unaccredited", 0.005),
    "unaccredited:accreditation-suspended": ("unaccredited", 0.003),
    "unaccredited:accreditation-withdrawn": ("unaccredited", 0.003),
    "unaccredited:accreditation-expired": ("unaccredited", 0.003),
}
CASES["accredited"] = ("accredited", 1.0 - sum(share for _, share in CASES.values()))

#: Bundled ABs that are IAF MLA signatories, and management-system standards their signature
#: is sourced to cover (each listed in their ``iaf_mla_scopes`` in data/accreditation_bodies.csv),
#: with a weight for how many certification bodies each accredits here.
SIGNATORY_ABS: dict[str, tuple[tuple[str, ...], str, float]] = {
    "ukas": (("9001", "14001", "22000", "27001", "13485", "50001", "45001"), "GB", 3.0),
    "anab": (("9001", "14001", "22000", "27001", "13485", "50001"), "US", 3.0),
    "sanas": (("9001", "14001", "22000", "45001", "50001"), "ZA", 1.5),
    "snas": (("9001", "14001", "22000", "27001", "13485", "50001"), "SK", 1.0),
}
#: Standards certified under an IAF MLA sub-scope: key -> (designation on certificates, weight).
STANDARDS: dict[str, tuple[str, float]] = {
    "9001": ("ISO 9001:2015", 60.0),
    "14001": ("ISO 14001:2015", 16.0),
    "45001": ("ISO 45001:2018", 10.0),
    "27001": ("ISO/IEC 27001:2022", 6.0),
    "22000": ("ISO 22000:2018", 3.0),
    "13485": ("ISO 13485:2016", 2.5),
    "50001": ("ISO 50001:2018", 2.5),
}
#: Certifiable standards outside every signatory's IAF MLA sub-scopes: never accredited here.
OUTSIDE_MLA = (
    "ISO 22301:2019",
    "ISO 37001:2025",
    "ISO/IEC 20000-1:2018",
    "ISO 39001:2012",
    "ISO 21001:2018",
    "ISO 41001:2018",
    "ISO 28000:2022",
)
GUIDANCE = (
    "ISO 9004:2018",
    "ISO 19011:2018",
    "ISO 31000:2018",
    "ISO 26000:2010",
    "ISO/IEC 27002:2022",
)
CONFORMITY = ("ISO/IEC 17025:2017", "ISO/IEC 17020:2012", "ISO 15189:2022", "ISO/IEC 17021-1:2015")
#: Designations that look like standards but name none (checked by a test).
UNKNOWN = ("ISO 9010:2015", "ISO 14010:2016", "ISO 48001:2019", "ISO 9001-QMS")
VOID_EDITION = "ISO/IEC 27001:2013"  # transition ended 2025-10-31
#: "Certified by ISO" and "certified by an AB": issuers that are not certification bodies.
NOT_CBS = ("iso", "iso", "iso", "ukas")
MILL_AB = "G-AB-001"

#: Where certified organisations are (weights roughly follow the ISO Survey's shape).
COUNTRIES = {
    "CN": 30,
    "IT": 8,
    "DE": 6,
    "JP": 5,
    "IN": 5,
    "ES": 4,
    "GB": 4,
    "FR": 3,
    "US": 3,
    "BR": 2,
    "KR": 2,
    "TR": 2,
    "PL": 2,
    "NL": 1.5,
    "ZA": 1.5,
    "MX": 1,
    "CZ": 1,
    "RO": 1,
    "AU": 1,
    "TW": 1,
    "MY": 1,
    "TH": 1,
    "ID": 1,
    "VN": 1,
    "SK": 0.8,
    "HU": 0.8,
    "PT": 0.8,
    "CH": 0.8,
    "SE": 0.7,
    "AT": 0.7,
    "BE": 0.7,
    "GR": 0.6,
    "IE": 0.5,
    "AE": 0.5,
    "SA": 0.5,
    "EG": 0.5,
    "CO": 0.5,
    "AR": 0.5,
    "CL": 0.4,
    "PE": 0.4,
    "PH": 0.4,
    "PK": 0.4,
    "NG": 0.3,
    "KE": 0.3,
    "IL": 0.3,
    "NZ": 0.3,
    "CA": 0.5,
    "DK": 0.4,
    "FI": 0.4,
    "NO": 0.3,
}
#: IAF sectors, weighted (17 basic metals, 19 electrical, 28 construction, 29 wholesale,
#: 33 IT, 35 other services lead).
SECTOR_WEIGHTS = {n: 1.0 for n in range(1, 40)} | {
    17: 8,
    18: 6,
    19: 6,
    28: 9,
    29: 8,
    33: 5,
    35: 8,
    12: 3,
    14: 3,
    3: 3,
    22: 2,
    31: 3,
    34: 3,
    37: 2,
    38: 2,
    39: 3,
    36: 2,
    4: 2,
    16: 2,
}
SCOPES = {
    3: "Manufacture of packaged food products",
    4: "Manufacture of textiles and garments",
    12: "Manufacture of industrial chemicals",
    14: "Moulding of plastic and rubber parts",
    16: "Production of concrete and cement products",
    17: "Machining of metal components",
    18: "Design and assembly of industrial machinery",
    19: "Manufacture of electrical equipment",
    22: "Manufacture of transport equipment parts",
    28: "Construction and civil engineering",
    29: "Wholesale and distribution of goods",
    31: "Logistics, warehousing and transport",
    33: "Software development and IT services",
    34: "Engineering consultancy services",
    35: "Facility cleaning and business services",
    36: "Public administration services",
    37: "Education and training services",
    38: "Health care services",
    39: "Community and social services",
}
WORDS_A = (
    "Amber",
    "Birch",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Harbour",
    "Iris",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orchard",
    "Pinnacle",
    "Quarry",
    "Riverside",
    "Summit",
    "Tidewater",
    "Upland",
    "Vertex",
    "Willow",
    "Zephyr",
)
WORDS_B = (
    "Engineering",
    "Foods",
    "Logistics",
    "Systems",
    "Plastics",
    "Metals",
    "Textiles",
    "Software",
    "Construction",
    "Chemicals",
    "Components",
    "Services",
    "Electrics",
    "Packaging",
    "Instruments",
    "Solutions",
)
SUFFIXES = ("Ltd", "GmbH", "S.r.l.", "S.A.", "Co., Ltd", "Inc.", "s.r.o.", "Pty Ltd", "B.V.")
CB_WORDS = (
    "Assurance",
    "Certification",
    "Registrar",
    "Quality Services",
    "Audit",
    "Conformity",
    "Standards Services",
)


class _Picker:
    """Weighted choice by bisecting cumulative weights (fast for millions of draws)."""

    def __init__(self, items, weights) -> None:
        self.items = list(items)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _days(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A date uniformly in [start, end]."""
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _three_years(issued: dt.date) -> dt.date:
    try:
        return issued.replace(year=issued.year + 3) - dt.timedelta(days=1)
    except ValueError:  # 29 February
        return issued.replace(year=issued.year + 3, day=28)


def _write(path: Path, columns, rows) -> None:
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
