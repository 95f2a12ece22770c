"""An import refuses a certificate id the store already has, without reading every certificate
id of the store (at a million they answered past the size limit, and the import failed): it
asks the store about its own ids, a batch of rows at a time (graph/ingest/context.py)."""

from __future__ import annotations

import pytest

from graph.errors import DataError
from graph.ingest.build import import_register
from graph.ingest.context import stored_certificates
from graph.query import run_named
from tests.conftest import BASE_REGISTER

CERT = BASE_REGISTER["certificates.csv"][0]


def rows(n: int, prefix: str = "N-") -> list[dict[str, str]]:
    return [dict(CERT, id=f"{prefix}{i:05d}") for i in range(n)]


def problems_of(store, folder) -> list[str]:
    with pytest.raises(DataError) as caught:
        import_register(store, folder)
    texts = [str(p) for p in caught.value.problems]
    return [text[text.index("certificates.csv") :] for text in texts]  # from the file name


def test_the_store_is_asked_only_about_the_ids_given(register_store):
    store = register_store(BASE_REGISTER)
    assert stored_certificates(store, ["T-C-1", "NOPE", "", "T-C-1"]) == {"T-C-1"}
    assert stored_certificates(store, []) == set()


def test_an_id_the_store_has_is_refused_in_any_batch(register_store, make_register):
    store = register_store(BASE_REGISTER)
    before = len(store)
    # the store's id in the first batch of rows, and again past the first 2,000 rows
    new = [CERT, *rows(2_100)]
    new.insert(2_050, dict(CERT))
    problems = problems_of(store, make_register({"certificates.csv": new}, name="more"))
    assert [p for p in problems if "duplicate certificate id 'T-C-1'" in p] == [
        "certificates.csv:2: id: duplicate certificate id 'T-C-1'",
        "certificates.csv:2052: id: duplicate certificate id 'T-C-1'",
    ]
    assert len(store) == before  # nothing loaded


def test_ids_new_to_the_store_go_in_and_are_then_known(register_store, make_register):
    store = register_store(BASE_REGISTER)
    import_register(store, make_register({"certificates.csv": rows(2_500)}, name="first"))
    ids = {r["id"] for r in run_named(store, "internal-ids", row_cap=None).records()}
    assert {"N-00000", "N-02499"} <= ids
    again = [*rows(3, prefix="M-"), dict(CERT, id="N-02499")]
    problems = problems_of(store, make_register({"certificates.csv": again}, name="again"))
    assert problems == ["certificates.csv:5: id: duplicate certificate id 'N-02499'"]


def test_a_certificate_from_turtle_counts_by_its_identifier(register_store, tmp_path,
                                                            make_register):  # fmt: skip
    store = register_store(BASE_REGISTER)
    folder = tmp_path / "turtle"
    folder.mkdir()
    (folder / "cert.ttl").write_text(
        "<https://example.org/cert/7> a <https://w3id.org/accredigraph/def#Certificate> ;\n"
        '    <http://purl.org/dc/terms/identifier> "EX-7" .\n',
        encoding="utf-8",
    )
    import_register(store, folder)
    problems = problems_of(
        store, make_register({"certificates.csv": [dict(CERT, id="EX-7")]}, name="dup")
    )
    assert problems == ["certificates.csv:2: id: duplicate certificate id 'EX-7'"]
