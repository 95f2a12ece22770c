"""Export the imported register as interchange CSV, import it again: the same graph comes back."""

from __future__ import annotations

import csv

import pyoxigraph as ox
import pytest

from graph.cli.main import main
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.ingest.register_export import export_register
from tests.conftest import BASE_REGISTER, write_register

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
            "iaf_mla_scopes": "ISO 9001;ISO/IEC 17065",
            "website": "tab.example",
            "acronym": "TAB",
            "iaf_mla_signatory": "yes",
            "iaf_mla_scopes_complete": "no",
            "iaf_mla_scope_note": "QMS; product",
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
        {"acronym": "TCL", "hq_city": "Leeds", "po/ref": "x/1", "notes": "é日本"}
    )
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
        }
    )
    tables["memberships.csv"] = [
        {
            "member": "t-ab",
            "organisation": "ea",
            "role": "associate",
            "confidence": "unverified",
            "valid_from": "2019-01-01",
            "valid_until": "2024-06-30",
            "source": "https://tab.example/ea",
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
    assert written["certificates.csv"] == 401 and written["memberships.csv"] == 1
    with (tmp_path / "out" / "memberships.csv").open(encoding="utf-8") as handle:
        (membership,) = csv.DictReader(handle)
    assert (membership["valid_from"], membership["valid_until"]) == ("2019-01-01", "2024-06-30")
    again, _ = build_store("memory", extra=[tmp_path / "out"])
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
