"""Issue 12: a visitor's workspace — the bundled reference data plus their upload, every triple
of which is marked user-supplied, with who and when."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.errors import DataError
from graph.ingest.overlay import USER_SUPPLIED, import_upload, new_visitor, reference_store
from graph.query import run_named
from graph.sparql import run
from graph.vocab.mint import body_iri, certificate_iri
from graph.vocab.namespaces import PROV
from tests.conftest import BASE_REGISTER

AT = dt.datetime(2026, 5, 1, 14, 3, tzinfo=dt.UTC)


def _ask(store, text: str) -> bool:
    return run(store, text, trusted=True).value  # type: ignore[union-attr]


def test_the_reference_store_has_the_bodies_but_no_certificates():
    store = reference_store()
    assert _ask(store, f"ASK {{ <{body_iri('ukas')}> a ag:AccreditationBody }}")
    assert not _ask(store, "ASK { ?c a ag:Certificate }")
    assert not _ask(store, "ASK { ?s a ag:SampleRecord }")
    assert reference_store() is not store  # a fresh store per workspace


def test_every_subject_of_an_upload_is_marked_with_who_and_when(make_register):
    store = reference_store()
    bundled = len(store)
    classes = len(run_named(store, "void-class-partition", row_cap=None).rows)
    statistics = len(run_named(store, "internal-void-nodes", row_cap=None).rows)
    counts = len(run_named(store, "internal-flag-page-counts", row_cap=None).rows)
    windows = len(run_named(store, "internal-lapse-window-triples", row_cap=None).rows)
    visitor = new_visitor()
    upload = import_upload(store, make_register(BASE_REGISTER), visitor=visitor, at=AT)
    assert upload.label == "upload of 2026-05-01 14:03 UTC"
    # the store grows by the upload's triples and by the statistics nodes: two per class it is
    # the first to type (the class partition: graph/ingest/statistics.py), four per property
    # and three per linkset it is the first to use (graph/ingest/void_nodes.py)
    new_classes = len(run_named(store, "void-class-partition", row_cap=None).rows) - classes
    grown = len(run_named(store, "internal-void-nodes", row_cap=None).rows) - statistics
    assert new_classes > 0 and grown >= 2 * new_classes
    # and by the count of each flag page it is the first to place something in (recounted
    # after it: its valid certificate opens the page of its body and standard, rule valid-pair)
    pages = len(run_named(store, "internal-flag-page-counts", row_cap=None).rows) - counts
    assert pages == 1
    # and by the lapse window of each pair its accreditation covers (two standards; from the
    # day after it ends: graph/ingest/lapse_windows.py), five triples, marked as the upload's
    lapses = len(run_named(store, "internal-lapse-window-triples", row_cap=None).rows) - windows
    assert lapses == 2 * (5 + 2)
    assert upload.rows == 3 and len(store) - bundled == upload.triples + grown + pages + lapses
    unmarked = run(
        store,
        f"""SELECT ?s WHERE {{
        ?s ?p ?o . FILTER NOT EXISTS {{ ?s <{USER_SUPPLIED}> true }}
        FILTER(STRSTARTS(STR(?s), "https://w3id.org/accredigraph/id/certificate/")
            || STRSTARTS(STR(?s), "https://w3id.org/accredigraph/id/organisation/")
            || ?s = <{body_iri("t-cb")}>) }}""",
        trusted=True,
    ).records()  # type: ignore[union-attr]
    assert unmarked == []
    cert = certificate_iri("T-C-1")
    assert _ask(
        store,
        f"""ASK {{ <{cert}> <{USER_SUPPLIED}> true ;
        <{PROV}wasGeneratedBy> [ <{PROV}wasAssociatedWith> <{visitor}> ;
                                 <{PROV}endedAtTime> "{AT.isoformat()}"^^xsd:dateTime ] }}""",
    )
    # bundled nodes stay unmarked
    assert not _ask(store, f"ASK {{ <{body_iri('ukas')}> <{USER_SUPPLIED}> ?x }}")


def test_turtle_and_too_many_rows_are_refused_whole(make_register):
    store = reference_store()
    before = len(store)
    folder = make_register(BASE_REGISTER)
    with pytest.raises(DataError, match="at most 2"):
        import_upload(store, folder, visitor=new_visitor(), max_rows=2)
    (folder / "extra.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n")
    with pytest.raises(DataError, match="Turtle is not accepted"):
        import_upload(store, folder, visitor=new_visitor())
    assert len(store) == before


def test_a_look_alike_of_a_bundled_body_is_refused_in_a_workspace(make_register):
    store = reference_store()
    folder = make_register({"accreditation_bodies.csv": [
        {"id": "my-ab", "name": "UKАS", "country": "GB", "iaf_mla_scopes": "ISO 9001",
         "website": ""}]})  # fmt: skip
    with pytest.raises(DataError) as caught:
        import_upload(store, folder, visitor=new_visitor())
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, "name")
    assert "United Kingdom Accreditation Service (id ukas)" in problem.message


def test_two_workspaces_do_not_see_each_other(make_register):
    mine, theirs = reference_store(), reference_store()
    import_upload(mine, make_register(BASE_REGISTER), visitor=new_visitor())
    rows = run_named(theirs, "internal-ids", row_cap=None).records()
    assert "T-C-1" not in {r["id"] for r in rows}
