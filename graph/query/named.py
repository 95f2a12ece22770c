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
from collections.abc import Mapping

from graph.errors import QueryError
from graph.query.catalogue import NamedQuery, load_named
from graph.query.params import bind_value
from graph.sparql import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Query, Result, Rows, run, seed_values
from graph.store import Store, Term

__all__ = ["SEED_CAP", "bind_named", "run_named"]

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
) -> Result:
    """Run the named query ``name`` with ``params`` (parameter name → the text a user typed).

    Parameters not given take their defaults; with ``defaults=False`` they stay unbound, so a
    query written for one entity answers for all of them (the verifier's bulk path). The
    query's text is ours, so it skips the read-only check; its values are bound as terms,
    never pasted.
    """
    started = time.monotonic()
    query, bindings = bind_named(store, name, params, defaults=defaults, timeout=timeout)
    if timeout is not None:  # the first step's time counts against the same limit
        timeout = max(timeout - (time.monotonic() - started), 0.001)
    return run(store, query, bindings=bindings, row_cap=row_cap, timeout=timeout, trusted=True)


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
    :func:`graph.sparql.export`, which streams the answer instead)."""
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
        if value == "":
            raise QueryError(f"{name}: parameter {param.name} ({param.label}) needs a value")
        bindings[param.name] = bind_value(param, value, store)
    return _seeded(store, query, bindings, timeout), bindings


def _seeded(store: Store, query: NamedQuery, bindings: Mapping[str, Term],
            timeout: float | None) -> Query:  # fmt: skip
    """``query`` as it runs: as written, or seeded with the rows of its first step.

    A query whose header names a first step (``# first: NAME``) is answered in two: ``NAME``
    runs with the parameters it declares, and its rows (at most :data:`SEED_CAP`) are handed
    to the query as a ``VALUES`` block at the start of its ``WHERE`` group, so the engine
    starts from that small set (six editions void on a date, the 91 days of a window) instead
    of from every certificate. The ``.rq`` text stays a complete query on its own (another
    engine, or the tests' reference answer, runs it unseeded); the first step only narrows
    where the engine starts, never what the answer is.
    """
    if query.first is None:
        return query.query
    first = load_named(query.first)
    own = {p.name for p in first.params}
    if not own <= set(bindings):  # a parameter left unbound (defaults=False): run as written
        return query.query
    seed = run(store, first.query, bindings={k: v for k, v in bindings.items() if k in own},
               row_cap=SEED_CAP, timeout=timeout, trusted=True)  # fmt: skip
    if not isinstance(seed, Rows) or seed.truncated:
        return query.query
    # The parameters are bound in the query by run(); the seed hands on the rest.
    keep = [i for i, v in enumerate(seed.variables) if v not in {p.name for p in query.params}]
    rows = [tuple(row[i] for i in keep) for row in seed.rows]
    text = seed_values(query.text, [seed.variables[i] for i in keep], rows)
    return Query(text, query.name, binding=query.binding)
