"""Which layout of build-time nodes a store was built with, so an old store is refused, not
read as if it had none.

A build writes more than the data: red-flag nodes and their pages, the class partition, the
VoID statistics, per-standard counts. Named queries read those nodes instead of counting
millions of certificates, so on a store built before a kind of node existed they would answer
*nothing* ("no red flags") rather than fail. Each build therefore stamps the store with
:data:`STORE_LAYOUT` (``agd:build ag:storeLayout N``), and :func:`require_current` — called
when the CLI, the app or the endpoint opens an on-disk store — refuses a store whose stamp is
missing or different, saying how to build it again.

Raise :data:`STORE_LAYOUT` whenever a build starts writing nodes a query depends on.

>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> store_layout(store) == STORE_LAYOUT
True
>>> require_current(store, "memory")  # nothing to say
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graph.errors import StoreError
from graph.query import run_named
from graph.vocab.mint import XSD_INTEGER
from graph.vocab.namespaces import AG

if TYPE_CHECKING:  # the build's writer: opening a store checks its layout without loading it
    from graph.ingest.context import Sink
    from graph.store import Store

__all__ = ["STORE_LAYOUT", "require_current", "stamp_layout", "store_layout"]

#: The layout this version builds and reads: 1 = red flags kept in pages, the VoID statistics
#: and the class partition written at build time (2026-12-03); 2 = the certificates of editions
#: with a transition end kept in pages too (``ag:certificatePage``, red-flag-void-edition), and
#: certificate counts per issuer (facet "cb", ``graph.ingest.summaries``, read by
#: summary-certificates-per-cb); 3 = the "valid" certificates kept in one page per issuer and
#: standard work (``ag:certificatePage``, rule "valid-pair") and a coverage node per
#: accreditation and pair it covers (``ag:coveragePair``, its status and dates), read by
#: red-flag-lapsed-accreditation-valid-certificates (2026-12-03, issue 14); 4 = the lapse
#: windows of the coverage nodes (``ag:lapseOf``, ``graph.ingest.lapse_windows``), from which
#: that red flag's first step starts (2026-12-04, issue 14).
STORE_LAYOUT = 4


def stamp_layout(out: Sink, build: str) -> None:
    """Write :data:`STORE_LAYOUT` on the build stamp node ``build``."""
    out.lit(build, AG + "storeLayout", str(STORE_LAYOUT), XSD_INTEGER)


def store_layout(store: Store) -> int | None:
    """The layout ``store`` was built with (``None``: no stamp, a store built before there
    were layouts)."""
    rows = run_named(store, "internal-store-layout", row_cap=None, timeout=None).records()
    values = [row["layout"] for row in rows if isinstance(row["layout"], int)]
    return max(values) if values else None


def require_current(store: Store, where: str) -> None:
    r"""Raise :class:`~graph.errors.StoreError` when ``store`` (at ``where``) was not built with
    :data:`STORE_LAYOUT`: its answers would leave out what the current queries read.

    >>> from graph.store import open_store
    >>> try:
    ...     require_current(open_store("memory"), "/srv/old")
    ... except StoreError as error:
    ...     print(str(error).replace("; ", ";\n"))
    the store at /srv/old was built by an earlier version of accredigraph (no layout stamp;
    this version reads layout 4): build it again (accredigraph --store /srv/old build)
    """
    found = store_layout(store)
    if found == STORE_LAYOUT:
        return
    seen = "no layout stamp" if found is None else f"layout {found}"
    raise StoreError(
        f"the store at {where} was built by an "
        f"{'earlier' if found is None or found < STORE_LAYOUT else 'other'} version of "
        f"accredigraph ({seen}; this version reads layout {STORE_LAYOUT}): build it again "
        f"(accredigraph --store {where} build)"
    )
