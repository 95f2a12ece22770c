"""The synthetic certification bodies and their accreditations.

``_certification_bodies`` draws the bodies of a synthetic register: a few unaccredited, a few
accredited by the fictional accreditation mill (:data:`~graph.ingest.synthetic_market.MILL_AB`),
the rest by the bundled IAF MLA signatories, some with a sector-limited scope, a standard
outside their accreditation body's signature or a lapsed (suspended, withdrawn, expired)
accreditation, so that every case of the verifier has a body that can show it.
``_write_bodies`` writes them, with the mill, as interchange CSV.

These are the generator's own helpers; :func:`graph.ingest.generate.generate_register` is the
way to use them.

Examples
--------
>>> cbs = _certification_bodies(random.Random(0), 20)
>>> len(cbs), sum(cb.ab is None for cb in cbs), cbs[0].name.endswith("(synthetic)")
(20, 1, True)
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from graph.ingest.synthetic_market import (
    CB_WORDS,
    COUNTRIES,
    MILL_AB,
    REFERENCE_DATE,
    SECTOR_WEIGHTS,
    SIGNATORY_ABS,
    STANDARDS,
    WORDS_A,
    WORDS_B,
    _days,
    _Picker,
    _write,
)

__all__: list[str] = []  # the generator's own: see graph.ingest.generate


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
