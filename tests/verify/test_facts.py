"""Typed verifier facts: built once, the same whichever way a certificate is verified."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.verify import chain
from graph.verify.bodies import SharedFacts
from graph.verify.chain import read_many, read_one
from graph.verify.facts import NO_ISSUER, NO_STANDARD, CertificateFacts, certificate_facts
from graph.verify.model import LinkName, Verdict
from graph.verify.rules import evaluate
from tests.conftest import BASE_REGISTER, SAMPLE_AS_OF


def _sample_ids(store) -> list[str]:
    _, certificates = read_many(store)
    return [identifier for identifier, _ in certificates]


def _bulk(store, ids=None) -> tuple[SharedFacts, dict[str, CertificateFacts | None]]:
    shared, certificates = read_many(store, ids)
    return shared, dict(certificates)


def _issuer_facts(shared: SharedFacts, facts: CertificateFacts):
    """What the rules may read of ``shared`` for this certificate."""
    accreditations = shared.accreditations.get(facts.issuer, ())
    abs_ = sorted({a.ab for a in accreditations})
    return (
        accreditations,
        [shared.signatories.get(ab) for ab in abs_],
        [shared.groups.get(ab, ()) for ab in abs_],
    )


def test_single_full_and_subset_reads_build_equal_facts_for_every_sample_certificate(
    bundled_store, monkeypatch
):
    ids = _sample_ids(bundled_store)
    assert len(ids) > 200
    full_shared, full = _bulk(bundled_store)
    monkeypatch.setattr(chain, "BATCH", 16)  # several batches of each query
    subset_shared, subset = _bulk(bundled_store, ids)
    differ = []
    for identifier in ids:
        facts, shared = read_one(bundled_store, identifier)
        assert isinstance(facts, CertificateFacts)
        if not (facts == full[identifier] == subset[identifier]):
            differ.append((identifier, facts, full[identifier], subset[identifier]))
        elif not (
            _issuer_facts(shared, facts)
            == _issuer_facts(full_shared, facts)
            == _issuer_facts(subset_shared, facts)
        ):
            differ.append((identifier, "shared facts"))
    assert differ == []


def test_a_users_certificate_with_several_sources_and_sectors_reads_the_same_every_way(
    register_store,
):
    tables = {name: [dict(r) for r in rows] for name, rows in BASE_REGISTER.items()}
    tables["certificates.csv"][0].update(
        sectors="28;17;18", source="https://zeta.example/a | https://alpha.example/b"
    )
    store = register_store(tables)
    single, _ = read_one(store, "T-C-1")
    _, full = _bulk(store)
    _, subset = _bulk(store, ["T-C-1"])
    assert single == full["T-C-1"] == subset["T-C-1"]
    assert single is not None and single.sectors == ("17", "18", "28")
    assert sorted(single.sources) == ["https://alpha.example/b", "https://zeta.example/a"]


def test_an_unknown_id_has_no_facts_in_any_read(bundled_store):
    assert read_one(bundled_store, "NO-SUCH-ID")[0] is None
    assert _bulk(bundled_store, ["NO-SUCH-ID"])[1] == {"NO-SUCH-ID": None}


def test_facts_are_typed_and_frozen(bundled_store):
    facts, _ = read_one(bundled_store, "S-C-0001")
    assert facts is not None
    assert isinstance(facts.valid_until, dt.date) and isinstance(facts.sectors, tuple)
    assert all(isinstance(code, str) for code in facts.sectors)
    with pytest.raises(AttributeError):
        facts.status = "withdrawn"  # type: ignore[misc]


def test_a_row_missing_a_column_is_a_readers_bug():
    row = {**NO_ISSUER, **NO_STANDARD, "certificate": "urn:c", "id": "C", "issuer": "urn:b"}
    with pytest.raises(KeyError):
        certificate_facts(row)


def test_rules_need_no_store():
    facts = CertificateFacts(
        iri="urn:c", id="C-1", organisation="urn:o", organisation_name="Widgets Ltd",
        designation="ISO 9001:2015", status="suspended", issued=dt.date(2025, 1, 1),
        valid_until=dt.date(2028, 1, 1), sectors=("17",), sources=(), issuer="urn:cb",
        issuer_id="cb", issuer_label="CB", issuer_types=(), standard=None, work=None,
        work_label=None, kind=None, edition_year=None, transition_ends=None, replaced_by=None,
    )  # fmt: skip
    result = evaluate("C-1", facts, SharedFacts(), SAMPLE_AS_OF)
    assert result.verdict is Verdict.INVALID
    assert result.link(LinkName.CERTIFICATE).code == "CERT_SUSPENDED"  # type: ignore[union-attr]
    assert result.reasons[:3] == ["CERT_SUSPENDED", "STANDARD_UNKNOWN", "ISSUER_NOT_CB"]
