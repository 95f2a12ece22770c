"""The VoID tracker of imports (graph/ingest/void_tracker.py) keeps the stored statistics equal
to the direct queries' answers through changes that remove triples and add them back, that
change a certificate's status or class, and through imports that replace flags with the same
ones — whether it looks up through the embedded store's indexes or, as for a remote endpoint,
through SPARQL (a store without ``lookup``)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph import sparql
from graph.ingest.build import build_store, import_register
from graph.ingest.generate import generate_register
from graph.ingest.statistics import recount_classes
from graph.ingest.void_nodes import finish, track
from graph.query import run_named
from graph.store import Lookups
from graph.vocab.namespaces import AG, RDF, code
from tests.conftest import SparqlOnly, early_accreditation, read_rows, write_register
from tests.ingest.test_void_statistics import assert_same_answers, triples_of

pytestmark = pytest.mark.slow

STATUS = AG + "status"


@pytest.fixture(scope="module")
def register(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tracker") / "register"
    generate_register(folder, 400, seed=21)
    return folder


@pytest.fixture(params=["indexes", "sparql"])
def store(request, register):
    built, _ = build_store("memory", extra=[register])
    if request.param == "sparql":
        wrapped = SparqlOnly(built)
        assert not isinstance(wrapped, Lookups)
        return wrapped
    assert isinstance(built, Lookups)
    return built


def triples_of_subject(store, subject: str) -> list[ox.Triple]:
    found = sparql.run(store, f"SELECT ?p ?o WHERE {{ <{subject}> ?p ?o }}", row_cap=None)
    return [ox.Triple(ox.NamedNode(subject), p, o) for p, o in found.rows]


def replace(store, removed: list[ox.Triple], added: list[ox.Triple]) -> None:
    if removed:
        data = ox.serialize(removed, format=ox.RdfFormat.N_TRIPLES).decode()
        store.update(f"DELETE DATA {{ {data} }}")
    store.add(added)


def some_certificate(store) -> str:
    return run_named(store, "certificate-chain", row_cap=None).records()[0]["certificate"]


def test_removing_triples_and_adding_them_back_changes_nothing(store):
    before = assert_same_answers(store)
    cert = some_certificate(store)
    triples = triples_of_subject(store, cert)
    assert len(triples) > 5
    tracker = track(store)
    tracker.change(triples, triples, lambda: replace(store, triples, triples))
    # and in two steps: out, then back in
    tracker.change([], triples, lambda: replace(store, triples, []))
    tracker.change(triples, [], lambda: replace(store, [], triples))
    finish(store, tracker)
    assert assert_same_answers(store) == before


def test_a_certificate_whose_status_and_class_change(store):
    before = assert_same_answers(store)
    cert = some_certificate(store)
    old = [t for t in triples_of_subject(store, cert) if t.predicate.value == STATUS]
    assert len(old) == 1
    subject = ox.NamedNode(cert)
    other = "withdrawn" if old[0].object.value.endswith("/valid") else "valid"
    cls = ox.NamedNode("https://example.org/def#AuditedCertificate")
    certificate = ox.Triple(subject, ox.NamedNode(RDF + "type"), ox.NamedNode(AG + "Certificate"))
    added = [ox.Triple(subject, ox.NamedNode(STATUS), ox.NamedNode(code("certificate-status",
                                                                        other))),
             ox.Triple(subject, certificate.predicate, cls)]  # fmt: skip
    removed = [*old, certificate]
    tracker = track(store)
    tracker.change(added, removed, lambda: replace(store, removed, added))
    recount_classes(store, {AG + "Certificate", cls.value})
    finish(store, tracker)
    after = assert_same_answers(store)
    for prop in (STATUS, RDF + "type"):  # one out, one in (the statistics nodes are untyped)
        assert triples_of(after, prop) == triples_of(before, prop)
    partition = run_named(store, "void-class-partition", row_cap=None).rows
    assert partition == run_named(store, "void-class-partition-direct", row_cap=None).rows
    assert any(r["class"] == cls.value for r in run_named(store, "void-class-partition").records())


def test_an_import_that_replaces_flags_with_the_same_ones(store, register, tmp_path):
    before = assert_same_answers(store)
    flagged = run_named(store, "red-flag-issued-before-accreditation", row_cap=None).records()
    assert flagged
    cert = next(r for r in read_rows(register / "certificates.csv") if r["id"] == flagged[0]["id"])
    # an accreditation of the flagged certificate's issuer that clears none of its flags (a
    # standard it did not certify to): its flags are recomputed, deleted and written again
    unrelated = dict(early_accreditation(cert), id="X-A-OTHER", standards="ISO 50001",
                     valid_from="2039-01-01")  # fmt: skip
    triples = len(store)
    folder = write_register(tmp_path / "acc", {"accreditations.csv": [unrelated]})
    report = import_register(store, folder)
    assert report.triples == len(store) - triples  # from the stored counts, not len()
    after = assert_same_answers(store)
    flag = AG + "flagIssuer"
    assert triples_of(after, flag) == triples_of(before, flag)
    assert after["void-counts"][0]["triples"] > before["void-counts"][0]["triples"]


def test_an_import_that_restates_a_certificate_with_another_status_and_class(store, tmp_path):
    cert = some_certificate(store)
    folder = tmp_path / "turtle"
    folder.mkdir()
    (folder / "restated.ttl").write_text(
        f"<{cert}> a <https://example.org/def#AuditedCertificate> , <{AG}Certificate> ;\n"
        f"    <{STATUS}> <{code('certificate-status', 'suspended')}> , "
        f"<{code('certificate-status', 'withdrawn')}> .\n",
        encoding="utf-8",
    )
    (status,) = [t.object.value for t in triples_of_subject(store, cert)
                 if t.predicate.value == STATUS]  # fmt: skip
    before = assert_same_answers(store)
    import_register(store, folder)
    after = assert_same_answers(store)
    new = {code("certificate-status", s) for s in ("suspended", "withdrawn")} - {status}
    assert triples_of(after, STATUS) - triples_of(before, STATUS) == len(new)
