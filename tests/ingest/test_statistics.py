"""The class partition written at build time and kept by imports (graph/ingest/statistics.py)
gives the answer of the direct queries it replaces — ``void-class-partition-direct`` and
``class-counts-direct``, kept as the reference — after a build, after imports of new
certificates, of an accreditation that removes flags, of Turtle, on disk, and in a visitor's
workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph import sparql
from graph.ingest.build import build_store, import_register
from graph.ingest.generate import generate_register
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from graph.ingest.statistics import recount_classes, write_class_partition
from graph.query import run_named
from tests.conftest import early_accreditation, read_rows, write_register

pytestmark = pytest.mark.slow

AG = "https://w3id.org/accredigraph/def#"


def stored_and_direct(store, name: str) -> tuple[list, list]:
    got = run_named(store, name, row_cap=None, timeout=None)
    want = run_named(store, f"{name}-direct", row_cap=None, timeout=None)
    assert got.variables == want.variables
    return got.rows, want.rows


def assert_same_answers(store) -> dict[str, int]:
    """The stored class partition answers as the direct queries, row for row; returns the
    entities of each class."""
    for name in ("void-class-partition", "class-counts"):
        got, want = stored_and_direct(store, name)
        assert got == want, name
        assert got, name
    rows = run_named(store, "void-class-partition", row_cap=None, timeout=None).records()
    return {r["class"]: r["entities"] for r in rows}


@pytest.fixture(scope="module")
def register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("statistics") / "register"
    generate_register(folder, 2_000, seed=8)
    return folder


def test_a_build_writes_the_class_partition(register):
    store, _ = build_store("memory", extra=[register])
    counts = assert_same_answers(store)
    assert counts[AG + "Certificate"] >= 2_000
    assert counts[AG + "RedFlag"] > 0
    # the partition nodes are not typed: they do not count themselves
    assert not any("void" in c for c in counts)


def test_imports_keep_it_right(register, tmp_path):
    store, _ = build_store("memory", extra=[register])
    before = assert_same_answers(store)
    # new certificates, issued early: more certificates, organisations and flags
    rows = read_rows(register / "certificates.csv")[:150]
    for row in rows:
        row["id"] = "X-" + row["id"]
        row["issued"] = "2001-02-03"
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": rows}))
    after = assert_same_answers(store)
    assert after[AG + "Certificate"] == before[AG + "Certificate"] + 150
    assert after[AG + "RedFlag"] > before[AG + "RedFlag"]

    # an accreditation from 1990 for the issuer of a flagged certificate: its "issued before
    # accreditation" flags go, and the flag count goes down
    flagged = run_named(store, "red-flag-issued-before-accreditation", row_cap=None).records()
    cert = next(r for r in read_rows(register / "certificates.csv")
                if r["id"] == flagged[0]["id"])  # fmt: skip
    earlier = early_accreditation(cert)
    import_register(store, write_register(tmp_path / "acc", {"accreditations.csv": [earlier]}))
    later = assert_same_answers(store)
    assert later[AG + "RedFlag"] < after[AG + "RedFlag"]
    assert later[AG + "Accreditation"] == after[AG + "Accreditation"] + 1

    # Turtle: a node of a class new to the store, and a type the store already has
    folder = tmp_path / "turtle"
    folder.mkdir()
    (folder / "extra.ttl").write_text(
        "<https://example.org/thing/1> a <https://example.org/def#Widget> .\n"
        "<https://example.org/thing/2> a <https://example.org/def#Widget> .\n"
        f"<{cert_iri(cert['id'])}> a <{AG}Certificate> .\n",
        encoding="utf-8",
    )
    import_register(store, folder)
    last = assert_same_answers(store)
    assert last["https://example.org/def#Widget"] == 2
    assert last[AG + "Certificate"] == later[AG + "Certificate"]


def cert_iri(number: str) -> str:
    from graph.vocab.mint import certificate_iri

    return certificate_iri(number)


def test_a_class_with_no_nodes_left_loses_its_partition_node(register):
    store, _ = build_store("memory", extra=[register])
    sparql.update(store, "DELETE WHERE { ?s a ag:SampleRecord }")
    recount_classes(store, {AG + "SampleRecord"})
    counts = assert_same_answers(store)
    assert AG + "SampleRecord" not in counts


def test_on_disk_build_and_import(tmp_path):
    small = tmp_path / "small"
    generate_register(small, 600, seed=9)
    store, _ = build_store(tmp_path / "store", extra=[small])
    before = assert_same_answers(store)
    rows = read_rows(small / "certificates.csv")[:40]
    for row in rows:
        row["id"] = "X-" + row["id"]
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": rows}))
    after = assert_same_answers(store)
    assert after[AG + "Certificate"] == before[AG + "Certificate"] + 40


def test_a_workspace_upload_keeps_it_right(tmp_path):
    small = tmp_path / "small"
    generate_register(small, 300, seed=10)
    store = reference_store()
    assert AG + "Certificate" not in assert_same_answers(store)
    import_upload(store, small, visitor=new_visitor(), max_rows=10_000)
    counts = assert_same_answers(store)
    assert counts[AG + "Certificate"] == 300
    assert counts["http://www.w3.org/ns/prov#Activity"] >= 1  # the upload itself


def test_nodes_typed_in_a_named_graph_are_counted_once(register):
    store, _ = build_store("memory", extra=[register])
    counts = assert_same_answers(store)
    some = run_named(store, "certificate-chain", row_cap=None).records()[0]["certificate"]
    sparql.update(store, f"INSERT DATA {{ GRAPH <urn:x:g> {{ <{some}> a ag:Certificate . "
                  "<urn:x:new> a ag:Certificate } }")  # fmt: skip
    write_class_partition(store)  # the same node in two graphs counts once, as directly
    got, want = stored_and_direct(store, "void-class-partition")
    assert got == want
    stored = {str(r[0].value): int(r[1].value) for r in got}
    assert stored[AG + "Certificate"] == counts[AG + "Certificate"] + 1
    # class-counts reads the same partition (class-counts-direct counts the default graph
    # only: accredigraph writes no named graph, docs/model.md)
    shown = run_named(store, "class-counts", row_cap=None).records()
    assert {r["class"]: r["count"] for r in shown}[AG + "Certificate"] == stored[AG + "Certificate"]


def test_a_build_counts_the_ontology_once_when_a_register_repeats_it(tmp_path):
    # the ontology is loaded last, with the partition: a type statement a register already
    # made (here: the class Certificate declared again) counts once
    folder = tmp_path / "turtle"
    folder.mkdir()
    (folder / "repeat.ttl").write_text(
        f"<{AG}Certificate> a <http://www.w3.org/2002/07/owl#Class> .\n"
        "<https://example.org/x> a <http://www.w3.org/2002/07/owl#Class> .\n",
        encoding="utf-8",
    )
    store, _ = build_store("memory", extra=[folder])
    plain, _ = build_store("memory")
    owl = "http://www.w3.org/2002/07/owl#Class"
    assert assert_same_answers(store)[owl] == assert_same_answers(plain)[owl] + 1
