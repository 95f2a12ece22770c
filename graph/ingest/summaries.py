"""Certificate counts kept as triples, so aggregates over millions of certificates answer at once.

While certificates stream through the build, :func:`count_certificate` adds each one to the
context's :attr:`~graph.ingest.context.Context.tally`. At the end of the build (or import),
:func:`write_summaries` writes one ``ag:CertificateCount`` node per combination counted:

- facet ``standard-country``: standard work (``ag:countOf``; absent when the designation did
  not resolve) × country of the certified organisation (``ag:countryCode``) × status
  (``ag:certificateStatus``);
- facet ``cb-standard``: issuing body (``ag:certificationBody``) × standard work × status;
- facet ``expiry-day``: last day of validity (``ag:expiryDate``, xsd:date) × status — what
  ``expiring-certificates`` pages by (:mod:`graph.query.paging`);
- facet ``cb``: one node per issuing body (``ag:certificationBody``), no status: its
  certificates in all (``ag:certificateCount``) and by status (``ag:validCount``,
  ``ag:suspendedCount``, ``ag:withdrawnCount``, ``ag:expiredCount``), and how many standard
  works its certificates name that no earlier batch counted for it (``ag:newStandards``) —
  what ``summary-certificates-per-cb`` reads: 2,000 nodes at a million certificates instead of
  the 25,000 ``cb-standard`` counts (``summary-certificates-per-cb-direct``).

Each node carries ``ag:certificateCount`` (xsd:integer) and ``ag:summaryFacet``. The counts of
one build or import form one *batch* (``agd:summary/<batch>/…``): an import adds a batch of its
own, in the same transaction as its certificates, and never rewrites older counts — unless it
brings Turtle, which may say anything: then every count is made again from the store as one
batch (:mod:`graph.ingest.derived`). A total is
therefore the **sum** of ``ag:certificateCount`` over the nodes with the same dimensions; the
``summary-*`` named queries do exactly that. So is a body's number of standards: an import
knows the works the store already counted for each body (:attr:`Context.counted_works
<graph.ingest.context.Context.counted_works>`) and counts only the others as new.

Examples
--------
>>> from graph.ingest.context import Context
>>> ctx = Context()
>>> count_certificate(ctx, "http://x/std", "GB", "http://x/cb", "valid", "2027-01-31")
>>> count_certificate(ctx, "http://x/std", "GB", "http://x/cb", "valid", "2027-01-31")
>>> write_summaries(ctx, "build")
4
>>> b'"2"^^<http://www.w3.org/2001/XMLSchema#integer>' in ctx.out.data()
True
"""

from __future__ import annotations

from collections import Counter

from graph.ingest.context import Context
from graph.vocab.mint import XSD_DATE, XSD_INTEGER
from graph.vocab.namespaces import AG, AGD, code

__all__ = ["FACETS", "STATUS_COUNTS", "count_certificate", "write_summaries"]

#: The facets counted, in the order of the tally's keys; the last, per body, is made from the
#: "cb-standard" tally when the counts are written.
FACETS = ("standard-country", "cb-standard", "expiry-day", "cb")
#: The certificate statuses a body's node counts one by one, with the property of each.
STATUS_COUNTS = {
    "valid": AG + "validCount",
    "suspended": AG + "suspendedCount",
    "withdrawn": AG + "withdrawnCount",
    "expired": AG + "expiredCount",
}


def count_certificate(ctx: Context, work: str | None, country: str | None, cb: str | None,
                      status: str, until: str | None) -> None:  # fmt: skip
    """Count one certificate: ``work`` is the standard work IRI (``None`` when unresolved),
    ``until`` its last day of validity (``YYYY-MM-DD``). A row always has the others; a
    certificate read back from a store (:mod:`graph.ingest.derived`) may lack a country, an
    issuer or an end, and is then left out of the facets that need it, as the direct
    queries leave it out."""
    tally = ctx.tally
    if country is not None:
        tally[(0, work, country, status)] += 1
    if cb is not None:
        tally[(1, work, cb, status)] += 1
    if until is not None:
        tally[(2, None, until, status)] += 1


def write_summaries(ctx: Context, batch: str) -> int:
    """Write the tally as ``ag:CertificateCount`` nodes of ``batch``; returns how many nodes."""
    out = ctx.out
    written = 0
    for n, (key, count) in enumerate(sorted(ctx.tally.items(), key=_order), start=1):
        facet, work, where, status = key
        s = f"{AGD}summary/{batch}/{n}"
        out.typed(s, AG + "CertificateCount")
        out.lit(s, AG + "summaryFacet", FACETS[facet])
        if work:
            out.iri(s, AG + "countOf", work)
        if facet == 0:
            out.lit(s, AG + "countryCode", where)
        elif facet == 1:
            out.iri(s, AG + "certificationBody", where)
        else:
            out.lit(s, AG + "expiryDate", where, XSD_DATE)
        out.iri(s, AG + "certificateStatus", code("certificate-status", status))
        out.lit(s, AG + "certificateCount", str(count), XSD_INTEGER)
        written += 1
    return written + _write_bodies(ctx, batch, written + 1)


def _write_bodies(ctx: Context, batch: str, start: int) -> int:
    """Write one facet-``cb`` node per issuing body of the tally, numbered from ``start``."""
    totals: dict[str, Counter[str]] = {}
    works: dict[str, set[str]] = {}
    for (facet, work, cb, status), count in ctx.tally.items():
        if facet == 1:
            totals.setdefault(cb, Counter())[status] += count
            if work:
                works.setdefault(cb, set()).add(work)
    out = ctx.out
    for n, cb in enumerate(sorted(totals), start=start):
        s = f"{AGD}summary/{batch}/{n}"
        out.typed(s, AG + "CertificateCount")
        out.lit(s, AG + "summaryFacet", FACETS[3])
        out.iri(s, AG + "certificationBody", cb)
        out.lit(s, AG + "certificateCount", str(sum(totals[cb].values())), XSD_INTEGER)
        for status, prop in STATUS_COUNTS.items():
            out.lit(s, prop, str(totals[cb][status]), XSD_INTEGER)
        new = works.get(cb, set()) - ctx.counted_works.get(cb, set())
        out.lit(s, AG + "newStandards", str(len(new)), XSD_INTEGER)
    return len(totals)


def _order(item: tuple) -> tuple:
    (facet, work, where, status), _ = item
    return (facet, work or "", where, status)
