"""Certificate counts written at build time (graph/summaries.py) equal plain SPARQL counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph import sparql
from graph.ingest.build import build_store, import_register
from graph.ingest.generate import generate_register
from graph.ingest.overlay import import_upload, new_visitor, reference_store
from graph.query import run_named
from tests.conftest import BASE_REGISTER, read_rows, write_register

PLAIN = """
SELECT ?work ?country ?cb ?until ?status (COUNT(?c) AS ?n) WHERE {
  ?c a ag:Certificate ; ag:issuer ?cb ; ag:subject/schema:address/schema:addressCountry ?country ;
     ag:status ?st ; ag:validUntil ?until .
  BIND(STRAFTER(STR(?st), "certificate-status/") AS ?status)
  OPTIONAL { ?c ag:againstStandard ?s . OPTIONAL { ?s dcterms:isVersionOf ?w } }
  BIND(COALESCE(?w, ?s) AS ?work)
}
GROUP BY ?work ?country ?cb ?until ?status
"""
SUMMARY = """
SELECT ?facet ?work ?where ?status (SUM(?n) AS ?total) WHERE {
  ?x a ag:CertificateCount ; ag:summaryFacet ?facet ; ag:certificateStatus ?st ;
     ag:certificateCount ?n .
  OPTIONAL { ?x ag:countOf ?work }
  OPTIONAL { ?x ag:countryCode ?country }
  OPTIONAL { ?x ag:certificationBody ?cb }
  OPTIONAL { ?x ag:expiryDate ?day }
  BIND(COALESCE(?country, STR(?cb), STR(?day)) AS ?where)
  BIND(STRAFTER(STR(?st), "certificate-status/") AS ?status)
}
GROUP BY ?facet ?work ?where ?status
"""


def _expected(store) -> dict[str, Counter]:
    by_country: Counter = Counter()
    by_cb: Counter = Counter()
    by_day: Counter = Counter()
    for r in sparql.run(store, PLAIN, row_cap=None).records():
        by_country[(r["work"], r["country"], r["status"])] += r["n"]
        by_cb[(r["work"], r["cb"], r["status"])] += r["n"]
        by_day[(None, str(r["until"]), r["status"])] += r["n"]
    return {"standard-country": by_country, "cb-standard": by_cb, "expiry-day": by_day}


def _summaries(store) -> dict[str, Counter]:
    out: dict[str, Counter] = {name: Counter() for name in ("standard-country", "cb-standard",
                                                             "expiry-day")}  # fmt: skip
    for r in sparql.run(store, SUMMARY, row_cap=None).records():
        out[r["facet"]][(r["work"], r["where"], r["status"])] += r["total"]
    return out


def test_summaries_equal_plain_counts_on_the_bundled_graph(bundled_store):
    assert _summaries(bundled_store) == _expected(bundled_store)


def test_summaries_stay_right_after_imports(tmp_path: Path):
    store, _ = build_store("memory")
    import_register(store, write_register(tmp_path / "base", BASE_REGISTER))
    generate_register(tmp_path / "gen", 300, seed=5)
    import_register(store, tmp_path / "gen")
    expected = _expected(store)
    assert sum(expected["cb-standard"].values()) > 300
    assert _summaries(store) == expected


def test_summary_queries_agree_with_plain_counts(tmp_path: Path):
    generate_register(tmp_path / "gen", 400, seed=2)
    store, _ = build_store("memory", extra=[tmp_path / "gen"])
    expected = _expected(store)["standard-country"]
    rows = run_named(store, "summary-certificates-per-standard-and-country", row_cap=None)
    got: Counter = Counter()
    for r in rows.records():
        got[(r["standard"], r["country"])] += r["certificates"]
    want: Counter = Counter()
    for (work, country, _status), n in expected.items():
        want[(work, country)] += n
    assert got == want
    per_cb = run_named(store, "summary-certificates-per-cb", row_cap=None).records()
    assert sum(r["certificates"] for r in per_cb) == sum(want.values())
    by_cb: dict[str, Counter] = {}
    standards: dict[str, set] = {}
    for (work, cb, status), n in _expected(store)["cb-standard"].items():
        by_cb.setdefault(cb, Counter())[status] += n
        by_cb[cb]["certificates"] += n
        standards.setdefault(cb, set()).add(work)
    columns = ("certificates", "valid", "suspended", "withdrawn", "expired")
    assert {r["cb"]: (*(r[c] for c in columns), r["standards"]) for r in per_cb} == {
        cb: (*(counts[c] for c in columns), len(standards[cb] - {None}))
        for cb, counts in by_cb.items()
    }
    # largest first, every body named
    assert [r["certificates"] for r in per_cb] == sorted(
        (r["certificates"] for r in per_cb), reverse=True
    )
    assert all(r["cbName"] for r in per_cb)
    gb = run_named(store, "summary-certificates-per-standard", {"country": "GB"}, row_cap=None)
    assert {r["designation"]: r["certificates"] for r in gb.records()} == {
        r["designation"]: r["certificates"]
        for r in run_named(
            store, "summary-certificates-per-standard-and-country", row_cap=None
        ).records()
        if r["country"] == "GB" and r["standard"]
    }


# --- the counts per body (facet "cb") against the counts per body and standard -------------


def _per_cb_both(store) -> list:
    """summary-certificates-per-cb, row for row as its reference text answers; the rows."""
    got = run_named(store, "summary-certificates-per-cb", row_cap=None, timeout=None)
    want = run_named(store, "summary-certificates-per-cb-direct", row_cap=None, timeout=None)
    assert got.variables == want.variables
    assert got.rows == want.rows
    assert got.rows
    return got.records()


def _more_certificates(register: Path, prefix: str, n: int) -> list[dict[str, str]]:
    """``n`` certificates of the register's bodies under new ids: some to a standard their
    body had none of (ISO 50001), one to a designation no standard has (no standard counted)."""
    rows = read_rows(register / "certificates.csv")[:n]
    for i, row in enumerate(rows):
        row["id"] = f"{prefix}-{row['id']}"
        if i % 3 == 0:
            row["standard"] = "ISO 50001:2018"
    rows[1]["standard"] = "ISO 9999"
    return rows


@pytest.mark.slow
def test_counts_per_body_answer_as_the_counts_per_body_and_standard(tmp_path: Path,
                                                                   register_10k: Path):  # fmt: skip
    store, _ = build_store("memory", extra=[register_10k])
    before = {r["cb"]: r for r in _per_cb_both(store)}
    # an import: certificates of known bodies, some to standards new to them, a new issuer
    rows = _more_certificates(register_10k, "X", 300)
    import_register(store, write_register(tmp_path / "more", {"certificates.csv": rows}))
    after = {r["cb"]: r for r in _per_cb_both(store)}
    assert sum(r["certificates"] for r in after.values()) == (
        sum(r["certificates"] for r in before.values()) + 300
    )
    # some body now counts a standard more (ISO 50001), none counts one twice
    assert any(after[cb]["standards"] > r["standards"] for cb, r in before.items())
    # and again: the second batch's standards are not new a second time
    again = _more_certificates(register_10k, "Y", 300)
    import_register(store, write_register(tmp_path / "again", {"certificates.csv": again}))
    last = {r["cb"]: r for r in _per_cb_both(store)}
    assert {cb: r["standards"] for cb, r in last.items()} == {
        cb: r["standards"] for cb, r in after.items()
    }


@pytest.mark.slow
def test_counts_per_body_in_a_visitors_workspace(tmp_path: Path):
    generate_register(tmp_path / "gen", 600, seed=4)
    store = reference_store()
    visitor = new_visitor()
    import_upload(store, tmp_path / "gen", visitor=visitor)
    _per_cb_both(store)
    rows = _more_certificates(tmp_path / "gen", "W", 200)
    import_upload(
        store, write_register(tmp_path / "more", {"certificates.csv": rows}), visitor=visitor
    )
    assert sum(r["certificates"] for r in _per_cb_both(store)) == 800
