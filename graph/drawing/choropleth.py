"""A world map of numbers per country, drawn as one SVG from bundled outlines (no tiles, no
network): for query results with a country column.

The outlines are Natural Earth 1:110m countries (``world/countries-110m.json``, see
``world/LICENSE.md``). A result's country cells may be ISO 3166-1 alpha-2 or alpha-3 codes,
country names, or IRIs of a country list ending in a code (``…/country/gb``).

Examples
--------
>>> country_code("gb"), country_code("DEU"), country_code("Russia"), country_code("XK")
('GB', 'DE', 'RU', 'XK')
>>> country_code("http://id.loc.gov/vocabulary/countries/fr"), country_code("Northwind")
('FR', None)
>>> rows = [{"country": "GB", "n": 3}, {"country": "FR", "n": 1}, {"country": "GB", "n": 2}]
>>> country_column(rows, ["country", "n"])
'country'
>>> per_country(rows, "country", "n").values
{'GB': 5.0, 'FR': 1.0}
>>> 'data-country="GB"' in choropleth_svg({"GB": 5.0})
True
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

from graph.vocab.countries import COUNTRY_ALIASES
from graph.vocab.countries import country_code as vocab_country_code

__all__ = [
    "CountryCounts",
    "choropleth_svg",
    "country_code",
    "country_column",
    "per_country",
    "world_outlines",
]

_WORLD = Path(__file__).with_name("world") / "countries-110m.json"
#: Light to dark: the classes of the map's legend (ColorBrewer "Blues", its five darker classes).
_RAMP = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
_NO_DATA = "#e3e3e3"
_TAIL = re.compile(r"[/#=:]([A-Za-z]{2,3})/?$")


@dataclass(frozen=True)
class Outline:
    """One country of the bundled map: its ISO alpha-2 code, name and SVG path data."""

    code: str
    name: str
    path: str


@functools.cache
def world_outlines() -> tuple[tuple[Outline, ...], float, float]:
    """The map's countries (those with a code), its width and its height in px."""
    import pycountry

    data = json.loads(_WORLD.read_text(encoding="utf-8"))
    out = []
    for item in data["countries"]:
        record = pycountry.countries.get(numeric=item["id"]) if item["id"] else None
        code = record.alpha_2 if record else COUNTRY_ALIASES.get(item["name"].upper())
        if code:
            out.append(Outline(code, record.name if record else item["name"], item["d"]))
    return tuple(out), float(data["width"]), float(data["height"])


@functools.lru_cache(maxsize=4096)
def country_code(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code ``value`` names (a code, an alpha-3 code, a name, or an IRI
    ending in a code), or ``None``."""
    text = str(value).strip()
    if not text or len(text) > 80:
        return None
    if "/" in text or "#" in text:  # an IRI: only one of a list of countries
        tail = _TAIL.search(text) if "countr" in text.lower() else None
        if tail is None:
            return None
        text = tail.group(1)
    return vocab_country_code(text)


def country_column(records: Sequence[Mapping[str, Any]], variables: Iterable[str]) -> str | None:
    """The first column whose filled cells are (at least 80 % of them) countries, else ``None``."""
    for column in variables:
        values = [r.get(column) for r in records[:500] if isinstance(r.get(column), str)]
        if values and sum(country_code(v) is not None for v in values) >= 0.8 * len(values):
            return column
    return None


@dataclass(frozen=True)
class CountryCounts:
    """Numbers per country code, and the rows whose country cell named no country."""

    values: dict[str, float] = field(default_factory=dict)
    unmatched: int = 0


def per_country(
    records: Iterable[Mapping[str, Any]], column: str, value: str | None = None
) -> CountryCounts:
    """The sum of the numeric column ``value`` per country of ``column`` (each row counts 1
    without ``value``)."""
    totals: dict[str, float] = {}
    unmatched = 0
    for row in records:
        code = country_code(row[column]) if isinstance(row.get(column), str) else None
        if code is None:
            unmatched += 1
            continue
        amount = 1 if value is None else row.get(value)
        if isinstance(amount, int | float) and not isinstance(amount, bool):
            totals[code] = totals.get(code, 0.0) + float(amount)
    return CountryCounts(totals, unmatched)


def _classes(values: Iterable[float]) -> list[float]:
    """Upper bounds of up to five classes of equal size (by rank) of the positive values."""
    ranked = sorted({v for v in values if v > 0})
    if not ranked:
        return []
    bounds = [ranked[min(len(ranked) - 1, (len(ranked) * (i + 1)) // 5 - 1)] for i in range(5)]
    return sorted(set(bounds))


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def choropleth_svg(counts: Mapping[str, float], *, title: str = "", label: str = "rows") -> str:
    """An SVG world map: each country of ``counts`` (alpha-2 code → number) filled by its class,
    with its name and number as a tooltip, the rest grey, and a legend of the classes."""
    outlines, width, height = world_outlines()
    bounds = _classes(counts.values())
    ramp = _RAMP[-len(bounds) :] if bounds else ()
    legend_height = 76
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:g} '
        f'{height + legend_height:g}" width="100%" role="img" class="choropleth" '
        f'aria-label="{escape(title or "World map")}">',
        f"<title>{escape(title or 'World map')}</title>",
        f'<rect width="{width:g}" height="{height:g}" fill="#f7fbff"/>',
    ]
    drawn = set()
    for country in outlines:
        value = counts.get(country.code)
        fill = _NO_DATA
        if value is not None and bounds:
            fill = ramp[next((i for i, b in enumerate(bounds) if value <= b), len(bounds) - 1)]
        tip = f"{country.name}: {_number(value)} {label}" if value is not None else country.name
        data = f' data-value="{value:g}"' if value is not None else ""
        parts.append(
            f'<path d="{country.path}" fill="{fill}" stroke="#ffffff" stroke-width="0.5" '
            f'data-country="{country.code}"{data}><title>{escape(tip)}</title></path>'
        )
        drawn.add(country.code)
    y = height + 12
    whole = all(float(v).is_integer() for v in counts.values())
    low = 0.0
    for i, (bound, colour) in enumerate(zip(bounds, ramp, strict=True)):
        x = 10 + i * 170
        first = low + 1 if whole else low
        if i == 0:
            words = f"≤ {_number(bound)}"
        elif first >= bound:
            words = _number(bound)
        else:
            words = f"{_number(first)}–{_number(bound)}"
        parts.append(
            f'<rect x="{x}" y="{y:g}" width="24" height="20" fill="{colour}" stroke="#888"/>'
            f'<text x="{x + 30}" y="{y + 17:g}" font-size="20" font-family="sans-serif">'
            f"{escape(words)}</text>"
        )
        low = bound
    missing = sorted(set(counts) - drawn)
    if missing:  # too small for the 1:110m outlines (Malta, Singapore …): say so, not hide it
        note = "not drawn at this scale: " + ", ".join(
            f"{c} ({_number(counts[c])})" for c in missing[:12]
        )
        parts.append(
            f'<text x="10" y="{y + 46:g}" font-size="20" '
            f'font-family="sans-serif">{escape(note)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
