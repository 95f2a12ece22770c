"""Certificate counts kept as triples, so aggregates over millions of certificates answer at once.

While certificates stream through the build, :func:`count_certificate` adds each one to the
context's :attr:`~graph.ingest.context.Context.tally`. At the end of the build (or import),
:func:`write_summaries` writes one ``ag:CertificateCount`` node per combination counted:

- facet ``standard-country``: standard work (``ag:countOf``; absent when the designation did
  not resolve) × country of the certified organisation (``ag:countryCode``) × status
  (``ag:certificateStatus``);
- facet ``cb-standard``: issuing body (``ag:certificationBody``) × standard work × status;
- facet ``expiry-day``: last day of validity (``ag:expiryDate``, xsd:date) × status — what
  ``expiring-certificates`` pages by (:mod:`graph.query.paging`).

Each node carries ``ag:certificateCount`` (xsd:integer) and ``ag:summaryFacet``. The counts of
one build or import form one *batch* (``agd:summary/<batch>/…``): an import adds a batch of its
own, in the same transaction as its certificates, and never rewrites older counts. A total is
therefore the **sum** of ``ag:certificateCount`` over the nodes with the same dimensions; the
``summary-*`` named queries do exactly that.

Examples
--------
>>> from graph.ingest.context import Context
>>> ctx = Context()
>>> count_certificate(ctx, "http://x/std", "GB", "http://x/cb", "valid", "2027-01-31")
>>> count_certificate(ctx, "http://x/std", "GB", "http://x/cb", "valid", "2027-01-31")
>>> write_summaries(ctx, "build")
3
>>> b'"2"^^<http://www.w3.org/2001/XMLSchema#integer>' in ctx.out.data()
True
"""

from __future__ import annotations

from graph.ingest.context import Context
from graph.vocab.mint import XSD_DATE, XSD_INTEGER
from graph.vocab.namespaces import AG, AGD, code

__all__ = ["FACETS", "count_certificate", "write_summaries"]

#: The facets counted, in the order of the tally's keys.
FACETS = ("standard-country", "cb-standard", "expiry-day")


def count_certificate(ctx: Context, work: str | None, country: str, cb: str, status: str,
                      until: str) -> None:  # fmt: skip
    """Count one certificate: ``work`` is the standard work IRI (``None`` when unresolved),
    ``until`` its last day of validity (``YYYY-MM-DD``)."""
    tally = ctx.tally
    tally[(0, work, country, status)] += 1
    tally[(1, work, cb, status)] += 1
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
    return written


def _order(item: tuple) -> tuple:
    (facet, work, where, status), _ = item
    return (facet, work or "", where, status)
