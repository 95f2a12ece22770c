"""The trust-chain verifier: is this certificate credible on this date, and why?

For a certificate and an as-of date D the verifier checks every link — certificate, standard,
certification body, accreditation, accreditation body, IAF MLA signatory status, regional group
— and gives the first verdict that applies:

1. ``unknown``: no such certificate in the graph;
2. ``invalid``: the standard is unknown, guidance or a conformity-assessment standard, or the
   issuer is not a certification body;
3. ``not-in-force``: suspended, withdrawn or expired; D outside [issued, valid until]; or the
   edition void on D;
4. ``unaccredited``: in force, but no accreditation of the issuer covers the standard and every
   sector, is active on D and was in force on the issue date, and was granted by an AB that is
   an IAF MLA signatory for that standard;
5. ``accredited``: such an accreditation exists.

Verifying one certificate reads only that certificate, its issuer's accreditations and their
accreditation bodies (a handful of bound queries); :func:`verify_many` reads the same facts for
all certificates in one pass each and evaluates them in memory.

Examples
--------
>>> import datetime as dt
>>> from graph.model import Verdict
>>> from graph.build import build_store
>>> store, _ = build_store("memory")
>>> result = verify(store, "S-C-0001", as_of=dt.date(2026, 11, 23))
>>> result.verdict in set(Verdict)
True
>>> verify(store, "NO-SUCH-ID").verdict
<Verdict.UNKNOWN: 'unknown'>
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .chain_rules import evaluate
from .mint import body_iri, certificate_iri, id_from_iri
from .model import Verification
from .query import load_named, run_named, run_sparql
from .store import GraphStore

__all__ = ["ChainFacts", "verify", "verify_many"]


@dataclass
class ChainFacts:
    """The facts the rules read: a certificate row and what hangs off its issuer."""

    certificate: dict | None
    accreditations: list[dict]
    signatories: dict[str, dict]
    groups: dict[str, list[dict]]


def _records(store: GraphStore, name: str, params: dict[str, str] | None = None) -> list[dict]:
    result = run_named(store, name, params, row_cap=None, timeout=None, defaults=False)
    return result.records()  # type: ignore[union-attr]


def _facts_for(store: GraphStore, certificate_id: str) -> ChainFacts:
    rows = _records(store, "chain-certificate", {"certificate": certificate_id})
    if not rows:
        return ChainFacts(None, [], {}, {})
    cert = rows[0]
    accreditations: list[dict] = []
    signatories: dict[str, dict] = {}
    groups: dict[str, list[dict]] = {}
    issuer_id = cert.get("issuerId")
    if issuer_id and cert["issuer"] == body_iri(issuer_id):
        accreditations = _records(store, "chain-accreditations", {"cb": issuer_id})
    for ab in {a["ab"] for a in accreditations}:
        ab_id = id_from_iri(ab)
        signatories.update((r["ab"], r) for r in _records(store, "chain-signatory", {"ab": ab_id}))
        groups[ab] = _records(store, "chain-groups", {"ab": ab_id})
    return ChainFacts(cert, accreditations, signatories, groups)


#: Up to this many ids, :func:`verify_many` reads only the given certificates (in batches of
#: :data:`BATCH` bound with ``VALUES``) instead of every certificate in the graph.
SUBSET_LIMIT = 200_000
BATCH = 2_000


def _certificates_for(store: GraphStore, ids: Sequence[str]) -> dict[str, dict]:
    """The ``chain-certificate`` rows of ``ids`` only, read in batches with ``VALUES``.

    The IRIs are minted by :func:`certificate_iri` (every character outside RFC 3986's
    unreserved set is percent-encoded), so writing them into the ``VALUES`` block is safe.
    """
    text = load_named("chain-certificate").text
    head, where, body = text.partition("WHERE {")
    rows: dict[str, dict] = {}
    unique = sorted({certificate_iri(i) for i in ids})
    for start in range(0, len(unique), BATCH):
        values = " ".join(f"<{iri}>" for iri in unique[start : start + BATCH])
        query = f"{head}{where}\n  VALUES ?certificate {{ {values} }}{body}"
        result = run_sparql(store, query, row_cap=None, timeout=None)
        rows.update((row["certificate"], row) for row in result.records())  # type: ignore[union-attr]
    return rows


def verify(store: GraphStore, certificate_id: str, *, as_of: dt.date | None = None) -> Verification:
    """Verify one certificate, by its id, on ``as_of`` (default: today)."""
    as_of = as_of or dt.date.today()
    facts = _facts_for(store, certificate_id)
    return evaluate(certificate_id, facts, as_of)


def verify_many(
    store: GraphStore, certificate_ids: Iterable[str] | None = None, *, as_of: dt.date | None = None
) -> list[Verification]:
    """Verify many certificates (default: every certificate in the graph) in one pass.

    The facts are read with one unbound query each and indexed in memory, so the cost grows
    with the size of the graph, not with the number of queries.
    """
    as_of = as_of or dt.date.today()
    ids_given = None if certificate_ids is None else list(certificate_ids)
    if ids_given is not None and len(ids_given) <= SUBSET_LIMIT:
        certificates = _certificates_for(store, ids_given)
    else:
        certificates = {row["certificate"]: row for row in _records(store, "chain-certificate")}
    by_cb: dict[str, list[dict]] = defaultdict(list)
    for row in _records(store, "chain-accreditations"):
        by_cb[row["cb"]].append(row)
    signatories = {row["ab"]: row for row in _records(store, "chain-signatory")}
    groups: dict[str, list[dict]] = defaultdict(list)
    for row in _records(store, "chain-groups"):
        groups[row["ab"]].append(row)
    if ids_given is None:
        ids: Sequence[str] = sorted(row["id"] for row in certificates.values())
    else:
        ids = ids_given
    results = []
    for identifier in ids:
        cert = certificates.get(certificate_iri(identifier))
        accreditations = by_cb.get(cert["issuer"], []) if cert else []
        facts = ChainFacts(cert, accreditations, signatories, groups)
        results.append(evaluate(identifier, facts, as_of))
    return results
