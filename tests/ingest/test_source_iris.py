"""Issue 13: every ``dcterms:source`` is an IRI, as DCMI defines it. A source that is not a web
address (a named document, a data file) is cited through its citation node, which carries the
text as ``dcterms:bibliographicCitation`` (docs/model.md, "Sources"): in the bundled build, a
generated register, an imported register (CSV and Turtle), a visitor's upload and the build stamp.
"""

from __future__ import annotations

import datetime as dt

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.ingest.build import build_store, import_register
from graph.ingest.generate import generate_register
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from graph.store import open_store
from graph.vocab.mint import body_iri, source_iri
from tests.conftest import write_register

#: A register citing a web address and a named document on every kind of row.
CITED_AB = ("https://tab.example/about", "Annual report 2025, p. 4")
CITED_CB = ("https://tcb.example/", "TCB brochure (print)")
CITED_ACCREDITATION = ("https://tab.example/register/T-A-1", "Accreditation letter of 3 May 2022")
CITED_CERTIFICATE = ("https://tcb.example/certificates/T-C-1", "Certificate scan, page 2")
CITED_MEMBERSHIP = ("https://ea.example/members", "EA members list (print)")


def _cite(pair: tuple[str, str]) -> str:
    return " | ".join(pair)


CITED = {
    "accreditation_bodies.csv": [
        {"id": "t-ab", "name": "Test Accreditation Board", "country": "GB",
         "iaf_mla_scopes": "ISO 9001", "website": "", "source": _cite(CITED_AB)},
    ],
    "certification_bodies.csv": [
        {"id": "t-cb", "name": "Test Certification Ltd", "country": "GB", "website": "",
         "source": _cite(CITED_CB)},
    ],
    "accreditations.csv": [
        {"id": "T-A-1", "accreditation_body": "t-ab", "certification_body": "t-cb",
         "standards": "ISO 9001", "sectors": "17;18", "valid_from": "2022-01-01",
         "valid_until": "2027-12-31", "status": "active", "source": _cite(CITED_ACCREDITATION)},
    ],
    "certificates.csv": [
        {"id": "T-C-1", "organisation": "Test Widgets Ltd", "country": "GB",
         "certification_body": "t-cb", "standard": "ISO 9001:2015", "sectors": "17",
         "issued": "2025-03-01", "valid_until": "2028-02-28", "status": "valid",
         "scope": "Machining of metal parts", "source": _cite(CITED_CERTIFICATE)},
    ],
    "memberships.csv": [
        {"member": "t-ab", "organisation": "ea", "role": "member", "confidence": "verified",
         "source": _cite(CITED_MEMBERSHIP)},
    ],
}  # fmt: skip

#: A register's own Turtle, with a source written as text.
TURTLE = """@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/accredigraph/id/body/t-cb> dcterms:source "Trade fair leaflet, 2024" ,
    <https://tcb.example/fair> .
"""


def literal_sources(store) -> list[dict]:
    query = "SELECT ?s ?source WHERE { ?s dcterms:source ?source FILTER(!isIRI(?source)) }"
    return sparql.run(store, query, row_cap=None, timeout=None).records()


def citations(store, subject: str | None = None) -> dict[str, str]:
    """Citation node -> its citation, of every source (of ``subject``) that names a document."""
    query = """SELECT ?s ?node ?citation WHERE {
      ?s dcterms:source ?node . ?node a dcterms:BibliographicResource ;
          dcterms:bibliographicCitation ?citation ; rdfs:label ?citation }"""
    bindings = {"s": ox.NamedNode(subject)} if subject else None
    rows = sparql.run(store, query, bindings=bindings, row_cap=None, timeout=None).records()
    return {r["node"]: r["citation"] for r in rows}


def web_sources(store, subject: str) -> set[str]:
    query = """SELECT ?s ?source WHERE { ?s dcterms:source ?source
      FILTER(STRSTARTS(STR(?source), 'http')
             && !STRSTARTS(STR(?source), 'https://w3id.org/accredigraph/')) }"""
    rows = sparql.run(store, query, bindings={"s": ox.NamedNode(subject)}, row_cap=None,
                      timeout=None)  # fmt: skip
    return {r["source"] for r in rows.records()}


def test_the_bundled_build_cites_every_source_by_iri(bundled_store):
    assert literal_sources(bundled_store) == []
    cited = citations(bundled_store)
    assert cited, "the bundled data names documents that have no web address"
    assert all(node == source_iri(text) for node, text in cited.items())  # one node per text
    nodes = "SELECT (COUNT(*) AS ?n) { ?n a dcterms:BibliographicResource }"
    assert sparql.run(bundled_store, nodes).records()[0]["n"] == len(set(cited))
    stamp = citations(bundled_store, "https://w3id.org/accredigraph/id/build").values()
    for name in ("data/networks.csv", "data/sample/certificates.csv"):  # the files, by name
        assert any(text.endswith(name) for text in stamp), (name, stamp)


def test_a_generated_register_cites_by_iri(tmp_path):
    generate_register(tmp_path / "generated", 60, seed=3)
    store, report = build_store("memory", extra=[tmp_path / "generated"])
    assert literal_sources(store) == []
    stamp = citations(store, "https://w3id.org/accredigraph/id/build").values()
    assert any(text.endswith("generated/certificates.csv") for text in stamp)
    assert len(stamp) == len(report.files) - 1  # every file but the ontology, by name


@pytest.mark.parametrize("how", ["build", "import"])
def test_a_users_register_cites_by_iri_and_keeps_every_text(tmp_path, how):
    folder = write_register(tmp_path / "register", CITED)
    (folder / "fair.ttl").write_text(TURTLE, encoding="utf-8")
    if how == "build":
        store, _ = build_store("memory", extra=[folder])
    else:
        store, _ = build_store("memory")
        import_register(store, folder)
    assert literal_sources(store) == []
    ab, cb = body_iri("t-ab"), body_iri("t-cb")
    assert set(citations(store, ab).values()) == {CITED_AB[1]}
    assert web_sources(store, ab) == {CITED_AB[0]}
    assert set(citations(store, cb).values()) == {CITED_CB[1], "Trade fair leaflet, 2024"}
    assert web_sources(store, cb) == {CITED_CB[0], "https://tcb.example/fair"}
    everything = set(citations(store).values())
    for _, text in (CITED_ACCREDITATION, CITED_CERTIFICATE, CITED_MEMBERSHIP):
        assert text in everything


def test_an_import_on_disk_cites_by_iri(tmp_path):
    location = tmp_path / "store"
    build_store(location)
    import_register(open_store(location), write_register(tmp_path / "register", CITED))
    store = open_store(location)
    assert literal_sources(store) == []
    assert CITED_CERTIFICATE[1] in citations(store).values()


def test_an_upload_cites_its_files_and_rows_by_iri(tmp_path):
    store = reference_store()
    folder = write_register(tmp_path / "upload", CITED)
    upload = import_upload(store, folder, visitor=new_visitor(),
                           at=dt.datetime(2026, 5, 1, 14, 3, tzinfo=dt.UTC))  # fmt: skip
    assert literal_sources(store) == []
    assert set(citations(store, upload.iri).values()) == set(upload.files) >= {"certificates.csv"}
    assert CITED_AB[1] in citations(store, body_iri("t-ab")).values()


def test_a_rebuild_of_the_same_text_gives_the_same_node(tmp_path):
    one, _ = build_store("memory", extra=[write_register(tmp_path / "a", CITED)])
    two, _ = build_store("memory", extra=[write_register(tmp_path / "b", CITED)])
    ab = body_iri("t-ab")
    assert citations(one, ab) == citations(two, ab) == {source_iri(CITED_AB[1]): CITED_AB[1]}


def test_an_upload_citing_a_document_the_graph_cites_leaves_its_node_as_it_was(tmp_path):
    """The graph holds one node per document: a later upload citing it does not claim it."""
    store = reference_store()
    first = import_upload(store, write_register(tmp_path / "one", CITED), visitor=new_visitor())
    row = {**CITED["certification_bodies.csv"][0], "id": "t-cb-2", "name": "Other Cert Ltd",
           "source": f"{CITED_AB[1]} | Other brochure"}  # fmt: skip
    folder = write_register(tmp_path / "two", {"certification_bodies.csv": [row]})
    second = import_upload(store, folder, visitor=new_visitor())
    query = "SELECT ?s ?upload WHERE { ?s prov:wasGeneratedBy ?upload }"
    made = {(r["s"], r["upload"]) for r in sparql.run(store, query, row_cap=None).records()}
    assert (source_iri(CITED_AB[1]), first.iri) in made
    assert (source_iri(CITED_AB[1]), second.iri) not in made  # cited again, not made again
    assert (source_iri("Other brochure"), second.iri) in made  # the second upload's own
    assert set(citations(store, body_iri("t-cb-2")).values()) == {CITED_AB[1], "Other brochure"}


#: Addresses that look like web addresses but are not IRIs (a bad percent escape, a bad host,
#: a port that is not a number): the store's strict parser refuses them.
NOT_IRIS = ("https://tcb.example/100%zz", "https://[tcb.example/x", "https://tcb.example:8o/")


@pytest.mark.slow
def test_an_address_that_is_not_an_iri_is_cited_by_its_text_on_disk(tmp_path):
    """A build on disk loads its N-Triples without the loader checking IRIs (``lenient``), so
    an address that is not an IRI must never reach it as one: it is cited as a document."""
    for address in NOT_IRIS:
        with pytest.raises(ValueError):
            ox.NamedNode(address)
    row = {**CITED["certification_bodies.csv"][0], "source": " | ".join(NOT_IRIS)}
    folder = write_register(tmp_path / "register", {"certification_bodies.csv": [row]})
    store, _ = build_store(tmp_path / "store", extra=[folder])
    cb = body_iri("t-cb")
    assert web_sources(store, cb) == set()
    assert set(citations(store, cb).values()) == set(NOT_IRIS)
    assert literal_sources(store) == []
