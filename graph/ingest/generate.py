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

The parts live in modules named for them: :mod:`graph.ingest.synthetic_market` (the reference
date, the cases and their rates, standards, countries, sectors, names),
:mod:`graph.ingest.synthetic_bodies` (certification bodies and their accreditations) and
:mod:`graph.ingest.synthetic_certificates` (one certificate row per case).

Examples
--------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     report = generate_register(Path(tmp), 200, seed=1)
>>> report.certificates, sum(report.verdicts.values())
(200, 200)
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from graph.ingest.synthetic_bodies import _certification_bodies, _write_bodies
from graph.ingest.synthetic_certificates import CERTIFICATE_COLUMNS, _certificate_rows
from graph.ingest.synthetic_market import CASES, REFERENCE_DATE, _write

__all__ = [
    "CASES",
    "REFERENCE_DATE",
    "GenerationReport",
    "generate_register",
]


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
    #: verdict (``accredited``, ``accredited-unrecognised``, ``unaccredited``, ``not-in-force``,
    #: ``invalid``) -> count.
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
