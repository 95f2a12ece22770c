"""The accredigraph command line: each command as a user would type it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from graph.cli.main import main
from graph.store import open_store
from tests.conftest import BASE_REGISTER, SAMPLE_AS_OF


def test_build_writes_an_on_cli_store(cli_store, capsys):
    assert main(["--store", cli_store, "stats"]) == 0
    out = capsys.readouterr().out
    assert "Accreditation body" in out or "AccreditationBody" in out
    assert "triples in" in out


def test_query_runs_inline_sparql_as_csv(cli_store, capsys):
    code = main(["--store", cli_store, "query", "--format", "csv",
                 "SELECT ?a WHERE { agd:body\\/ukas ag:acronym ?a }"])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out.splitlines() == ["a", "UKAS"]


def test_query_runs_a_rq_file(cli_store, tmp_path, capsys):
    path = tmp_path / "q.rq"
    path.write_text("SELECT ?n WHERE { agd:body\\/iso schema:name ?n }")
    assert main(["--store", cli_store, "query", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["head"]["vars"] == ["n"] and len(data["results"]["bindings"]) == 1


def test_query_refuses_updates_with_a_clear_message(cli_store, capsys):
    assert main(["--store", cli_store, "query", "CLEAR ALL"]) == 1
    assert "read-only" in capsys.readouterr().err


def test_unknown_named_query_lists_the_known_ones(capsys):
    assert main(["show-query", "no-such-query"]) == 1
    assert "known:" in capsys.readouterr().err


def test_export_writes_turtle(cli_store, tmp_path):
    out = tmp_path / "graph.ttl"
    assert main(["--store", cli_store, "export", "--format", "ttl", "--out", str(out)]) == 0
    assert "United Kingdom Accreditation Service" in out.read_text()


def test_verify_prints_json_with_verdict_reasons_and_links(cli_store, capsys):
    code = main(["--store", cli_store, "verify", "S-C-0001", "NOPE", "--format", "json",
                 "--as-of", SAMPLE_AS_OF.isoformat()])  # fmt: skip
    assert code == 3  # not every certificate checked is accredited
    data = json.loads(capsys.readouterr().out)
    assert [d["certificate"] for d in data] == ["S-C-0001", "NOPE"]
    assert data[1]["verdict"] == "unknown" and data[1]["reasons"] == ["CERT_NOT_FOUND"]
    assert {"certificate", "verdict", "reasons", "links"} <= set(data[0])


def test_verify_all_as_csv_has_a_row_per_certificate(cli_store, capsys):
    main(["--store", cli_store, "verify", "--format", "csv", "--as-of", "2026-11-23"])
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("certificate,verdict") and len(lines) == 1 + 231


def test_verify_evidence_pack_is_json_ld_in_schema_org_terms(cli_store, capsys):
    import rdflib

    main(["--store", cli_store, "verify", "S-C-0001", "--format", "jsonld"])
    text = capsys.readouterr().out
    g = rdflib.Graph().parse(data=text, format="json-ld")
    schema = rdflib.Namespace("https://schema.org/")
    assert (None, rdflib.RDF.type, schema.CheckAction) in g
    assert (None, schema.certificationIdentification, rdflib.Literal("S-C-0001")) in g


def test_verify_supplier_list_includes_unknown_rows(cli_store, capsys):
    main(["--data", "examples/buyer-register", "verify", "--input", "examples/suppliers.csv",
          "--format", "json"])  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert any(d["verdict"] == "unknown" for d in data)
    assert any(d["verdict"] == "accredited" for d in data)


def test_data_option_reports_bad_rows_and_exits_non_zero(tmp_path, capsys):
    from tests.conftest import write_register

    tables = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    tables["certificates.csv"][0]["issued"] = "2025-13-01"
    folder = write_register(tmp_path / "bad", tables)
    assert main(["--data", str(folder), "verify"]) == 1
    assert "certificates.csv:2: issued: not a date" in capsys.readouterr().err


def test_build_data_after_the_command_builds_the_register_in(tmp_path, capsys):
    from tests.conftest import write_register

    folder = write_register(tmp_path / "reg", BASE_REGISTER)
    location = str(tmp_path / "store")
    assert main(["--store", location, "build", "--data", str(folder)]) == 0
    capsys.readouterr()
    assert main(["--store", location, "verify", "T-C-1", "--as-of", "2026-11-23"]) == 0
    assert capsys.readouterr().out.startswith("T-C-1: ACCREDITED")


def test_store_given_before_and_after_the_command_differently_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--store", "memory", "stats", "--store", "/elsewhere"])
    assert info.value.code == 2
    assert "--store given twice" in capsys.readouterr().err


@pytest.mark.slow
def test_validate_names_the_entity_the_rule_and_the_fix(cli_store, capsys):
    assert main(["--store", cli_store, "validate"]) == 0  # conforms: red flags are warnings
    out = capsys.readouterr().out
    assert "[Warning] Certificate S-C-0103" in out
    assert "rule: InConstraintComponent on ag:againstStandard / ag:standardKind" in out
    assert "fix: " in out


@pytest.mark.slow
def test_python_dash_m_graph_runs_the_cli():
    done = subprocess.run([sys.executable, "-m", "graph", "--version"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert done.stdout.startswith("accredigraph ")


def test_export_streams_the_same_triples_to_a_file_and_to_standard_output(
    cli_store, tmp_path, capfdbinary
):
    out = tmp_path / "graph.nt"
    assert main(["--store", cli_store, "export", "--format", "nt", "--out", str(out)]) == 0
    capfdbinary.readouterr()
    assert main(["--store", cli_store, "export", "--format", "nt"]) == 0
    printed = capfdbinary.readouterr().out
    assert sorted(printed.splitlines()) == sorted(out.read_bytes().splitlines())
    assert len(out.read_bytes().splitlines()) == len(open_store(cli_store))
