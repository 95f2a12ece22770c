"""The offline world map of numbers per country (issue 15): each number lands on its own
country's outline, coloured by its class, with the number in the tooltip; nothing is fetched."""

from __future__ import annotations

import re

import pytest

from graph.drawing import choropleth_svg, country_code, country_column, per_country, world_outlines


def _paths(svg: str) -> dict[str, tuple[str, str | None, str]]:
    """code -> (fill, data-value, tooltip) of each country drawn."""
    out = {}
    for m in re.finditer(
        r'<path d="[^"]+" fill="([^"]+)"[^>]*data-country="([A-Z]{2})"(?: data-value="([^"]+)")?>'
        r"<title>([^<]*)</title>",
        svg,
    ):
        out[m.group(2)] = (m.group(1), m.group(3), m.group(4))
    return out


def test_the_outlines_cover_the_world_with_iso_codes():
    outlines, width, _height = world_outlines()
    codes = {o.code for o in outlines}
    assert len(codes) == len(outlines) > 150
    assert {"GB", "DE", "US", "CN", "BR", "ZA", "AU", "IN", "RU", "XK"} <= codes
    assert "AQ" not in codes  # Antarctica is left out
    # every point of every outline lies on the canvas, give or take the antimeridian cut
    for outline in outlines:
        xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+) ", outline.path)]
        assert min(xs) >= 0 and max(xs) <= width + 60, outline.code


def test_counts_land_on_their_own_countries_in_colours_ordered_by_size():
    svg = choropleth_svg({"GB": 12, "DE": 3, "BR": 1, "JP": 40, "ZA": 7}, label="bodies")
    paths = _paths(svg)
    assert paths["GB"][1] == "12" and paths["GB"][2] == "United Kingdom: 12 bodies"
    assert paths["DE"][1] == "3" and paths["JP"][1] == "40"
    assert paths["FR"][1] is None and paths["FR"][0] == "#e3e3e3"  # no data: grey
    ramp = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]
    order = [ramp.index(paths[c][0]) for c in ("BR", "DE", "ZA", "GB", "JP")]
    assert order == sorted(order) and order[0] < order[-1]


def test_countries_too_small_for_the_outlines_are_named_not_lost():
    svg = choropleth_svg({"SG": 2, "MT": 1, "GB": 5})
    assert "not drawn at this scale: MT (1), SG (2)" in svg
    assert "SG" not in _paths(svg)


def test_labels_from_the_data_are_escaped():
    svg = choropleth_svg({"GB": 1}, title="<script>x</script>", label="<b>n</b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("GB", "GB"),
        ("gb", "GB"),
        ("DEU", "DE"),
        ("Germany", "DE"),
        ("Russia", "RU"),
        ("Kosovo", "XK"),
        ("https://example.org/country/fr", "FR"),
        ("http://publications.europa.eu/resource/authority/country/ITA", "IT"),
        ("Northwind Certification Ltd", None),
        ("", None),
        ("https://w3id.org/accredigraph/id/body/ukas", None),
        ("https://w3id.org/accredigraph/id/body/sa", None),  # Slovenian Accreditation, not Saudi
    ],
)
def test_country_cells_are_read_as_codes_names_or_iris(cell, code):
    assert country_code(cell) == code


def test_the_country_column_is_found_and_counted_per_country():
    rows = [
        {"ab": "UKAS", "country": "GB", "n": 2},
        {"ab": "DAkkS", "country": "DE", "n": 5},
        {"ab": "?", "country": "Atlantis", "n": 9},
        {"ab": "UKAS2", "country": "United Kingdom", "n": 1},
        {"ab": "A", "country": "DE", "n": 1},
    ]
    assert country_column(rows, ["ab", "country", "n"]) == "country"
    summed = per_country(rows, "country", "n")
    assert summed.values == {"GB": 3.0, "DE": 6.0} and summed.unmatched == 1
    assert per_country(rows, "country").values == {"GB": 2.0, "DE": 2.0}
    assert country_column([{"name": "UKAS"}, {"name": "DAkkS"}], ["name"]) is None
