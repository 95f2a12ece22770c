"""Export the imported register as interchange CSV, import it again: the same graph comes back."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.cli.main import main
from graph.ingest.build import ORDER, build_store
from graph.ingest.csvrows import Row
from graph.ingest.generate import generate_register
from graph.ingest.register import IMPORTED_COLUMNS
from graph.ingest.register_export import export_register
from graph.settings import Settings
from tests.conftest import BASE_REGISTER, write_register

DATA = Path(__file__).resolve().parents[2] / "data"
#: The tables the export does not write: reference data every build reads from ``data/``.
REFERENCE = [name for name in ORDER if name not in IMPORTED_COLUMNS]

STAMP = "https://w3id.org/accredigraph/id/build"


PARTITION = "https://w3id.org/accredigraph/id/void/"  # the statistics nodes


def canonical(store) -> list[str]:
    """The store's triples (build stamp and the citation nodes of the files it names left
    out, and so the statistics nodes, which count those nodes: tests/ingest/test_statistics.py
    and tests/ingest/test_void_statistics.py check them), blank nodes canonically named, sorted."""
    quads = list(ox.parse(store.dump(ox.RdfFormat.N_TRIPLES), ox.RdfFormat.N_TRIPLES))
    stamp = ox.NamedNode(STAMP)
    source = ox.NamedNode("http://purl.org/dc/terms/source")
    files = {q.object for q in quads if q.subject == stamp and q.predicate == source}
    files -= {q.object for q in quads if q.subject != stamp}  # cited by data too: kept
    dataset = ox.Dataset(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in quads
        if q.subject != stamp
        and q.subject not in files
        and not q.subject.value.startswith(PARTITION)
    )
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(str(q) for q in dataset)


def rich_register() -> dict:
    """Every column the importer reads, extra columns, quotes, commas and newlines."""
    tables = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    tables["accreditation_bodies.csv"] = [
        {
            "id": "t-ab",
            "name": 'Test "Accreditation", Board',
            "country": "GB",
            "iaf_mla_scopes": "ISO 9001;ISO 14001;ISO 45001;ISO 22000;ISO/IEC 17065",
            "website": "tab.example",
            "acronym": "TAB",
            "iaf_mla_signatory": "yes",
            "iaf_mla_scopes_complete": "no",
            "iaf_mla_scope_note": "QMS; product",
            "iaf_mla_scope_since": "ISO 9001=2003;ISO 14001=2015-10-21/2015-11-05;"
            "ISO 45001=2020-02-05 via ea;ISO 22000=2022-09",
            "iaf_mla_scope_since_source": "https://tab.example/iaf | "
            "ISO 45001=https://ea.example/news?id=45001 | ISO 9001=Annual report 2003",
            "ilac_mra_signatory": "unverified",
            "source": "https://tab.example/about | Annual report 2025",
            "confidence": "secondary",
            "unverified_fields": "acronym;website",
            "notes": 'Line one\nline two, with "quotes"',
            "case": "rt",
            "board size": "7",
        },
        {
            "id": "t-ab-2",
            "name": "Second AB",
            "country": "FR",
            "iaf_mla_scopes": "",
            "website": "",
            "iaf_mla_signatory": "no",
        },
    ]
    tables["certification_bodies.csv"][0].update(
        {"website": "tcl.example", "acronym": "TCL", "hq_city": "Leeds", "po/ref": "x/1",
         "notes": "é日本", "source": "Companies House", "confidence": "verified",
         "unverified_fields": "hq_city", "case": "cb-case"}
    )  # fmt: skip
    tables["accreditations.csv"].append(
        {
            "id": "T-A-2",
            "accreditation_body": "t-ab",
            "certification_body": "t-cb",
            "standards": "ISO 9001:2015",
            "sectors": "",
            "valid_from": "2023-01-01",
            "valid_until": "2028-01-01",
            "status": "suspended",
            "against": "ISO/IEC 17021-1:2015",
            "case": "rt",
            "confidence": "unverified",
            "contract": "C-9",
        }
    )
    tables["certificates.csv"][0].update(
        {
            "sites": "Leeds, West Yorkshire;Hull",
            "notes": "n",
            "purchase_order": "PO-1",
            "source": "Sales, 2025",
            "confidence": "secondary",
            "unverified_fields": "sites",
            "case": "cert-case",
        }
    )
    tables["accreditations.csv"][0].update(
        {"against": "ISO/IEC 17021-1", "source": "https://ukas.example/T-A-1",
         "unverified_fields": "sectors", "notes": "first", "case": "acc-case"}
    )  # fmt: skip
    tables["arrangements.csv"] = [
        {
            "id": "t-mla",
            "name": "Test MLA (fictional)",
            "administered_by": "ea",
            "main_scopes": "management-systems;product",
            "in_force_from": "2001-03-01",
            "in_force_source": "https://t-mla.example/signed | Minutes of 1 March 2001",
            "sub_scopes_in_force_from": "ISO 9001=2001-03-01;ISO 14001=2005-06-30",
            "superseded_by": "global-aci-mra",
            "superseded_on": "2026-01-01",
            "carries_over": "ea-mla",
            "carry_over_source": "https://t-mla.example/carry | Resolution 2025-1",
            "source": "https://t-mla.example",
            "confidence": "secondary",
            "unverified_fields": "name",
            "notes": "A made-up arrangement",
        },
    ]
    tables["memberships.csv"] = [
        {
            "member": "t-ab",
            "organisation": "ea",
            "role": "associate",
            "confidence": "unverified",
            "valid_from": "2019-01-01",
            "valid_until": "2024-06-30",
            "source": "https://tab.example/ea",
            "unverified_fields": "valid_from",
            "notes": "left",
        },
        {  # a bundled body in a network it is not bundled with: the register's own fact
            "member": "ukas",
            "organisation": "afrac",
            "role": "associate",
            "confidence": "secondary",
            "valid_from": "2024-01-01",
            "source": "Test letter",
        },
    ]
    return tables


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("export")
    generated = tmp / "generated"
    generate_register(generated, 400, seed=7)
    store, _ = build_store(
        "memory", extra=[write_register(tmp / "rich", rich_register()), generated]
    )
    return store


def test_export_then_import_gives_an_isomorphic_graph(original, tmp_path):
    written = export_register(original, tmp_path / "out")
    assert written["certificates.csv"] == 401 and written["memberships.csv"] == 2
    assert written["arrangements.csv"] == 1
    memberships = {r["member"]: r for r in read(tmp_path / "out" / "memberships.csv")}
    left = memberships["t-ab"]
    assert (left["valid_from"], left["valid_until"]) == ("2019-01-01", "2024-06-30")
    assert memberships["ukas"]["organisation"] == "afrac"
    (body,) = [r for r in read(tmp_path / "out" / "accreditation_bodies.csv") if r["id"] == "t-ab"]
    assert sorted(body["iaf_mla_scope_since"].split(";")) == [
        "ISO 14001=2015-10-21/2015-11-05", "ISO 22000=2022-09", "ISO 45001=2020-02-05 via ea",
        "ISO 9001=2003"]  # fmt: skip
    again, _ = build_store("memory", extra=[tmp_path / "out"])
    assert canonical(again) == canonical(original)


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _key(name: str, row: dict[str, str]) -> str:
    return f"{row['member']}/{row['organisation']}" if name == "memberships.csv" else row["id"]


def test_the_importer_declares_every_column_it_reads(tmp_path, monkeypatch):
    """The columns each file's rows are asked for while the rich register is imported are all
    in the importer's declaration (``IMPORTED_COLUMNS``), which the export writes."""
    asked: dict[str, set[str]] = {}
    raw = Row.raw

    def spy(row: Row, column: str) -> str:
        asked.setdefault(Path(row.file).name, set()).add(column)
        return raw(row, column)

    monkeypatch.setattr(Row, "raw", spy)
    build_store("memory", extra=[write_register(tmp_path / "rich", rich_register())])
    for name, columns in IMPORTED_COLUMNS.items():
        assert asked.get(name), f"{name} was not read"
        assert asked[name] <= set(columns), (name, asked[name] - set(columns))


def test_every_column_the_importer_reads_is_written_back(original, tmp_path):
    """Every declared column is filled in the rich register (a column the importer learns
    fails here until the register uses it), and the export writes each filled cell back."""
    tables = rich_register()
    export_register(original, tmp_path / "out")
    for name, columns in IMPORTED_COLUMNS.items():
        rows = tables[name]
        unused = [c for c in columns if not any((r.get(c) or "").strip() for r in rows)]
        assert not unused, f"the round-trip register leaves {name} {unused} empty"
        written = {_key(name, r): r for r in read(tmp_path / "out" / name)}
        for row in rows:
            out = written[_key(name, row)]
            lost = [c for c in columns if (row.get(c) or "").strip() and not out.get(c)]
            assert not lost, f"{name} row {_key(name, row)}: {lost} not written back"


def test_the_bundled_data_round_trips(tmp_path):
    """Every bundled body, accreditation, arrangement and membership, exported with the
    reference tables alone counted as bundled, imports back to the same graph: the IAF MLA's
    start days, each signatory's dated sub-scopes, BSCA's last day in EA."""
    full, reference = tmp_path / "full", tmp_path / "reference"
    full.mkdir()
    reference.mkdir()
    for path in DATA.glob("*.csv"):
        shutil.copy(path, full)
    for name in REFERENCE:
        shutil.copy(DATA / name, reference)
    original, _ = build_store("memory", settings=Settings(data_dir=full))
    written = export_register(original, tmp_path / "out", settings=Settings(data_dir=reference))
    assert set(written) == set(IMPORTED_COLUMNS) - {"certificates.csv"}  # none bundled
    bodies = {r["id"]: r for r in read(tmp_path / "out" / "accreditation_bodies.csv")}
    assert "ISO 45001=2020-02-05 via ea" in bodies["ukas"]["iaf_mla_scope_since"].split(";")
    arrangements = {r["id"]: r for r in read(tmp_path / "out" / "arrangements.csv")}
    assert arrangements["iaf-mla"]["in_force_from"] == "1998-01-22"
    assert "ISO 14001=2004-10-09" in arrangements["iaf-mla"]["sub_scopes_in_force_from"]
    memberships = {
        _key("memberships.csv", r): r for r in read(tmp_path / "out" / "memberships.csv")
    }
    assert memberships["bsca/ea"]["valid_until"] == "2023-05-23"
    again, _ = build_store(
        "memory", extra=[tmp_path / "out"], settings=Settings(data_dir=reference)
    )
    assert canonical(again) == canonical(original)


def test_export_keeps_extra_columns_and_leaves_out_the_bundled_data(original, tmp_path):
    export_register(original, tmp_path / "out")
    with (tmp_path / "out" / "certificates.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"purchase_order", "sites", "scope"} <= set(rows[0])
    assert not [r for r in rows if r["id"].startswith("S-C-")]  # the bundled sample
    with (tmp_path / "out" / "accreditation_bodies.csv").open(encoding="utf-8") as handle:
        bodies = {r["id"]: r for r in csv.DictReader(handle)}
    assert "ukas" not in bodies and bodies["t-ab"]["board size"] == "7"


def test_export_register_command(tmp_path, capsys):
    register = write_register(tmp_path / "reg", BASE_REGISTER)
    assert main(["--data", str(register), "export-register", "--out", str(tmp_path / "out")]) == 0
    assert "certificates.csv: 1 rows" in capsys.readouterr().out
    assert main(["--store", "memory", "export-register", "--out", str(tmp_path / "none")]) == 0
    assert "nothing to export" in capsys.readouterr().err


def test_the_interchange_page_lists_every_column_the_export_writes():
    page = (DATA.parent / "docs" / "interchange.md").read_text(encoding="utf-8")
    export = page[page.index("## Export") :]
    for name, columns in IMPORTED_COLUMNS.items():
        assert f"| `{name}` | `{', '.join(columns)}` |" in export, name


def test_export_register_command_writes_the_dated_columns(tmp_path, capsys):
    register = write_register(tmp_path / "rich", rich_register())
    assert main(["--data", str(register), "export-register", "--out", str(tmp_path / "out")]) == 0
    assert "arrangements.csv: 1 rows" in capsys.readouterr().out
    (mla,) = read(tmp_path / "out" / "arrangements.csv")
    assert (mla["in_force_from"], mla["superseded_by"]) == ("2001-03-01", "global-aci-mra")
    assert sorted(mla["sub_scopes_in_force_from"].split(";")) == [
        "ISO 14001=2005-06-30", "ISO 9001=2001-03-01"]  # fmt: skip
    sources = {r["id"]: r for r in read(tmp_path / "out" / "accreditation_bodies.csv")}
    assert "ISO 9001=Annual report 2003" in sources["t-ab"]["iaf_mla_scope_since_source"]
