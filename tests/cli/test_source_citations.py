"""Issue 13, on the command line: with every source an IRI in the graph, ``entity``, ``verify``
(table, JSON, JSON-LD), ``export-register``, ``query iaf-successor`` and ``void`` still show
a web address and a named document's citation as written (docs/model.md, "Sources")."""

from __future__ import annotations

import csv
import json

import pytest

from graph.cli.main import main
from graph.vocab.mint import source_iri
from tests.conftest import SAMPLE_AS_OF, write_register
from tests.ingest.test_source_iris import CITED, CITED_AB, CITED_CERTIFICATE, CITED_MEMBERSHIP

#: Turtle a register may bring: IAF's hand-over, with a named document as a text source.
HANDOVER = """@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/accredigraph/id/body/iaf> dcterms:source "IAF circular 2025-17 (members only)" .
"""


@pytest.fixture
def cited(tmp_path):
    folder = write_register(tmp_path / "cited", CITED)
    (folder / "handover.ttl").write_text(HANDOVER, encoding="utf-8")
    return str(folder)


def test_entity_shows_both_sources(cited, capsys):
    assert main(["--data", cited, "entity", "t-ab"]) == 0
    shown = capsys.readouterr().out.split("\nsources:\n", 1)[1]
    assert {line.strip() for line in shown.splitlines()} == set(CITED_AB)
    assert main(["--data", cited, "entity", "t-ab", "--format", "json"]) == 0
    assert sorted(json.loads(capsys.readouterr().out)["sources"]) == sorted(CITED_AB)


def test_verify_shows_both_sources_and_the_evidence_pack_cites_the_document(cited, capsys):
    args = ["--data", cited, "verify", "T-C-1", "--as-of", SAMPLE_AS_OF.isoformat()]
    assert main([*args, "--format", "json"]) == 0
    links = {link["link"]: link for link in json.loads(capsys.readouterr().out)[0]["links"]}
    assert set(CITED_CERTIFICATE) <= set(links["certificate"]["sources"])
    assert main([*args, "--format", "jsonld"]) == 0
    pack = json.loads(capsys.readouterr().out)
    (check,) = pack["@graph"]
    (link,) = [a for a in check["ag:checkedLink"] if a["name"] == "certificate check"]
    url, text = CITED_CERTIFICATE
    assert {"@id": url} in link["dcterms:source"]
    assert {"@id": source_iri(text), "@type": "dcterms:BibliographicResource",
            "dcterms:bibliographicCitation": text} in link["dcterms:source"]  # fmt: skip


def test_export_register_writes_both_sources_back(cited, tmp_path):
    assert main(["--data", cited, "export-register", "--out", str(tmp_path / "out")]) == 0
    with (tmp_path / "out" / "certificates.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"].split(" | ") == sorted(CITED_CERTIFICATE)
    with (tmp_path / "out" / "memberships.csv").open(encoding="utf-8") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["source"].split(" | ") == sorted(CITED_MEMBERSHIP)


def test_iaf_successor_lists_a_named_document_beside_the_web_pages(cited, capsys):
    assert main(["--data", cited, "query", "iaf-successor", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["results"]["bindings"]
    (iaf,) = [r for r in rows if r.get("acronym", {}).get("value") == "IAF"]
    sources = iaf["sources"]["value"].split(" | ")
    assert "IAF circular 2025-17 (members only)" in sources
    assert any(s.startswith("https://") for s in sources)
    assert not any("/id/source/" in s for s in sources)


def test_void_gives_the_citation_of_each_named_document(cited, capsys):
    assert main(["--data", cited, "void", "--format", "nt"]) == 0
    void = capsys.readouterr().out
    node = source_iri("IAF circular 2025-17 (members only)")
    assert f'<{node}> <http://purl.org/dc/terms/bibliographicCitation> "IAF circular' in void
    dataset = "<https://w3id.org/accredigraph/id/dataset>"
    assert f"{dataset} <http://purl.org/dc/terms/source> <{node}>" in void
