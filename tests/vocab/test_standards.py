"""Reading standard designations as people write them."""

from __future__ import annotations

import pytest

from graph.vocab.standards import parse_designation


@pytest.mark.parametrize(
    ("text", "family", "year"),
    [
        ("ISO 9001", "iso:9001", None),
        ("ISO 9001:2015", "iso:9001", "2015"),
        ("iso 9001:2015", "iso:9001", "2015"),
        ("ISO/IEC 27001:2022", "iso:27001", "2022"),
        ("ISO 27001", "iso:27001", None),
        ("  ISO/IEC   27001 : 2022 ", "iso:27001", "2022"),
        ("EN ISO 14001:2015", "iso:14001", "2015"),
        ("ISO/IEC TS 17021-10:2018", "iso:17021-10", "2018"),
        ("ISO/IEC 17021-1", "iso:17021-1", None),
        ("BS OHSAS 18001:2007", "ohsas:18001", "2007"),
        ("ISO 14001:2015+A1:2024", "iso:14001", "2015"),
    ],
)
def test_designations_parse_to_family_and_year(text, family, year):
    parsed = parse_designation(text)
    assert parsed is not None
    assert (parsed.family, parsed.year) == (family, year)


@pytest.mark.parametrize("text", ["", "ISO certified", "9001", "ISO", "quality"])
def test_non_designations_are_rejected(text):
    assert parse_designation(text) is None


def test_iso_and_iso_iec_spellings_name_the_same_family():
    assert parse_designation("ISO 27001") == parse_designation("ISO/IEC 27001")
