"""Synthetic registers at world scale (``accredigraph generate``).

:func:`generate_register` writes a fictional register in the interchange CSV format
(``docs/interchange.md``): certification bodies, their accreditations by the bundled accreditation
bodies that are IAF MLA signatories with a complete scope, one fictional accreditation mill, and
``N`` certificates. Its shape imitates the real market — ISO 9001 far ahead, then ISO 14001,
ISO 45001, ISO/IEC 27001; a few countries and certification bodies holding most certificates;
three-year certificates issued over the last years — and every certificate is written for one
*case* of the verifier (``docs/verifier.md``) at a small, stated rate (:data:`CASES`).

Every name is fictional and ends in ``(synthetic)``; every id starts with ``G-``. The same seed
gives byte-identical files. Rows stream to disk, so memory stays flat in ``N``; the intended
verdict of every certificate, as of :data:`REFERENCE_DATE`, is counted in the returned
:class:`GenerationReport`.

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     report = generate_register(Path(tmp), 200, seed=1)
>>> report.certificates, sum(report.verdicts.values())
(200, 200)
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import itertools
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CASES",
    "REFERENCE_DATE",
    "GenerationReport",
    "generate_register",
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
    "unaccredited:ab-not-signatory": ("unaccredited", 0.020),
    "unaccredited:ab-not-signatory-for-standard": ("unaccredited", 0.010),
    "unaccredited:standard-not-in-scope": ("unaccredited", 0.010),
    "unaccredited:sector-not-in-scope": ("unaccredited", 0.010),
    "unaccredited:issued-before-accreditation": ("unaccredited", 0.005),
    "unaccredited:accreditation-suspended": ("unaccredited", 0.003),
    "unaccredited:accreditation-withdrawn": ("unaccredited", 0.003),
    "unaccredited:accreditation-expired": ("unaccredited", 0.003),
}
CASES["accredited"] = ("accredited", 1.0 - sum(share for _, share in CASES.values()))

#: The bundled ABs that are IAF MLA signatories with a complete scope, and the management-system
#: standards their signature covers (data/accreditation_bodies.csv), with a weight for how many
#: certification bodies each accredits here.
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

CERTIFICATE_COLUMNS = (
    "id",
    "organisation",
    "country",
    "certification_body",
    "standard",
    "sectors",
    "issued",
    "valid_until",
    "status",
    "scope",
    "sites",
    "case",
)


@dataclass
class GenerationReport:
    """What :func:`generate_register` wrote, and the verdict each certificate is meant to get."""

    out: Path
    seed: int
    certificates: int
    certification_bodies: int
    accreditations: int
    reference_date: dt.date = REFERENCE_DATE
    #: case -> number of certificates written for it.
    cases: dict[str, int] = field(default_factory=dict)
    #: verdict (``accredited``, ``unaccredited``, ``not-in-force``, ``invalid``) -> count.
    verdicts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def __str__(self) -> str:
        mix = ", ".join(f"{v} {n:,}" for v, n in sorted(self.verdicts.items()))
        return (
            f"wrote {self.certificates:,} certificates, {self.certification_bodies:,} "
            f"certification bodies and {self.accreditations:,} accreditations to {self.out} in "
            f"{self.seconds:.1f} s (seed {self.seed}); intended verdicts as of "
            f"{self.reference_date}: {mix}"
        )


@dataclass
class _Cb:
    """A synthetic certification body and the shape of its accreditation."""

    id: str
    name: str
    country: str
    ab: str | None  # None: not accredited
    standards: tuple[str, ...] = ()  # keys of STANDARDS inside the AB's MLA scope
    sectors: tuple[int, ...] = ()  # empty: all sectors
    valid_from: dt.date = REFERENCE_DATE
    valid_until: dt.date = REFERENCE_DATE
    outside_mla: str | None = None  # a covered standard the AB's signature does not cover
    lapsed: tuple[str, str, dt.date, dt.date] | None = None  # status, standard key, from, until


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


def _certification_bodies(rng: random.Random, count: int) -> list[_Cb]:
    ref = REFERENCE_DATE
    abs_ = _Picker(SIGNATORY_ABS, [w for *_, w in SIGNATORY_ABS.values()])
    sectors = _Picker(SECTOR_WEIGHTS, SECTOR_WEIGHTS.values())
    countries = _Picker(COUNTRIES, COUNTRIES.values())
    n_unaccredited = max(1, count * 8 // 100)
    n_mill = max(1, count * 4 // 100)
    cbs: list[_Cb] = []
    lapsed = 0  # bodies holding a lapsed accreditation so far: the first three take each status
    for i in range(count):
        name = (
            f"{WORDS_A[i % len(WORDS_A)]} {WORDS_B[(i // len(WORDS_A)) % len(WORDS_B)]} "
            f"{CB_WORDS[i % len(CB_WORDS)]} {i + 1} (synthetic)"
        )
        identifier = f"G-CB-{i + 1:05d}"
        if i < n_unaccredited:
            cbs.append(_Cb(identifier, name, countries(rng), None))
            continue
        ab = MILL_AB if i < n_unaccredited + n_mill else abs_(rng)
        scope, home, _ = SIGNATORY_ABS.get(ab, (tuple(STANDARDS), "", 0))
        country = home if home and rng.random() < 0.6 else countries(rng)
        standards = ["9001", *(k for k in scope if k != "9001" and rng.random() < 0.45)]
        recent = rng.random() < 0.2
        start = (
            _days(rng, ref - dt.timedelta(days=700), ref - dt.timedelta(days=200))
            if recent
            else _days(rng, ref - dt.timedelta(days=12 * 365), ref - dt.timedelta(days=4 * 365))
        )
        until = _days(rng, ref + dt.timedelta(days=365), ref + dt.timedelta(days=4 * 365))
        limited: tuple[int, ...] = ()
        if rng.random() < 0.3:
            limited = tuple(sorted({sectors(rng) for _ in range(rng.randint(6, 12))}))
        cb = _Cb(identifier, name, country, ab, tuple(standards), limited, start, until)
        if ab != MILL_AB:
            missing = [k for k in STANDARDS if k not in scope]
            if missing and rng.random() < 0.25:
                cb.outside_mla = rng.choice(missing)
            spare = [k for k in scope if k not in standards]
            if spare and (lapsed < 3 or rng.random() < 0.2):
                status = ("suspended", "withdrawn", "expired")[lapsed % 3]
                lapsed += 1
                if status == "expired":
                    l_from = ref - dt.timedelta(days=6 * 365)
                    l_until = _days(rng, ref - dt.timedelta(days=400), ref - dt.timedelta(days=100))
                else:
                    l_from = ref - dt.timedelta(days=5 * 365)
                    l_until = ref + dt.timedelta(days=2 * 365)
                cb.lapsed = (status, rng.choice(spare), l_from, l_until)
        cbs.append(cb)
    return cbs


#: Cases that need a certification body of a particular shape (the rest draw from all bodies
#: or from the accredited ones).
SPECIAL_POOLS = (
    "unaccredited:no-accreditation",
    "unaccredited:ab-not-signatory",
    "unaccredited:ab-not-signatory-for-standard",
    "unaccredited:sector-not-in-scope",
    "unaccredited:issued-before-accreditation",
    "unaccredited:accreditation-suspended",
    "unaccredited:accreditation-withdrawn",
    "unaccredited:accreditation-expired",
)


def _pools(cbs: list[_Cb]) -> dict[str, _Picker]:
    """For each case, the certification bodies that can show it, weighted by size (Zipf)."""
    order = list(range(len(cbs)))
    random.Random(len(cbs)).shuffle(order)
    rank = {index: r + 1 for r, index in enumerate(order)}
    weight = [1.0 / rank[i] for i in range(len(cbs))]

    def pick(test) -> _Picker | None:
        chosen = [i for i, cb in enumerate(cbs) if test(cb)]
        return _Picker(chosen, [weight[i] for i in chosen]) if chosen else None

    signatory = lambda cb: cb.ab is not None and cb.ab != MILL_AB  # noqa: E731
    recent = REFERENCE_DATE - dt.timedelta(days=700)
    pools = {
        "any": pick(lambda cb: True),
        "accredited": pick(signatory),
        "unaccredited:no-accreditation": pick(lambda cb: cb.ab is None),
        "unaccredited:ab-not-signatory": pick(lambda cb: cb.ab == MILL_AB),
        "unaccredited:ab-not-signatory-for-standard": pick(lambda cb: cb.outside_mla),
        "unaccredited:sector-not-in-scope": pick(lambda cb: signatory(cb) and cb.sectors),
        "unaccredited:issued-before-accreditation": pick(
            lambda cb: signatory(cb) and cb.valid_from >= recent
        ),
    }
    for status in ("suspended", "withdrawn", "expired"):
        pools[f"unaccredited:accreditation-{status}"] = pick(
            lambda cb, s=status: cb.lapsed is not None and cb.lapsed[0] == s
        )
    return {k: v for k, v in pools.items() if v is not None}


def _write(path: Path, columns, rows) -> None:
    with path.open("w", encoding="utf-8", newline="", buffering=1 << 20) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)


def _write_bodies(out: Path, cbs: list[_Cb]) -> int:
    _write(
        out / "accreditation_bodies.csv",
        ("id", "name", "country", "iaf_mla_scopes", "website", "iaf_mla_signatory", "case"),
        [
            (
                MILL_AB,
                "Global Accreditation Council for Certification (synthetic)",
                "US",
                "",
                "https://gacc-accreditation.example",
                "no",
                "accreditation-mill",
            )
        ],
    )
    _write(
        out / "certification_bodies.csv",
        ("id", "name", "country", "website"),
        [(cb.id, cb.name, cb.country, f"https://{cb.id.lower()}.example") for cb in cbs],
    )
    rows = []
    for cb in cbs:
        if cb.ab is None:
            continue
        covered = [STANDARDS[k][0].split(":")[0] for k in cb.standards]
        if cb.outside_mla:
            covered.append(STANDARDS[cb.outside_mla][0].split(":")[0])
        rows.append(
            (
                f"{cb.id.replace('-CB-', '-A-')}-1",
                cb.ab,
                cb.id,
                ";".join(covered),
                ";".join(map(str, cb.sectors)),
                cb.valid_from.isoformat(),
                cb.valid_until.isoformat(),
                "active",
            )
        )
        if cb.lapsed:
            status, key, start, until = cb.lapsed
            rows.append(
                (
                    f"{cb.id.replace('-CB-', '-A-')}-2",
                    cb.ab,
                    cb.id,
                    STANDARDS[key][0].split(":")[0],
                    "",
                    start.isoformat(),
                    until.isoformat(),
                    status,
                )
            )
    _write(
        out / "accreditations.csv",
        (
            "id",
            "accreditation_body",
            "certification_body",
            "standards",
            "sectors",
            "valid_from",
            "valid_until",
            "status",
        ),
        rows,
    )
    return len(rows)


def _certificate_rows(rng: random.Random, cbs: list[_Cb], count: int, cases: Counter):
    """Yield certificate rows, counting each row's case into ``cases``."""
    ref = REFERENCE_DATE
    day = dt.timedelta(days=1)
    case_pick = _Picker(CASES, [share for _, share in CASES.values()])
    pools = _pools(cbs)
    countries = _Picker(COUNTRIES, COUNTRIES.values())
    sector_pick = _Picker(SECTOR_WEIGHTS, SECTOR_WEIGHTS.values())
    in_force_from = ref - dt.timedelta(days=3 * 365 - 2)  # issued after this: still valid on ref
    org_name, org_country, org_number = "", "", 0
    for n in range(1, count + 1):
        case = case_pick(rng)
        pool = pools.get(case)
        if pool is None:
            if case in SPECIAL_POOLS:  # no body of that shape (tiny registers): accredited
                case = "accredited"
            pool = pools["accredited" if case.startswith(("acc", "unacc")) else "any"]
        cb = cbs[pool(rng)]
        issuer = cb.id
        # the standard: one the body is accredited for, weighted by the market
        keys = cb.standards or tuple(STANDARDS)
        key = keys[0] if len(keys) == 1 else _weighted_key(rng, keys)
        standard = STANDARDS[key][0]
        sectors = [rng.choice(cb.sectors) if cb.sectors else sector_pick(rng)]
        if rng.random() < 0.15:
            extra = rng.choice(cb.sectors) if cb.sectors else sector_pick(rng)
            if extra not in sectors:
                sectors.append(extra)
        start = max(cb.valid_from, in_force_from) if cb.ab else in_force_from
        issued = _days(rng, start, ref - day)
        status = "valid"
        if case == "not-in-force:expired-status":
            issued = _days(rng, ref - dt.timedelta(days=7 * 365), in_force_from - 5 * day)
            status = "expired"
        elif case in ("not-in-force:suspended", "not-in-force:withdrawn"):
            status = case.rsplit(":", 1)[1]
        elif case == "not-in-force:past-validity":
            issued = _days(rng, ref - dt.timedelta(days=4 * 365), in_force_from - 5 * day)
        elif case == "not-in-force:not-yet-valid":
            issued = _days(rng, ref + day, ref + dt.timedelta(days=60))
        elif case == "not-in-force:void-edition":
            standard = VOID_EDITION
            issued = _days(rng, dt.date(2024, 1, 1), dt.date(2024, 10, 31))
        elif case == "invalid:guidance":
            standard = rng.choice(GUIDANCE)
        elif case == "invalid:conformity-assessment":
            standard = rng.choice(CONFORMITY)
        elif case == "invalid:unknown-standard":
            standard = rng.choice(UNKNOWN)
        elif case == "invalid:issuer-not-cb":
            issuer = rng.choice(NOT_CBS)
        elif case == "unaccredited:ab-not-signatory-for-standard":
            standard = STANDARDS[cb.outside_mla][0]  # type: ignore[index]
        elif case == "unaccredited:standard-not-in-scope":
            standard = rng.choice(OUTSIDE_MLA)
        elif case == "unaccredited:sector-not-in-scope":
            outside = [s for s in range(1, 40) if s not in cb.sectors]
            sectors = [rng.choice(outside)]
        elif case == "unaccredited:issued-before-accreditation":
            issued = _days(rng, in_force_from, cb.valid_from - day)
        elif case.startswith("unaccredited:accreditation-"):
            _, lapsed_key, l_from, l_until = cb.lapsed  # type: ignore[misc]
            standard = STANDARDS[lapsed_key][0]
            issued = _days(rng, max(l_from, in_force_from), min(l_until, ref - day))
        until = _three_years(issued)
        cases[case] += 1
        if org_number and rng.random() < 0.3:
            country = org_country  # the same organisation holds another certificate
        else:
            org_number += 1
            country = cb.country if rng.random() < 0.5 else countries(rng)
            org_name = (
                f"{WORDS_A[rng.randrange(len(WORDS_A))]} "
                f"{WORDS_B[rng.randrange(len(WORDS_B))]} "
                f"{SUFFIXES[rng.randrange(len(SUFFIXES))]} {org_number} (synthetic)"
            )
            org_country = country
        sites = f"Main works of {org_name}" if n % 10 == 0 else ""
        yield (
            f"G-C-{n:07d}",
            org_name,
            org_country,
            issuer,
            standard,
            ";".join(map(str, sectors)),
            issued.isoformat(),
            until.isoformat(),
            status,
            SCOPES.get(sectors[0], "Provision of products and services"),
            sites,
            case,
        )


_KEY_WEIGHTS = {k: w for k, (_, w) in STANDARDS.items()}


def _weighted_key(rng: random.Random, keys: tuple[str, ...]) -> str:
    total = sum(_KEY_WEIGHTS[k] for k in keys)
    x = rng.random() * total
    for k in keys:
        x -= _KEY_WEIGHTS[k]
        if x < 0:
            return k
    return keys[-1]


def generate_register(out: Path, certificates: int, *, seed: int = 0) -> GenerationReport:
    """Write a synthetic register of ``certificates`` certificates into the folder ``out``.

    Certification bodies scale with the register (``max(20, certificates // 500)``). Returns
    the counts per intended case and verdict as of :data:`REFERENCE_DATE`.
    """
    started = time.perf_counter()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    cbs = _certification_bodies(rng, max(20, certificates // 500))
    accreditations = _write_bodies(out, cbs)
    cases: Counter[str] = Counter()
    _write(
        out / "certificates.csv",
        CERTIFICATE_COLUMNS,
        _certificate_rows(rng, cbs, certificates, cases),
    )
    verdicts: Counter[str] = Counter()
    for case, n in cases.items():
        verdicts[CASES[case][0]] += n
    return GenerationReport(
        out,
        seed,
        certificates,
        len(cbs),
        accreditations,
        cases=dict(sorted(cases.items())),
        verdicts=dict(sorted(verdicts.items())),
        seconds=time.perf_counter() - started,
    )
