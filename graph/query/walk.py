"""Every row of a long list, a page at a time: :func:`walk_named`.

A paged named query (``# page:`` and ``# after:`` in its header) answers a page in the order of
its page columns, and its next-page parameters start the next page after a given row
(keyset paging). Walking those pages gives the whole answer with each page run as the app and
the CLI run one (:func:`~graph.query.named.run_named`: its first step, a row cap, its own
time limit), so no single query has to read, sort and hand over every row at once: at two
million certificates the certificates expiring within 90 days (119 k rows) passed a 30 s
limit as one query. A download of every row then takes turns with other queries page by
page, and stops where a caller's own budget says.

>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> pages = list(walk_named(store, "standard-editions", page_rows=20))
Traceback (most recent call last):
...
graph.errors.QueryError: standard-editions is not paged: every row comes in one answer
>>> [len(p.rows) for p in walk_named(store, "expiring-certificates", {"days": "3650"},
...                                  page_rows=4)][:2]
[4, 4]
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping

from graph.errors import QueryError
from graph.sparql import DEFAULT_TIMEOUT, Rows
from graph.store import Store, Term

from .catalogue import load_named
from .named import run_named

__all__ = ["PAGE_ROWS", "walk_named"]

#: Rows a page of a walk holds by default: a few pages for most lists at a million
#: certificates, each well within the time limit.
PAGE_ROWS = 5_000


def walk_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    page_rows: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    budget: float | None = None,
) -> Iterator[Rows]:
    """The pages of the paged named query ``name`` with ``params``, first to last: each at
    most ``page_rows`` rows (default :data:`PAGE_ROWS`), run within ``timeout`` seconds of its
    own (``None``: no limit); together, every row of the answer in its order, as one query
    with ``params`` answers it (the next-page columns stay as ``params`` set them, not where
    each page started). The last page is the first one not cut by ``page_rows``.
    ``budget``: seconds the whole walk may take; a walk past it stops after the page that
    passed it (its last page is then cut: ``truncated``), so a caller can say where it
    stopped. Parameters given as next-page parameters start the walk after that row.

    Raises :class:`~graph.errors.QueryError` for a query that is not paged, and when a
    cut page's last row leaves a page column unbound or repeats the previous page's last
    (the next page cannot be placed, or would not move on: never a walk without end).
    """
    query = load_named(name)
    if not query.after:
        raise QueryError(f"{name} is not paged: every row comes in one answer")
    page_rows = PAGE_ROWS if page_rows is None else page_rows
    if page_rows < 1:
        raise QueryError("a page holds at least one row")
    given = dict(params or {})
    started = time.monotonic()
    kept: dict[int, Term | None] | None = None  # the next-page columns as the caller set them
    while True:
        page = run_named(store, name, given, row_cap=page_rows, timeout=timeout)
        if not isinstance(page, Rows):  # pragma: no cover - paged queries are SELECTs
            raise QueryError(f"{name} does not answer with rows")
        if kept is None:
            first = page.rows[0] if page.rows else None
            kept = {page.variables.index(p): first[page.variables.index(p)] if first else None
                    for p in query.after if p in page.variables}  # fmt: skip
        else:
            page = Rows(page.variables, [_with(row, kept) for row in page.rows],
                        page.truncated, page.row_cap)  # fmt: skip
        yield page
        if not page.truncated or not page.rows:
            return
        if budget is not None and time.monotonic() - started > budget:
            return
        last = page.rows[-1]
        after = {}
        for column, param in zip(query.page, query.after, strict=True):
            value = last[page.variables.index(column)]
            if value is None:
                raise QueryError(f"{name}: the next page cannot be placed, the last row "
                                 f"has no {column}")  # fmt: skip
            after[param] = value.value
        if all(given.get(param) == value for param, value in after.items()):
            raise QueryError(f"{name}: the next page would start where this one did")
        given.update(after)


def _with(row: tuple, cells: dict[int, Term | None]) -> tuple:
    """``row`` with the cells at the positions of ``cells`` replaced by theirs."""
    return tuple(cells.get(i, cell) for i, cell in enumerate(row)) if cells else row
