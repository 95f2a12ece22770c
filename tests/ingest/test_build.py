"""Building the graph from CSV: validation, all problems at once, nothing loaded on failure."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.errors import DataError
from graph.ingest.build import build_store, import_register
from tests.conftest import BASE_REGISTER, write_register


def _with(table: str, **changes: str) -> dict:
    """BASE_REGISTER with the first row of ``table`` changed."""
    tables = {name: [dict(r) for r in rows] for name, rows in BASE_REGISTER.items()}
    tables[table][0].update(changes)
    return tables


def _problems(make_register, tables) -> list[str]:
    with pytest.raises(DataError) as info:
        build_store("memory", extra=[make_register(tables)])
    return [str(p) for p in info.value.problems]


def test_bundled_data_builds_without_problems(bundled_store):
    assert len(bundled_store) > 10_000


def test_bad_date_is_reported_with_file_line_and_column(make_register):
    problems = _problems(make_register, _with("certificates.csv", issued="2025-02-30"))
    assert any(
        p.endswith("certificates.csv:2: issued: not a date (YYYY-MM-DD): '2025-02-30'")
        for p in problems
    )


def test_every_problem_of_a_folder_is_reported_at_once(make_register):
    tables = _with("certificates.csv", country="UK", status="revoked", sectors="41")
    tables["accreditations.csv"][0]["accreditation_body"] = "no-such-ab"
    problems = _problems(make_register, tables)
    assert any(":2: country: 'UK' is not an ISO 3166-1 alpha-2" in p for p in problems)
    assert any(":2: status: 'revoked' is not one of" in p for p in problems)
    assert any(":2: sectors: '41' is not an IAF sector code" in p for p in problems)
    assert any("accreditations.csv:2: accreditation_body: unknown body id" in p for p in problems)


def test_valid_until_before_issued_is_an_error(make_register):
    problems = _problems(make_register, _with("certificates.csv", valid_until="2024-01-01"))
    assert any(
        "certificates.csv:2: valid_until: 2024-01-01 is before issued" in p for p in problems
    )


def test_missing_column_is_reported_on_the_header_line(make_register):
    tables = _with("certificates.csv")
    del tables["certificates.csv"][0]["scope"]
    problems = _problems(make_register, tables)
    assert any(p.endswith("certificates.csv:1: scope: missing column") for p in problems)


def test_duplicate_certificate_id_is_an_error(make_register):
    tables = _with("certificates.csv")
    tables["certificates.csv"].append(dict(tables["certificates.csv"][0]))
    problems = _problems(make_register, tables)
    assert any("certificates.csv:3: id: duplicate certificate id 'T-C-1'" in p for p in problems)


def test_new_body_may_not_reuse_a_bundled_id(make_register):
    tables = _with("certification_bodies.csv", id="ukas")
    problems = _problems(make_register, tables)
    assert any("certification_bodies.csv:2: id: duplicate id 'ukas'" in p for p in problems)


def test_unknown_standard_in_accreditation_is_an_error(make_register):
    problems = _problems(make_register, _with("accreditations.csv", standards="ISO 9999"))
    assert any(
        "accreditations.csv:2: standards: 'ISO 9999' is not a standard" in p for p in problems
    )


def test_unknown_standard_on_certificate_is_kept_as_written(register_store):
    store = register_store(_with("certificates.csv", standard="ISO 9999:2020"))
    rows = sparql.run(
        store,
        "SELECT ?d ?s WHERE { ?c ag:number 'T-C-1' ; "
        "ag:standardDesignation ?d OPTIONAL { ?c ag:againstStandard ?s } }",
    ).records()
    assert rows == [{"d": "ISO 9999:2020", "s": None}]


@pytest.mark.parametrize(
    "written", ["ISO 9001", "iso 9001:2015", "ISO/IEC 27001:2022", "ISO 27001"]
)
def test_standards_written_as_people_write_them_resolve(register_store, written):
    store = register_store(_with("certificates.csv", standard=written))
    rows = sparql.run(store, "SELECT ?s WHERE { ?c ag:number 'T-C-1' ; ag:againstStandard ?s }")
    assert len(rows.rows) == 1


def test_extra_columns_are_kept(register_store):
    store = register_store(_with("certificates.csv", purchase_order="PO-7731"))
    rows = sparql.run(store, "SELECT ?v WHERE { ?c ag:number 'T-C-1' ; agx:purchase_order ?v }")
    assert rows.records() == [{"v": "PO-7731"}]


def _csv_with_blank_header_columns(folder, cells: str) -> None:
    path = folder / "certificates.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] += ",,"
    lines[1] += "," + cells
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_blank_header_columns_left_empty_are_ignored(make_register):
    folder = make_register(_with("certificates.csv"))
    _csv_with_blank_header_columns(folder, ",")
    store, _ = build_store("memory", extra=[folder])
    assert len(store) > 10_000


def test_value_under_a_blank_header_is_reported_not_dropped(make_register):
    folder = make_register(_with("certificates.csv"))
    _csv_with_blank_header_columns(folder, ",PO-7731")
    with pytest.raises(DataError) as info:
        build_store("memory", extra=[folder])
    assert any(
        str(p).endswith("certificates.csv:2: column 12: a value under a column with no name in "
                        "the header")
        for p in info.value.problems
    )  # fmt: skip


def test_non_utf8_file_is_reported(make_register):
    folder = make_register(BASE_REGISTER)
    (folder / "certification_bodies.csv").write_bytes(b"id,name,country,website\nx,Caf\xe9,FR,\n")
    with pytest.raises(DataError) as info:
        build_store("memory", extra=[folder])
    assert "certification_bodies.csv:2: -: not UTF-8 text" in str(info.value)


def test_turtle_syntax_error_is_reported_and_nothing_loaded(make_register):
    folder = make_register(BASE_REGISTER)
    (folder / "extra.ttl").write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n")
    with pytest.raises(DataError) as info:
        build_store("memory", extra=[folder])
    assert "extra.ttl" in str(info.value) and "Turtle syntax error" in str(info.value)


def test_failed_import_leaves_the_store_unchanged(tmp_path):
    store, _ = build_store("memory")
    before = store.dump(ox.RdfFormat.N_QUADS)
    tables = _with("certificates.csv", issued="yesterday")
    with pytest.raises(DataError):
        import_register(store, write_register(tmp_path / "bad", tables))
    assert store.dump(ox.RdfFormat.N_QUADS) == before


def test_import_adds_a_register_on_top_of_a_store(tmp_path):
    store, _ = build_store("memory")
    report = import_register(store, write_register(tmp_path / "good", BASE_REGISTER))
    assert report.triples > 20
    assert sparql.run(store, "ASK { ?c ag:number 'T-C-1' ; ag:issuer agd:body\\/t-cb }").value


def test_import_refuses_ids_already_in_the_store(tmp_path):
    store, _ = build_store("memory")
    import_register(store, write_register(tmp_path / "first", BASE_REGISTER))
    with pytest.raises(DataError) as info:
        import_register(store, write_register(tmp_path / "again", BASE_REGISTER))
    assert "duplicate id 't-cb'" in str(info.value)


def test_sample_rows_are_marked_fictional(bundled_store):
    unmarked = sparql.run(
        bundled_store,
        """
        SELECT ?c WHERE { ?c a ag:Certificate FILTER NOT EXISTS { ?c a ag:SampleRecord } }""",
    )
    assert unmarked.rows == []
    orgs = sparql.run(
        bundled_store,
        """
        SELECT ?o WHERE { ?o a ag:CertifiedOrganization
                          FILTER NOT EXISTS { ?o ag:isFictional true } }""",
    )
    assert orgs.rows == []


def test_every_reference_row_carries_a_source(bundled_store):
    missing = sparql.run(
        bundled_store,
        """
        SELECT ?s WHERE {
          VALUES ?cls { ag:AccreditationBody ag:StandardEdition ag:AccreditationNetwork
                        ag:RegionalAccreditationGroup ag:RecognitionArrangement }
          ?s a ?cls FILTER NOT EXISTS { ?s dcterms:source ?src }
          FILTER NOT EXISTS { ?s a ag:SampleRecord } }""",
    )
    assert missing.records() == []
