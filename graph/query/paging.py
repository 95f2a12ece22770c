"""Which rows of a first step a named query starts from: all of them, or only the first page's.

A first step (``# first: NAME``, see :func:`graph.query.run_named`) returns the small set the
question starts from. Its answer may also say how to take only part of it:

- a column ``rows``: how many rows of the answer each seed row leads to, at most or about
  (certificates counted at build time, ``graph.ingest.summaries``) — a guide, never trusted
  for the answer itself;
- columns ``from`` and ``until`` (dates): the seed is a window of days, and every calendar day
  from ``from`` to ``until`` is handed on, not only the days the first step lists (so a day the
  counts do not know still counts); with a column ``resumes`` true, the window's first day is
  where the previous page ended, part of its rows shown already, so its count is not relied
  on to fill the page (relied on, a third of the pages of a long list took a second try);
- a column ``start``: each seed row leads to answer rows of its own, all after those of the
  rows before it in the page's order (the pages red flags are kept in, by their lower bound,
  ``graph.ingest.flag_pages``), so the seed may be cut after any row, not only where the page's
  leading columns change.

When the query is paged (``# page:``, its ``ORDER BY``) and a row cap is asked for, the seed
rows are taken in the page's order and cut where the page's leading columns change, after
enough rows (by the ``rows`` column, else one each) to fill the page: the first page of the
answer then comes from a prefix of the seed, which is a prefix of the answer. Whether it did
fill the page is checked on the answer (more rows than the cap): if it did not, a prefix twice
as long is tried, and at last the whole seed (or the query as written). The counts make the
first try the right one; they never decide what the answer is.

>>> from datetime import date
>>> list(days(date(2026, 2, 27), date(2026, 3, 2)))
['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.sparql import Rows
from graph.store import Term
from graph.vocab.namespaces import XSD

__all__ = ["Seed", "days", "seeds"]

#: How many longer prefixes are tried before the whole seed.
TRIES = 3


@dataclass(frozen=True)
class Seed:
    """Rows to hand on as ``VALUES`` (``None``: run the query as written); ``page``: a prefix,
    good only when its answer holds more rows than the row cap."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...] | None
    page: bool = False


def days(start: dt.date, end: dt.date) -> Iterator[str]:
    """Every calendar day from ``start`` to ``end``, both included, as ``YYYY-MM-DD``."""
    for n in range((end - start).days + 1):
        yield (start + dt.timedelta(days=n)).isoformat()


def seeds(
    seed: Rows, params: set[str], page: Sequence[str], row_cap: int | None, seed_cap: int
) -> list[Seed]:
    """What to try, in order: prefixes for the first page (when ``page`` and ``row_cap``),
    then the whole seed. ``params``: the query's parameters (bound by ``run``, not seeded);
    ``seed_cap``: the most rows a seed may hold (the first step was cut there when
    ``seed.truncated``)."""
    names = list(seed.variables)
    drop = params | {"rows", "from", "until", "start", "resumes"}
    keep = [i for i, v in enumerate(names) if v not in drop]
    variables = tuple(names[i] for i in keep)
    counts = [_count(row, names) for row in seed.rows]
    if "from" in names and "until" in names:
        return _window(seed, names, variables, counts, row_cap if page else None, seed_cap)
    # One row per seed (a count from several batches comes as several rows), in order.
    merged: dict[tuple, int] = {}
    for row, n in zip(seed.rows, counts, strict=True):
        key = tuple(row[i] for i in keep)
        merged[key] = merged.get(key, 0) + n
    rows, counts = list(merged), list(merged.values())
    whole = Seed(variables, None if seed.truncated else tuple(rows))
    key = [variables.index(v) for v in page if v in variables]
    ranges = bool(page) and "start" in names  # each seed row a range of the answer of its own
    if not (key or ranges) or row_cap is None:
        return [whole]
    # Cut only where the page's leading columns change: a group split in two would lose rows
    # that sort among those kept. When the first step was cut, its last group may be cut too.
    ends = [n for n in range(1, len(rows))
            if ranges or _key(rows[n], key) != _key(rows[n - 1], key)]  # fmt: skip
    if not seed.truncated:
        ends.append(len(rows))
    out, need, total, at = [], row_cap, 0, 0
    for end in ends:
        total += sum(counts[at:end])
        at = end
        if total > need:
            out.append(Seed(variables, tuple(rows[:end]), page=True))
            if len(out) == TRIES:
                break
            need *= 2
    return [*out, whole]


def _window(seed: Rows, names: list[str], variables: tuple[str, ...], counts: list[int],
            row_cap: int | None, seed_cap: int) -> list[Seed]:  # fmt: skip
    """Seeds of calendar days from the first step's ``from`` and ``until`` (one column)."""
    first = seed.rows[0] if seed.rows else None
    start = _date(first, names, "from")
    end = _date(first, names, "until")
    if seed.truncated or start is None or end is None or len(variables) != 1:
        return [Seed(variables, None)]
    column = names.index(variables[0])
    resumes = "resumes" in names and _true(first, names.index("resumes"))
    per_day: dict[str, int] = {}
    for row, n in zip(seed.rows, counts, strict=True):
        if row[column] is not None:
            per_day[row[column].value] = per_day.get(row[column].value, 0) + n
    window = list(days(start, end)) if start <= end else []
    whole = Seed(variables, _dates(window) if len(window) <= seed_cap else None)
    if row_cap is None:
        return [whole]
    out, need, total = [], row_cap, 0
    for n, day in enumerate(window[: min(len(window) - 1, seed_cap)]):
        total += 0 if n == 0 and resumes else per_day.get(day, 0)
        if total > need:
            out.append(Seed(variables, _dates(window[: n + 1]), page=True))
            if len(out) == TRIES:
                break
            need *= 2
    return [*out, whole]


def _true(row: Sequence[Term | None] | None, at: int) -> bool:
    term = None if row is None else row[at]
    return term is not None and term.value in ("true", "1")


def _dates(values: list[str]) -> tuple[tuple[Term | None, ...], ...]:
    return tuple((ox.Literal(v, datatype=ox.NamedNode(XSD + "date")),) for v in values)


def _date(row: Sequence[Term | None] | None, names: list[str], name: str) -> dt.date | None:
    term = None if row is None else row[names.index(name)]
    try:
        return None if term is None else dt.date.fromisoformat(term.value)
    except (AttributeError, ValueError):
        return None


def _count(row: Sequence[Term | None], names: list[str]) -> int:
    if "rows" not in names:
        return 1
    term = row[names.index("rows")]
    try:
        return max(int(term.value), 0) if term is not None else 0
    except (AttributeError, ValueError):
        return 0


def _key(row: Sequence[Term | None], key: list[int]) -> tuple:
    return tuple(None if row[i] is None else str(row[i]) for i in key)
