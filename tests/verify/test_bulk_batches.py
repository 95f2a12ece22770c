"""A bulk verification of a list of certificates, read a batch at a time (``verify_many``):
each batch is verified while the next is read, and the facts every certificate shares are read
once per state of the store. Whatever the batches, the answer is each id's own verification,
in the order given, and a change to the store is seen by the next pass."""

from __future__ import annotations

import pytest

from graph.ingest.build import build_store
from graph.verify import cache, chain
from graph.verify.chain import verify, verify_many
from graph.verify.model import Verdict
from graph.vocab.namespaces import AG
from tests.conftest import SAMPLE_AS_OF


def _said(result) -> dict:
    """Everything a verification says but the moment it was made."""
    return {k: v for k, v in result.as_dict().items() if k != "checked_at"}


@pytest.mark.parametrize("batch", [1, 2, 5, 2_000])
def test_each_id_gets_its_own_verification_in_the_order_given(bundled_store, monkeypatch, batch):
    monkeypatch.setattr(chain, "BATCH", batch)
    ids = ["S-C-0003", "NO-SUCH-ID", "S-C-0001", "S-C-0003", "S-C-0002", "", "S-C-0001"]
    bulk = verify_many(bundled_store, ids, as_of=SAMPLE_AS_OF)
    assert [r.certificate for r in bulk] == ids
    assert [_said(r) for r in bulk] == [
        _said(verify(bundled_store, i, as_of=SAMPLE_AS_OF)) for i in ids
    ]
    assert [r.verdict for r in bulk].count(Verdict.UNKNOWN) == 2


def test_no_ids_no_verifications(bundled_store):
    assert verify_many(bundled_store, [], as_of=SAMPLE_AS_OF) == []


def test_the_shared_facts_are_read_once_while_the_store_is_unchanged(monkeypatch):
    store, _ = build_store("memory")
    read: list[str] = []
    records = cache._records

    def counted(store, name, params=None, **options):
        read.append(name)
        return records(store, name, params, **options)

    monkeypatch.setattr(cache, "_records", counted)
    ids = ["S-C-0001", "S-C-0002"]
    first = verify_many(store, ids, as_of=SAMPLE_AS_OF)
    second = verify_many(store, ids, as_of=SAMPLE_AS_OF)
    assert read.count("chain-accreditations") == 1
    assert [_said(r) for r in first] == [_said(r) for r in second]


def test_a_pass_after_the_store_changed_reads_the_accreditations_again():
    store, _ = build_store("memory")
    accredited = next(
        r for r in verify_many(store, as_of=SAMPLE_AS_OF) if r.verdict is Verdict.ACCREDITED
    )
    assert (
        verify_many(store, [accredited.certificate], as_of=SAMPLE_AS_OF)[0].verdict
        is Verdict.ACCREDITED
    )
    facts, _ = chain.read_one(store, accredited.certificate)
    # every accreditation of the issuer taken out of the graph, as an import may change it
    store.update(
        f"PREFIX ag: <{AG}> DELETE {{ ?a ?p ?o }} "
        f"WHERE {{ ?a a ag:Accreditation ; ag:subject <{facts.issuer}> ; ?p ?o }}"
    )
    (after,) = verify_many(store, [accredited.certificate], as_of=SAMPLE_AS_OF)
    assert after.verdict is Verdict.UNACCREDITED
    assert _said(after) == _said(verify(store, accredited.certificate, as_of=SAMPLE_AS_OF))
