"""Issue 13: sources are IRIs in the graph, yet the verifier gives every source back as people
wrote it, a web address or the citation of a named document, on every link, in every output;
the JSON-LD evidence pack cites a named document by its citation node (docs/model.md, "Sources").
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from graph.verify import (
    LinkName,
    evidence_pack,
    verifications_json,
    verify,
    verify_many,
)
from graph.vocab.mint import source_iri
from tests.conftest import SAMPLE_AS_OF
from tests.ingest.test_source_iris import (
    CITED,
    CITED_AB,
    CITED_ACCREDITATION,
    CITED_CERTIFICATE,
)

EXPECTED = {
    LinkName.CERTIFICATE: CITED_CERTIFICATE,
    LinkName.ACCREDITATION: CITED_ACCREDITATION,
    LinkName.MLA_SIGNATORY: CITED_AB,
}


@pytest.fixture(scope="module")
def cited_store(tmp_path_factory):
    from graph.ingest.build import build_store
    from tests.conftest import write_register

    store, _ = build_store("memory", extra=[write_register(tmp_path_factory.mktemp("c"), CITED)])
    return store


def _readings(store):
    """T-C-1 as each reader of the verifier sees it: one certificate (flat lookups and caches),
    a listed batch (VALUES), and the whole graph (unbound scans)."""
    single = verify(store, "T-C-1", as_of=SAMPLE_AS_OF)
    (batch,) = verify_many(store, ["T-C-1"], as_of=SAMPLE_AS_OF)
    (whole,) = [v for v in verify_many(store, as_of=SAMPLE_AS_OF) if v.certificate == "T-C-1"]
    return {"single": single, "batch": batch, "whole": whole}


def test_each_link_gives_its_web_address_and_its_named_document(cited_store):
    for how, result in _readings(cited_store).items():
        for name, (url, text) in EXPECTED.items():
            sources = result.link(name).sources
            assert url in sources and text in sources, (how, name, sources)
            assert not any("w3id.org/accredigraph/id/source/" in s for s in sources), how


def test_the_json_gives_both_as_written(cited_store):
    records = json.loads(verifications_json([verify(cited_store, "T-C-1", as_of=SAMPLE_AS_OF)]))
    links = {link["link"]: link for link in records[0]["links"]}
    assert set(CITED_CERTIFICATE) <= set(links["certificate"]["sources"])
    assert set(CITED_AB) <= set(links["mla-signatory"]["sources"])


def test_the_evidence_pack_cites_a_document_by_its_citation_node(cited_store):
    pack = evidence_pack([verify(cited_store, "T-C-1", as_of=SAMPLE_AS_OF)])
    graph = ox.Dataset(ox.parse(json.dumps(pack).encode(), ox.RdfFormat.JSON_LD))
    source = ox.NamedNode("http://purl.org/dc/terms/source")
    citation = ox.NamedNode("http://purl.org/dc/terms/bibliographicCitation")
    cited = [q.object for q in graph if q.predicate == source]
    assert cited and all(isinstance(o, ox.NamedNode) for o in cited)  # never text
    url, text = CITED_CERTIFICATE
    assert ox.NamedNode(url) in cited
    node = ox.NamedNode(source_iri(text))
    assert node in cited
    assert [q.object for q in graph if q.subject == node and q.predicate == citation] == [
        ox.Literal(text)
    ]


def test_the_printable_record_lists_both_as_written(cited_store):
    from graph.verify.record import data_version, record_html

    result = verify(cited_store, "T-C-1", as_of=SAMPLE_AS_OF)
    page = record_html([result], data_version(cited_store))
    for url, text in EXPECTED.values():
        assert f"<code>{url}</code>" in page and f"<code>{text}</code>" in page
    assert "/id/source/" not in page
    assert data_version(cited_store).files > 5  # the stamp still counts the files it names
