"""The VoID statistics written at build time and kept by imports (graph/ingest/void_nodes.py)
give the answers of the direct queries they replace — ``void-counts-direct``,
``void-property-partition-direct``, ``void-linksets-direct``, kept as the reference — row for
row, after a build of 10,000 certificates, after imports on top of it (new certificates, an
accreditation whose flags are replaced, Turtle with new properties, links and blank nodes), on
disk, in a visitor's workspace and with a named graph."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from graph import sparql
from graph.ingest import void_nodes
from graph.ingest.build import build_store, import_register
from graph.ingest.generate import generate_register
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from graph.ingest.void_counts import count_store
from graph.ingest.void_nodes import write_void_statistics
from graph.query import run_named
from tests.conftest import early_accreditation, read_rows, write_register

pytestmark = pytest.mark.slow

NAMES = ("void-counts", "void-property-partition", "void-linksets")
VOID = "http://rdfs.org/ns/void#"


def assert_same_answers(store) -> dict[str, list]:
    """Each stored answer equals its direct query's, columns and rows in order; returns the
    stored rows by query."""
    answers = {}
    for name in NAMES:
        got = run_named(store, name, row_cap=None, timeout=None)
        want = run_named(store, f"{name}-direct", row_cap=None, timeout=None)
        assert got.variables == want.variables, name
        assert got.rows == want.rows, name
        assert got.rows, name
        answers[name] = got.records()
    return answers


def triples_of(answers: dict[str, list], prop: str) -> int:
    rows = answers["void-property-partition"]
    return next((r["triples"] for r in rows if r["property"] == prop), 0)


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("void") / "register"
    generate_register(folder, 10_000, seed=11)
    return folder


@pytest.fixture(scope="module")
def built(register):
    store, _ = build_store("memory", extra=[register])
    return store


def test_a_build_of_ten_thousand_certificates_writes_them(built):
    answers = assert_same_answers(built)
    (counts,) = answers["void-counts"]
    assert counts["triples"] == len(built)  # the statistics nodes count themselves
    assert counts["entities"] > 10_000
    # the nodes hold the counts in the VoID vocabulary, declared in the ontology
    props = {r["property"] for r in answers["void-property-partition"]}
    assert {VOID + "triples", VOID + "distinctObjects", VOID + "linkPredicate"} <= props


def test_the_properties_a_build_noted_need_not_be_complete(built):
    # counting without the build's list of properties finds them: the same counts
    noted = count_store(built)
    listed = count_store(built, ["http://www.w3.org/2000/01/rdf-schema#label"])
    assert noted == listed
    assert noted.triples == len(built)


def test_imports_keep_them_right(register, tmp_path):
    store, _ = build_store("memory", extra=[register])
    before = assert_same_answers(store)
    # new certificates issued early (new flags), and some already there (nothing new)
    rows = read_rows(register / "certificates.csv")
    new = [dict(r, id="X-" + r["id"], issued="2001-02-03") for r in rows[:300]]
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": new}))
    after = assert_same_answers(store)
    assert after["void-counts"][0]["triples"] > before["void-counts"][0]["triples"]

    # an accreditation from 1990 for the issuer of a flagged certificate: its "issued before
    # accreditation" flags are removed, so triples, subjects and objects go away
    flagged = run_named(store, "red-flag-issued-before-accreditation", row_cap=None).records()
    cert = next(r for r in rows if r["id"] == flagged[0]["id"])
    earlier = early_accreditation(cert)
    flags = triples_of(after, "https://w3id.org/accredigraph/def#flagIssuer")
    import_register(store, write_register(tmp_path / "acc", {"accreditations.csv": [earlier]}))
    later = assert_same_answers(store)
    assert triples_of(later, "https://w3id.org/accredigraph/def#flagIssuer") < flags

    # Turtle: a new property, a link to a new site, blank nodes, a literal and a link the
    # store has already, a statement repeated
    some = run_named(store, "certificate-chain", row_cap=None).records()[0]["certificate"]
    folder = tmp_path / "turtle"
    folder.mkdir()
    (folder / "extra.ttl").write_text(
        "@prefix ex: <https://example.org/def#> .\n"
        "<https://example.org/thing/1> ex:seeAlso <https://elsewhere.example.net/page> ;\n"
        '    ex:note [ ex:text "a note" ] , [ ex:text "a note" ] ;\n'
        "    <http://purl.org/dc/terms/source> <https://www.ukas.com/> .\n"
        '_:b ex:text "Certificate" .\n'
        f"<{some}> a <https://w3id.org/accredigraph/def#Certificate> .\n",
        encoding="utf-8",
    )
    import_register(store, folder)
    last = assert_same_answers(store)
    assert triples_of(last, "https://example.org/def#text") == 3
    spaces = {r["space"] for r in last["void-linksets"]}
    assert "https://elsewhere.example.net/" in spaces


def test_an_import_of_ten_thousand_rows_keeps_them_right(built, register, tmp_path, capsys):
    rows = read_rows(register / "certificates.csv")
    new = [dict(r, id="Y-" + r["id"]) for r in rows]
    store, _ = build_store("memory", extra=[register])
    started = time.perf_counter()
    import_register(store, write_register(tmp_path / "ten", {"certificates.csv": new}))
    seconds = time.perf_counter() - started
    assert_same_answers(store)
    with capsys.disabled():
        print(
            f"\nimport of {len(new):,} certificate rows with the VoID statistics: {seconds:.1f} s"
        )


def test_on_disk_build_and_import(tmp_path):
    small = tmp_path / "small"
    generate_register(small, 600, seed=9)
    store, _ = build_store(tmp_path / "store", extra=[small])
    assert_same_answers(store)
    rows = read_rows(small / "certificates.csv")[:40]
    for row in rows:
        row["id"] = "X-" + row["id"]
        row["issued"] = "2001-02-03"
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": rows}))
    assert_same_answers(store)


def test_a_workspace_upload_keeps_them_right(tmp_path):
    small = tmp_path / "small"
    generate_register(small, 300, seed=10)
    store = reference_store()
    assert_same_answers(store)
    import_upload(store, small, visitor=new_visitor(), max_rows=10_000)
    assert_same_answers(store)
    # a second upload changes the flags of the first: they are replaced and marked
    rows = read_rows(small / "certificates.csv")[:30]
    for row in rows:
        row["id"] = "Z-" + row["id"]
        row["issued"] = "2001-02-03"
    more = write_register(tmp_path / "more", {"certificates.csv": rows})
    import_upload(store, more, visitor=new_visitor(), max_rows=10_000)
    assert_same_answers(store)


def test_triples_in_a_named_graph_are_counted_too(tmp_path):
    small = tmp_path / "small"
    generate_register(small, 200, seed=12)
    store, _ = build_store("memory", extra=[small])
    some = run_named(store, "certificate-chain", row_cap=None).records()[0]["certificate"]
    sparql.update(store, f"INSERT DATA {{ GRAPH <urn:x:g> {{ <{some}> a ag:Certificate . "
                  "<urn:x:new> <urn:x:p> <https://example.org/x> } }")  # fmt: skip
    write_void_statistics(store)  # counted by the direct queries, every graph read
    assert_same_answers(store)
    rows = read_rows(small / "certificates.csv")[:10]
    for row in rows:
        row["id"] = "X-" + row["id"]
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": rows}))
    assert_same_answers(store)


def test_a_build_counts_its_entities_from_the_subjects_it_noted(tmp_path, monkeypatch):
    # A build counts entities as the distinct subjects less the blank ones its Sink wrote and
    # less the subject IRIs outside the id and code spaces it noted (and the ontology's),
    # without reading or testing every subject. A register's Turtle brings such a subject,
    # blank nodes, statements the CSV rows also make, and values in two spellings the store
    # keeps as one.
    folder = tmp_path / "register"
    generate_register(folder, 300, seed=5)
    cert = read_rows(folder / "certificates.csv")[0]
    some = run_named(
        build_store("memory", extra=[folder])[0], "certificate-chain", row_cap=None
    ).records()[0]["certificate"]
    (folder / "extra.ttl").write_text(
        "@prefix ex: <https://example.org/def#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        '<https://example.org/thing/1> ex:count "01"^^xsd:integer , "1"^^xsd:integer ;\n'
        '    ex:note [ ex:text "a note" ] ; ex:tag "x"@EN , "x"@en .\n'
        '_:b ex:text "b" .\n'
        f"<{some}> a <https://w3id.org/accredigraph/def#Certificate> ;\n"
        f'    <https://w3id.org/accredigraph/def#number> "{cert["id"]}" .\n'
        f"<https://w3id.org/accredigraph/id/extra/1> ex:seeAlso <{some}> .\n",
        encoding="utf-8",
    )
    noted = []
    counted = void_nodes.count_store

    def spy(store, properties=(), links=None, outside=None, blank=None):
        noted.append((outside, blank))
        return counted(store, properties, links, outside, blank)

    monkeypatch.setattr(void_nodes, "count_store", spy)
    store, _ = build_store("memory", extra=[folder])
    ((outside, blank),) = noted  # the build counted once, with the subjects its Sink noted
    assert blank == 2  # the note's node and _:b: the blank subjects it wrote, not read
    assert "https://example.org/thing/1" in outside
    assert not any(iri.startswith("https://w3id.org/accredigraph/id/") for iri in outside)
    answers = assert_same_answers(store)  # entities, subjects, objects as the direct queries
    assert triples_of(answers, "https://example.org/def#count") == 1  # as the store keeps it
    assert triples_of(answers, "https://example.org/def#tag") == 1


def test_the_sink_notes_subjects_outside_the_entity_spaces():
    from graph.ingest.context import Sink

    out = Sink()
    out.lit("https://w3id.org/accredigraph/id/body/x", "http://x/p", "a")
    out.iri("https://example.org/a", "http://x/p", "https://example.org/b")
    out.lit("https://example.org/a", "http://x/q", "b")
    out.iri("https://w3id.org/accredigraph/code/status/valid", "http://x/p", "http://x/c")
    assert out.outside == {"https://example.org/a"}
