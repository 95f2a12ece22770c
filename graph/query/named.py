"""Running a named query: its parameters checked and bound, then :func:`graph.sparql.run`.

>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> rows = run_named(store, "signatories-for-standard", {"standard": "ISO 9001"})
>>> sorted({r["designation"] for r in rows.records()})
['ISO 9001']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from graph.errors import QueryError
from graph.query.catalogue import NamedQuery, load_named
from graph.query.paging import Seed, seeds
from graph.query.params import bind_value
from graph.sparql import (
    DEFAULT_ROW_CAP,
    DEFAULT_TIMEOUT,
    Binding,
    Query,
    Result,
    Rows,
    nested,
    run,
    seed_values,
)
from graph.sparql.text import bind_parameters
from graph.store import Store, Term

__all__ = ["SEED_CAP", "bind_named", "count_named", "run_named"]

#: Most rows a first step (``# first:``) may hand on as ``VALUES``; past it the query runs
#: as written, unseeded: the same answer, planned by the engine alone.
SEED_CAP = 5_000


def run_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    row_cap: int | None = DEFAULT_ROW_CAP,
    timeout: float | None = DEFAULT_TIMEOUT,
    defaults: bool = True,
    at_once: bool = False,
) -> Result:
    """Run the named query ``name`` with ``params`` (parameter name → the text a user typed).

    Parameters not given take their defaults; with ``defaults=False`` they stay unbound, so a
    query written for one entity answers for all of them (the verifier's bulk path). The
    query's text is ours, so it skips the read-only check; its values are bound as terms,
    never pasted. A paged query (``# page:``) with a row cap reads only what its first page
    needs (:mod:`graph.query.paging`). ``at_once``: as :func:`graph.sparql.run`'s, for a small
    answer with no row cap and no time limit.
    """
    started = time.monotonic()
    query, bindings = _checked(store, name, params, defaults)
    tries = _plans(store, query, bindings, timeout, row_cap)
    for n, (text, page) in enumerate(tries):
        left = None if timeout is None else max(timeout - (time.monotonic() - started), 0.001)
        result = run(store, text(), bindings=bindings, row_cap=row_cap, timeout=left,
                     trusted=True, at_once=at_once)  # fmt: skip
        # A prefix of the seed answers the first page only when it held more than the cap.
        if not page or n == len(tries) - 1 or (isinstance(result, Rows) and result.truncated):
            return result
    raise AssertionError("unreachable: the last plan is returned")  # pragma: no cover


def count_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    bound: int,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> int:
    """How many rows the named query ``name`` answers with ``params``, counted no further than
    ``bound`` (``internal-count-rows.rq``, the query nested in it by
    :func:`graph.sparql.nested`): the engine counts them without writing them out.
    A count of ``bound`` means "``bound`` or more". The query runs as written (a first step,
    which only narrows where a page starts, is not used); its parameters are written into the
    text as RDF terms, as for any engine.

    >>> from graph.ingest.build import build_store
    >>> store, _ = build_store("memory")
    >>> ukas = {"node": "https://w3id.org/accredigraph/id/body/ukas"}
    >>> rows = run_named(store, "entity-neighbour-ids", ukas, row_cap=None).rows
    >>> count_named(store, "entity-neighbour-ids", ukas, bound=10_000) == len(rows) > 3
    True
    >>> count_named(store, "entity-neighbour-ids", ukas, bound=3)
    3
    """
    query, bindings = _checked(store, name, params, True)
    try:
        text = nested(load_named("internal-count-rows").text,
                      bind_parameters(query.text, bindings,
                                      expressions=query.binding is Binding.CONSTANT),
                      limit=bound)  # fmt: skip
    except ValueError as exc:
        raise QueryError(f"{name} cannot be counted: {exc}") from None
    result = run(store, Query(text, f"{name} (counted)"), row_cap=1, timeout=timeout,
                 trusted=True)  # fmt: skip
    assert isinstance(result, Rows) and len(result.rows) == 1
    return int(result.rows[0][0].value)  # type: ignore[union-attr]


def bind_named(
    store: Store,
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    defaults: bool = True,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[Query, dict[str, Term]]:
    """The named query ``name`` (seeded by its first step, if it has one, run within
    ``timeout``) and its parameters as terms, checked as :func:`run_named` checks them (for
    :func:`graph.sparql.export`, which streams the whole answer instead)."""
    query, bindings = _checked(store, name, params, defaults)
    return _plans(store, query, bindings, timeout, None)[-1][0](), bindings


def _checked(store: Store, name: str, params: Mapping[str, str] | None,
             defaults: bool) -> tuple[NamedQuery, dict[str, Term]]:  # fmt: skip
    """The named query and its parameters as terms; a parameter whose default is empty and
    that is given empty stays unbound."""
    query = load_named(name)
    given = dict(params or {})
    unknown = set(given) - {p.name for p in query.params}
    if unknown:
        raise QueryError(f"{name} has no parameter {', '.join(sorted(unknown))}")
    bindings: dict[str, Term] = {}
    for param in query.params:
        if param.name not in given and not defaults:
            continue
        value = given.get(param.name, param.default)
        if value.strip() == "":
            if param.default == "":
                continue
            raise QueryError(f"{name}: parameter {param.name} ({param.label}) needs a value")
        bindings[param.name] = bind_value(param, value, store)
    return query, bindings


#: A way to run a named query: its text, written when it is tried, and whether it is a prefix
#: of the seed (good only when its answer fills the page).
Plan = tuple[Callable[[], Query], bool]


def _plans(store: Store, query: NamedQuery, bindings: Mapping[str, Term],
           timeout: float | None, row_cap: int | None) -> list[Plan]:  # fmt: skip
    """``query`` as it runs: as written, or seeded with the rows of its first step — for a
    page, first with a prefix of them (``True``: good when its answer fills the page). Each
    plan's text is written when it is tried (a seed of thousands of rows takes milliseconds
    to write, and the first prefix usually answers).

    A query whose header names a first step (``# first: NAME``) is answered in two: ``NAME``
    runs with the parameters it declares, and its rows (at most :data:`SEED_CAP`) are handed
    to the query as a ``VALUES`` block at the start of its ``WHERE`` group, so the engine
    starts from that small set (six editions void on a date, the days of a window) instead
    of from every certificate. The ``.rq`` text stays a complete query on its own (another
    engine, or the tests' reference answer, runs it unseeded); the first step only narrows
    where the engine starts, never what the answer is.
    """

    def written() -> Query:
        return query.query

    if query.first is None:
        return [(written, False)]
    first = load_named(query.first)
    if any(p.name not in bindings and p.default != "" for p in first.params):
        return [(written, False)]  # a parameter left unbound (defaults=False): as written
    own = {p.name for p in first.params}
    seed = run(store, first.query, bindings={k: v for k, v in bindings.items() if k in own},
               row_cap=SEED_CAP, timeout=timeout, trusted=True)  # fmt: skip
    if not isinstance(seed, Rows):
        return [(written, False)]

    def seeded(chosen: Seed) -> Callable[[], Query]:
        if chosen.rows is None:
            return written
        return lambda: Query(seed_values(query.text, chosen.variables, chosen.rows),
                             query.name, binding=query.binding)  # fmt: skip

    # The parameters are bound in the query by run(); the seed hands on the rest.
    params = {p.name for p in query.params}
    return [(seeded(c), c.page) for c in seeds(seed, params, query.page, row_cap, SEED_CAP)]
