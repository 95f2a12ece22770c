"""The synthetic certificates: one row per certificate, each written for one verifier case.

``_certificate_rows`` draws a case at its stated rate
(:data:`~graph.ingest.synthetic_market.CASES`), a certification body that can show it
(``_pools``: bodies weighted by size, Zipf-like), a standard weighted by the market, sectors,
dates and an organisation, and bends the row so that the verifier gives the case's verdict as
of :data:`~graph.ingest.synthetic_market.REFERENCE_DATE`. Rows are yielded one by one, so a
register of millions streams to disk.

These are the generator's own helpers; :func:`graph.ingest.generate.generate_register` is the
way to use them.

Examples
--------
>>> from graph.ingest.synthetic_bodies import _certification_bodies
>>> rng = random.Random(0)
>>> cbs = _certification_bodies(rng, 20)
>>> cases = Counter()
>>> rows = list(_certificate_rows(rng, cbs, 50, cases))
>>> len(rows), sum(cases.values()), len(rows[0]) == len(CERTIFICATE_COLUMNS)
(50, 50, True)
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from graph.ingest.synthetic_bodies import _Cb
from graph.ingest.synthetic_market import (
    CASES,
    CONFORMITY,
    COUNTRIES,
    GUIDANCE,
    MILL_AB,
    NOT_CBS,
    OUTSIDE_MLA,
    REFERENCE_DATE,
    SCOPES,
    SECTOR_WEIGHTS,
    STANDARDS,
    SUFFIXES,
    UNKNOWN,
    VOID_EDITION,
    WORDS_A,
    WORDS_B,
    _days,
    _Picker,
    _three_years,
)

__all__ = ["CERTIFICATE_COLUMNS", "SPECIAL_POOLS"]

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


#: Cases that need a certification body of a particular shape (the rest draw from all bodies
#: or from the accredited ones).
SPECIAL_POOLS = (
    "unaccredited:no-accreditation",
    "accredited-unrecognised:no-recognised-network",
    "accredited-unrecognised:other-scopes-only",
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
        "accredited-unrecognised:no-recognised-network": pick(lambda cb: cb.ab == MILL_AB),
        "accredited-unrecognised:other-scopes-only": pick(lambda cb: cb.outside_mla),
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
        elif case == "accredited-unrecognised:other-scopes-only":
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
