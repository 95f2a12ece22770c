"""Property-based tests (hypothesis): the CSV importer, designations and IRI minting never fail
in a way a user cannot act on."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from graph.errors import DataError
from graph.ingest.build import import_register
from graph.ingest.context import Sink
from graph.store import open_store
from graph.vocab.mint import (
    accreditation_iri,
    body_iri,
    certificate_iri,
    id_from_iri,
    organisation_iri,
    slug,
    standard_iri,
)
from graph.vocab.standards import Designation, parse_designation

#: Text a UTF-8 file can hold: any character but lone surrogates.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
NASTY = st.sampled_from(
    [
        '"',
        '""',
        ",",
        "\n",
        "\r\n",
        "\r",
        ";",
        " ",
        "é",
        "日本",
        "\x00",
        "\t",
        "'",
        "\\",
        "<",
        ">",
        "#",
        "%",
        "\ufeff",
    ]
)
CELL = st.one_of(TEXT, NASTY, st.lists(st.one_of(TEXT, NASTY), max_size=4).map("".join))


# --- the CSV importer ------------------------------------------------------------------------

VALID = {
    "id": st.from_regex(r"P-[A-Z0-9]{1,6}", fullmatch=True),
    "organisation": st.sampled_from(["Acme Ltd", "Ärzte GmbH", 'Say "Hi", Ltd']),
    "country": st.sampled_from(["GB", "DE", "FR", "XK", "gb", "UK"]),
    "certification_body": st.sampled_from(["bsi", "dnv", "s-northwind-cert", "nope"]),
    "standard": st.sampled_from(["ISO 9001:2015", "iso/iec 27001", "ISO 9999", "ISO 19011"]),
    "sectors": st.sampled_from(["", "17", "17;28", "IAF 28", "40", "x"]),
    "issued": st.sampled_from(["2024-01-01", "2024-02-30", "01/02/2024", ""]),
    "valid_until": st.sampled_from(["2027-01-01", "2023-01-01", ""]),
    "status": st.sampled_from(["valid", "suspended", "Expired", "revoked", ""]),
    "scope": CELL,
    "sites": CELL,
}
COLUMNS = list(VALID)


@st.composite
def certificate_tables(draw):
    columns = list(COLUMNS)
    if draw(st.booleans()):
        columns.remove(draw(st.sampled_from(COLUMNS)))  # a missing column
    extra = draw(st.lists(TEXT.filter(lambda c: c.strip() not in COLUMNS), max_size=2))
    columns += extra
    rows = []
    for _ in range(draw(st.integers(0, 4))):
        row = [draw(st.one_of(VALID[c], CELL)) if c in VALID else draw(CELL) for c in columns]
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))] + draw(st.lists(CELL, max_size=2))
        rows.append(row)
    return columns, rows


@pytest.fixture(scope="module")
def bundled_quads(bundled_store) -> bytes:
    return bundled_store.dump(ox.RdfFormat.N_QUADS)


@pytest.mark.slow
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=certificate_tables())
def test_csv_import_loads_cleanly_or_reports_every_problem_with_its_place(bundled_quads, table):
    columns, rows = table
    store = open_store("memory")
    store.bulk_load(bundled_quads, ox.RdfFormat.N_QUADS)
    before = len(store)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "certificates.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(rows)
        try:
            report = import_register(store, Path(tmp))
        except DataError as exc:
            event("a DataError")
            assert exc.problems
            for problem in exc.problems:
                assert problem.file.endswith("certificates.csv")
                assert isinstance(problem.line, int) and problem.line >= 1
                assert problem.column and problem.message
            assert len(store) == before  # nothing of a bad file is loaded
        else:
            event("a clean load")
            assert len(store) == before + report.triples


# --- designations ----------------------------------------------------------------------------


@given(TEXT)
def test_parse_designation_never_raises(text):
    assert parse_designation(text) is None or isinstance(parse_designation(text), Designation)


@given(
    prefix=st.sampled_from(
        ["ISO", "ISO/IEC", "IEC", "EN ISO", "BS EN ISO", "ISO/TS", "ISO / IEC", "BS OHSAS", "OHSAS"]
    ),
    number=st.integers(100, 99999),
    part=st.one_of(st.none(), st.integers(1, 99)),
    year=st.one_of(st.none(), st.integers(1900, 2099)),
    space=st.sampled_from([" ", "  ", ""]),
    lower=st.booleans(),
)
def test_valid_designations_round_trip(prefix, number, part, year, space, lower):
    text = f"{prefix} {number}" + (f"-{part}" if part else "") + (f"{space}:{year}" if year else "")
    if lower:
        text = text.lower()
    family = ("ohsas" if "OHSAS" in prefix else "iso") + f":{number}" + (f"-{part}" if part else "")
    assert parse_designation(text) == Designation(family, str(year) if year else None)


def test_every_designation_in_the_catalogue_parses(bundled_store):
    from graph.query import run_named

    rows = run_named(bundled_store, "internal-standards", row_cap=None).records()
    assert rows and all(parse_designation(r["designation"]) is not None for r in rows)


# --- IRI minting -----------------------------------------------------------------------------

MINTERS = [body_iri, certificate_iri, accreditation_iri, standard_iri]


@given(TEXT)
def test_minted_iris_are_valid_deterministic_and_reversible(identifier):
    for mint in MINTERS:
        iri = mint(identifier)
        assert ox.NamedNode(iri).value == iri == mint(identifier)
    assert id_from_iri(body_iri(identifier)) == identifier
    assert id_from_iri(certificate_iri(identifier)) == identifier
    assert id_from_iri(accreditation_iri(identifier)) == identifier


@given(name=TEXT, country=st.one_of(st.sampled_from(["GB", "DE", ""]), TEXT))
def test_organisation_iris_are_valid_and_tell_names_apart(name, country):
    iri = organisation_iri(name, country)
    assert ox.NamedNode(iri).value == iri == organisation_iri(name, country)
    assume(name + "x" != name)
    assert organisation_iri(name + "x", country) != iri


@given(TEXT)
def test_slug_is_plain_ascii(text):
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in slug(text))


@given(value=TEXT, lang=st.booleans())
def test_literals_written_by_the_build_parse_back_unchanged(value, lang):
    out = Sink()
    out.lit("http://x/s", "http://x/p", value, lang="en" if lang else None)
    (quad,) = ox.parse(out.data(), ox.RdfFormat.N_TRIPLES)
    assert quad.object.value == value
