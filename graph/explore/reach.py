"""How many nodes lie within a few links of one node: the M of a drawing's "showing N of M".

:func:`reach` walks breadth-first like :func:`graph.explore.neighbourhood.neighbourhood`, with
the same filters, but reads only the neighbours' IRIs (``entity-neighbour-ids.rq``) and counts
each node once, however many paths reach it. It stops counting, and says so, when more than
:data:`~graph.explore.entity.COUNT_LIMIT` nodes are reached or after :data:`QUERY_BUDGET`
queries or :data:`TIME_BUDGET` seconds: the count is then a lower bound (counting a hub's
surroundings never holds a page up for long). Neighbour sets the drawing already read in full
are passed in and not read again. The neighbours of a centre the drawing could not read in
full (a hub) are counted by the engine first (:func:`graph.query.count_named`), and their IRIs
are read only when there are no more than the limit: past it, the count at any depth is "more
than" the limit without reading further.

Examples
--------
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> ukas = "https://w3id.org/accredigraph/id/body/ukas"
>>> one = reach(store, ukas, depth=1)
>>> one.exact, one.total == len(one.nodes), ukas in one.nodes
(True, True, True)
>>> reach(store, ukas, depth=2).total > one.total
True
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Set
from dataclasses import dataclass

from graph.explore.entity import COUNT_LIMIT, total_in_words
from graph.query import count_named, run_named
from graph.store import Store

__all__ = ["QUERY_BUDGET", "TIME_BUDGET", "Reach", "reach"]

#: The most neighbour queries one count may run (each reads at most COUNT_LIMIT + 1 IRIs).
QUERY_BUDGET = 400
#: The most seconds one count may take: past it, no further query starts. At 1 M certificates
#: a count once took past 300 s, 400 queries of up to a second each (docs/scale.md).
TIME_BUDGET = 5.0


@dataclass(frozen=True)
class Reach:
    """The nodes found within reach (``nodes``, the centre included) and what that says.

    ``exact`` is True when every node within reach was counted. Otherwise ``nodes`` are only
    some of them and ``total`` is one less than what was found, so that "more than ``total``"
    (the words of :func:`~graph.explore.entity.total_in_words`) is true. ``counted``: how many
    nodes were found by a count that did not list them (a hub's neighbours past the limit),
    when that is more than ``nodes`` holds.
    """

    nodes: frozenset[str]
    exact: bool
    counted: int = 0

    @property
    def found(self) -> int:
        """How many distinct nodes are known to be within reach."""
        return max(len(self.nodes), self.counted)

    @property
    def total(self) -> int:
        """The count for "showing N of M": exact, or the bound "more than" is said of."""
        return self.found if self.exact else max(0, self.found - 1)

    @property
    def of(self) -> str:
        """``total`` in words: "1,234" or "more than 10,000"."""
        return total_in_words(self.total, self.exact)


def reach(
    store: Store,
    iri: str,
    *,
    depth: int = 1,
    filters: Mapping[str, str] | None = None,
    known: Mapping[str, Set[str]] | None = None,
    limit: int | None = None,
    budget: int | None = None,
    seconds: float | None = None,
) -> Reach:
    """The distinct nodes within ``depth`` links of ``iri`` (filters as in the drawing).

    Parameters
    ----------
    store : Store
    iri : str
        The centre (always counted).
    depth : int
        How many links out.
    filters : mapping, optional
        ``onlyClasses``, ``onlyCountry``, ``onlyStandard`` as ``entity-neighbour-ids.rq``
        takes them.
    known : mapping, optional
        Node -> all its (filtered) neighbours, for nodes already read in full.
    limit : int, optional
        Stop after more than this many nodes (the count is then "more than ``limit``");
        :data:`~graph.explore.entity.COUNT_LIMIT` when not given.
    budget : int, optional
        Stop after this many queries (the count is then "at least" what was found);
        :data:`QUERY_BUDGET` when not given.
    seconds : float, optional
        Start no query after this many seconds (the count is then "at least" what was found);
        :data:`TIME_BUDGET` when not given.
    """
    limit = COUNT_LIMIT if limit is None else int(limit)
    budget = QUERY_BUDGET if budget is None else int(budget)
    deadline = time.monotonic() + (TIME_BUDGET if seconds is None else float(seconds))
    filters = dict(filters or {})
    known = known or {}
    seen = {iri}
    frontier = [iri]
    queries = 0
    if int(depth) >= 1 and iri not in known:
        # A centre whose neighbours the drawing could not read in full: count them first, and
        # read their IRIs only when there are no more than ``limit``. Past it, what lies
        # within any depth is more than ``limit`` too, and no IRI is read (the centre's
        # neighbours are always looked at, whatever the budget and the time).
        many = count_named(store, "entity-neighbour-ids", {"node": iri, **filters},
                           bound=limit + 1)  # fmt: skip
        if many > limit:  # at least limit + 1 nodes: "more than limit", as the IRIs would say
            return Reach(frozenset(seen), False, counted=1 + limit)
    for _level in range(max(0, int(depth))):
        following: list[str] = []
        for node in frontier:
            others = known.get(node)
            if others is None:
                if queries >= budget or (queries and time.monotonic() > deadline):
                    return Reach(frozenset(seen), False)
                queries += 1
                result = run_named(
                    store, "entity-neighbour-ids", {"node": node, **filters}, row_cap=limit
                )
                others = {str(other) for other in result.column("other")}  # type: ignore[union-attr]
                if result.truncated:  # type: ignore[union-attr]
                    seen |= others
                    return Reach(frozenset(seen), False)
            for other in others:
                if other not in seen:
                    seen.add(other)
                    following.append(other)
            if len(seen) > limit:
                return Reach(frozenset(seen), False)
        frontier = following
    return Reach(frozenset(seen), True)
