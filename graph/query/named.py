"""Running a named query: its parameters checked and bound, then :func:`graph.sparql.run`.

>>> from graph.ingest.build import build
>>> from graph.store import open_store
>>> store = open_store("memory"); _ = build(store)
>>> rows = run_named(store, "signatories-for-standard", {"standard": "ISO 9001"})
>>> sorted({r["designation"] for r in rows.records()})
['ISO 9001']
"""

from __future__ import annotations

from collections.abc import Mapping

from graph.errors import QueryError
from graph.query.catalogue import load_named
from graph.query.params import bind_value
from graph.sparql import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT, Query, Result, run
from graph.store import Store, Term

__all__ = ["bind_named", "run_named"]


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
    query, bindings = bind_named(store, name, params, defaults=defaults)
    return run(store, query, bindings=bindings, row_cap=row_cap, timeout=timeout, trusted=True)


def bind_named(
    store: Store, name: str, params: Mapping[str, str] | None = None, *, defaults: bool = True
) -> tuple[Query, dict[str, Term]]:
    """The named query ``name`` and its parameters as terms, checked as :func:`run_named`
    checks them (for :func:`graph.sparql.export`, which streams the answer instead)."""
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
    return query.query, bindings
