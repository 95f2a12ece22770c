"""Red flags and certificate counts written at build and import time (graph/ingest/flags.py,
graph/ingest/flag_store.py) give, row for row, the answer of the direct queries they replace
(``*-direct.rq``, kept as the reference) — after a build, after imports that change the flags of
certificates already in the graph, after an import of new certificates, on disk, and in a
visitor's workspace."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph import sparql
from graph.ingest import flag_pages
from graph.ingest.build import build_store, import_register
from graph.ingest.flag_store import certified, refresh_flags
from graph.ingest.flags import RULES
from graph.ingest.generate import generate_register
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from graph.query import load_named, run_named
from tests.conftest import early_accreditation, read_rows, write_register

pytestmark = pytest.mark.slow

FLAGS = (
    "red-flag-ab-not-signatory",
    "red-flag-issued-before-accreditation",
    "red-flag-sector-outside-scope",
    "red-flag-non-certifiable-standard",
)
MATERIALISED = (*FLAGS, "certificates-per-standard", "certificates-per-standard-and-country")


def answers(store, name: str, **params: str) -> tuple[list, list]:
    """(materialised rows, direct rows) of ``name``; unbound parameters when none are given.
    A paged query's cursor columns (``# after:``, unbound here) come after the direct query's
    columns and are left out."""
    got = run_named(store, name, params, row_cap=None, timeout=None, defaults=bool(params))
    want = run_named(store, f"{name}-direct", params, row_cap=None, timeout=None,
                     defaults=bool(params))  # fmt: skip
    assert got.variables == [*want.variables, *load_named(name).after]
    return [row[: len(want.variables)] for row in got.rows], want.rows


def paged(store, name: str, cap: int, params: dict[str, str] | None = None) -> list[tuple]:
    """Every page of ``name`` (with ``params``) at ``cap`` rows, each asked for with the last
    row's values of the page's columns (as the app's "Next" button and ``--after`` ask), put end
    to end, without the cursor columns."""
    query, params, rows = load_named(name), dict(params or {}), []
    for _ in range(10_000):
        result = run_named(store, name, params, row_cap=cap, timeout=None)
        rows += [row[: len(result.variables) - len(query.after)] for row in result.rows]
        if not result.truncated:
            return rows
        last = result.rows[-1]
        for column, param in zip(query.page, query.after, strict=True):
            params[param] = last[result.variables.index(column)].value
    raise AssertionError("more than 10,000 pages")


def assert_pages_hold_every_flag(store) -> None:
    """Every flag is in exactly one page, of its rule, and each page's count is right."""
    lost = sparql.run(store, "SELECT ?f WHERE { ?f a ag:RedFlag MINUS { ?f ag:flagPage ?p } }")
    assert lost.rows == []
    wrong = sparql.run(store, """SELECT ?f WHERE { ?f ag:flagRule ?rule ; ag:flagPage ?page .
        OPTIONAL { ?page ag:pageRule ?pageRule } FILTER(!BOUND(?pageRule) || ?pageRule != ?rule) }
        """)  # fmt: skip
    assert wrong.rows == []
    twice = sparql.run(store, "SELECT ?f WHERE { ?f ag:flagPage ?a , ?b FILTER(?a != ?b) }")
    assert twice.rows == []
    counts = sparql.run(
        store,
        """SELECT ?page ?n (COUNT(?f) AS ?flags) WHERE {
        ?page ag:pageFlags ?n . OPTIONAL { ?f ag:flagPage|ag:certificatePage ?page } }
        GROUP BY ?page ?n""",
    )
    assert all(r["n"] == r["flags"] for r in counts.records())


def assert_same_answers(store, caps: tuple[int, ...] = (97,)) -> dict[str, int]:
    """Every materialised answer equals its direct query's, row for row — whole, and page by
    page put end to end at each of ``caps`` rows a page; rows per query."""
    assert_pages_hold_every_flag(store)
    sizes = {}
    for name in MATERIALISED:
        got, want = answers(store, name)
        assert got == want, name
        sizes[name] = len(got)
        if load_named(name).after:
            for cap in caps:
                assert paged(store, name, cap) == want, (name, cap)
    for country in ("GB", "DE", "US"):
        got, want = answers(store, "certificates-per-standard", country=country)
        assert got == want, country
    return sizes


def flags(store, rule: str) -> set[tuple]:
    rows = run_named(store, f"red-flag-{rule}", row_cap=None, timeout=None).records()
    key = {"ab-not-signatory": ("id", "accreditationId", "problem"),
           "issued-before-accreditation": ("id", "accreditationId"),
           "sector-outside-scope": ("id", "sectorCode"),
           "non-certifiable-standard": ("id", "kind")}[rule]  # fmt: skip
    return {tuple(r[k] for k in key) for r in rows}


@pytest.fixture
def register(register_10k: Path) -> Path:
    """The session's 10 k register (tests/ingest/conftest.py)."""
    return register_10k


def test_build_time_answers_equal_the_direct_queries_at_10k(register):
    store, _ = build_store("memory", extra=[register])
    sizes = assert_same_answers(store)
    # every rule has rows to compare (the generator writes each case at a stated rate)
    assert all(sizes[name] > 50 for name in FLAGS), sizes


def test_pages_of_a_few_flags_put_end_to_end_are_the_direct_answers(register, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    """With pages of 16 flags every answer spans dozens of pages: asked for a page at a time,
    from the first step's pages, they give the direct answer — after the build, and after an
    import whose certificates sort before, among and after the pages' bounds."""
    monkeypatch.setattr(flag_pages, "PAGE_FLAGS", 16)
    store, _ = build_store("memory", extra=[register])
    pages = sparql.run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p ag:pageRule ?r }").records()
    assert pages[0]["n"] > 50
    assert_same_answers(store, caps=(13, 250))
    rows = read_rows(register / "certificates.csv")[:600]
    for n, row in enumerate(rows):
        row["id"] = ("0-", "G-C-00050", "~")[n % 3] + row["id"]  # first, middle, last pages
        row["issued"] = "2001-02-03"  # before most accreditations: flagged
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": rows}))
    early = {c for c, _ in flags(store, "issued-before-accreditation")}
    assert {c[:2] for c in early & {r["id"] for r in rows}} == {"0-", "G-", "~G"}
    assert_same_answers(store, caps=(13, 250))


def test_flags_recomputed_from_the_store_are_the_flags_written_while_streaming(register):
    """What an import does for the issuers it touches (graph.ingest.flag_store), done for every
    issuer: the same flags of all four rules, and no other node."""
    store, _ = build_store("memory", extra=[register])
    before = {rule: flags(store, rule) for rule in RULES}
    size = len(store)
    assert refresh_flags(store, certified(store)) == sum(len(f) for f in before.values())
    assert {rule: flags(store, rule) for rule in RULES} == before
    assert len(store) == size
    assert_same_answers(store)


def _unaccredited(register: Path) -> tuple[str, str]:
    """A certification body of the register with ISO 9001 certificates and no accreditation."""
    accredited = {r["certification_body"] for r in read_rows(register / "accreditations.csv")}
    counts = Counter(
        r["certification_body"]
        for r in read_rows(register / "certificates.csv")
        if r["standard"].startswith("ISO 9001") and r["certification_body"] not in accredited
    )
    cb, n = counts.most_common(1)[0]
    assert n >= 2
    return cb, "ISO 9001"


def test_imports_that_change_accreditations_recompute_the_old_certificates_flags(
    register, tmp_path
):
    store, _ = build_store("memory", extra=[register])
    early = flags(store, "issued-before-accreditation")
    # a CB with "issued before accreditation" flags, and the standard of one of them
    cert_id, _ = sorted(early)[0]
    cert = next(r for r in read_rows(register / "certificates.csv") if r["id"] == cert_id)
    cb = cert["certification_body"]
    earlier = {
        "id": "X-A-EARLY", "accreditation_body": "ukas", "certification_body": cb,
        "standards": cert["standard"], "sectors": "", "valid_from": "1990-01-01",
        "valid_until": "2040-01-01", "status": "active",
    }  # fmt: skip
    # a CB with ISO 9001 certificates and no accreditation: a sector-limited accreditation
    # by the register's accreditation mill flags them three ways
    bare, standard = _unaccredited(register)
    limited = {
        "id": "X-A-LIMITED", "accreditation_body": "G-AB-001", "certification_body": bare,
        "standards": standard, "sectors": "1", "valid_from": "2025-06-01",
        "valid_until": "2030-01-01", "status": "active",
    }  # fmt: skip
    import_register(store, write_register(tmp_path / "acc",
                                          {"accreditations.csv": [earlier, limited]}))  # fmt: skip
    assert_same_answers(store)
    after = flags(store, "issued-before-accreditation")
    assert cert_id not in {c for c, _ in after}
    assert any(acc == "X-A-LIMITED" for _, acc in after)
    sectors = flags(store, "sector-outside-scope")
    bare_certs = {r["id"] for r in read_rows(register / "certificates.csv")
                  if r["certification_body"] == bare}  # fmt: skip
    assert any(cert in bare_certs for cert, _ in sectors)
    mill = {(c, p) for c, a, p in flags(store, "ab-not-signatory") if a == "X-A-LIMITED"}
    assert mill and {p for _, p in mill} == {"no-recognised-network"}

    # the mill joins a network: its flags now say "not-signatory", on certificates imported
    # long before
    membership = {"member": "G-AB-001", "organisation": "iaf", "role": "member",
                  "confidence": "unverified"}  # fmt: skip
    import_register(store, write_register(tmp_path / "member",
                                          {"memberships.csv": [membership]}))  # fmt: skip
    assert_same_answers(store)
    problems = {p for _, a, p in flags(store, "ab-not-signatory") if a == "X-A-LIMITED"}
    assert problems == {"not-signatory"}


def test_an_import_of_new_certificates_is_flagged_as_it_streams(register, tmp_path):
    store, _ = build_store("memory", extra=[register])
    rows = read_rows(register / "certificates.csv")[:400]
    for row in rows:
        row["id"] = "X-" + row["id"]
        row["issued"] = "2001-02-03"  # before most accreditations: flagged
    import_register(store, write_register(tmp_path / "certs", {"certificates.csv": rows}))
    assert_same_answers(store)
    assert any(c.startswith("X-") for c, _ in flags(store, "issued-before-accreditation"))


def test_an_on_disk_import_replaces_the_flags_it_changes(register, tmp_path):
    small = tmp_path / "small"
    generate_register(small, 1_500, seed=4)
    store, _ = build_store(tmp_path / "store", extra=[small])
    before = flags(store, "issued-before-accreditation")
    assert before
    cert_id, _ = sorted(before)[0]
    cert = next(r for r in read_rows(small / "certificates.csv") if r["id"] == cert_id)
    earlier = early_accreditation(cert)
    import_register(store, write_register(tmp_path / "acc", {"accreditations.csv": [earlier]}))
    assert cert_id not in {c for c, _ in flags(store, "issued-before-accreditation")}
    assert_same_answers(store)
    # no flag node is left behind for a certificate it no longer applies to
    left = sparql.run(store, "SELECT (COUNT(*) AS ?n) WHERE { ?f a ag:RedFlag }").records()
    assert left[0]["n"] == sum(len(flags(store, rule)) for rule in RULES)


def test_a_workspace_upload_is_flagged_and_reflagged(register, tmp_path):
    small = tmp_path / "small"
    generate_register(small, 600, seed=6)
    store = reference_store()
    visitor = new_visitor()
    import_upload(store, small, visitor=visitor, max_rows=10_000)
    sizes = assert_same_answers(store)
    assert sizes["red-flag-ab-not-signatory"] > 0
    bare, standard = _unaccredited(small)
    limited = {
        "id": "X-A-LIMITED", "accreditation_body": "G-AB-001", "certification_body": bare,
        "standards": standard, "sectors": "1", "valid_from": "2025-06-01",
        "valid_until": "2030-01-01", "status": "active",
    }  # fmt: skip
    second = import_upload(store, write_register(tmp_path / "acc",
                                                 {"accreditations.csv": [limited]}),
                           visitor=visitor, max_rows=10_000)  # fmt: skip
    assert_same_answers(store)
    assert any(a == "X-A-LIMITED" for _, a in flags(store, "issued-before-accreditation"))
    # the flags recomputed for the earlier upload's certificates are marked as the visitor's
    unmarked = sparql.run(store, "SELECT ?f WHERE { ?f a ag:RedFlag "
                          "FILTER NOT EXISTS { ?f ag:userSupplied true } }").records()  # fmt: skip
    assert unmarked == []
    limited_iri = "https://w3id.org/accredigraph/id/accreditation/X-A-LIMITED"
    query = f"SELECT DISTINCT ?u WHERE {{ ?f ag:flagAccreditation <{limited_iri}> ; "
    by = sparql.run(store, query + "prov:wasGeneratedBy ?u }").records()
    assert {r["u"] for r in by} == {second.iri}


def test_a_later_folder_of_the_same_build_reflags_earlier_certificates(register, tmp_path):
    bare, standard = _unaccredited(register)
    limited = {
        "id": "X-A-LIMITED", "accreditation_body": "ukas", "certification_body": bare,
        "standards": standard, "sectors": "1", "valid_from": "2025-06-01",
        "valid_until": "2030-01-01", "status": "active",
    }  # fmt: skip
    later = write_register(tmp_path / "later", {"accreditations.csv": [limited]})
    store, _ = build_store("memory", extra=[register, later])
    assert_same_answers(store)
    assert any(a == "X-A-LIMITED" for _, a in flags(store, "issued-before-accreditation"))
