"""A workspace: what one user works in — the store, plus optionally their own registers on top.

:func:`open_workspace` follows one set of rules, shared by the ``accredigraph`` command line
and the app:

- no store named and no register given: the on-disk store ``.accredigraph/store``
  (:attr:`graph.settings.Settings.store_path`) when it has been built (``make run`` builds
  it), else the bundled graph built in memory;
- ``"memory"``: the bundled graph built in memory, with the registers built in;
- a directory: the on-disk store there, which must have been built (a path that holds no
  store is refused with a message saying how to build one, and nothing is created); a
  ``http(s)://`` URL: that SPARQL 1.1 endpoint, read-only unless given an ``update_url``
  (:func:`graph.store.open_store`). The registers are imported on top of it.

Before an on-disk store is looked at, whatever a killed build or import left there is finished
or undone (:func:`graph.store.recover`), so a store caught in the middle of a swap is found.

Nothing here reads or changes the process environment: the endpoint URLs are passed on as
arguments (``open_store`` still falls back to ``$ACCREDIGRAPH_UPDATE_URL`` and
``$ACCREDIGRAPH_GRAPH_STORE_URL`` when they are not given).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from graph.errors import StoreError
from graph.ingest.layout import require_current
from graph.settings import Settings
from graph.store import Store, is_memory, is_remote, is_store, open_store, recover

__all__ = ["open_workspace"]


def _require_store(path: Path) -> None:
    """Raise :class:`StoreError` unless ``path`` holds a store (after recovering a swap a
    killed process left half done): a mistyped ``--store`` must not create an empty one."""
    recover(path)
    if not is_store(path):
        raise StoreError(f"no store at {path}: build one first (accredigraph --store {path} build)")


def open_workspace(
    store: str | Path | None = None,
    *,
    data: Sequence[str | Path] = (),
    update_url: str | None = None,
    graph_store_url: str | None = None,
    quiet: bool = False,
) -> Store:
    """Open the store a user works in, with their registers ``data`` on top of it.

    Parameters
    ----------
    store
        ``None`` (the built on-disk store if there is one, else memory), ``"memory"``, a store
        directory, or the ``http(s)://`` URL of a SPARQL 1.1 query endpoint.
    data
        Register folders in the interchange format (``docs/interchange.md``), loaded on top of
        the bundled data. With no ``store`` they are built in memory, leaving the on-disk
        store alone; otherwise they are imported into ``store``.
    update_url, graph_store_url
        The SPARQL update and Graph Store Protocol endpoints of a ``store`` URL (the defaults
        are those of :func:`graph.store.embedded.open_store`).
    quiet
        When false, say on standard error that the graph is being built in memory because no
        store has been built yet.

    Returns
    -------
    Store
        The opened store.

    Raises
    ------
    graph.errors.DataError
        When a register has bad rows (nothing is loaded then).
    graph.errors.StoreError
        When there is no store at the directory given, the store cannot be opened, or a
        register is given for a read-only store.

    Examples
    --------
    >>> workspace = open_workspace("memory", quiet=True)
    >>> len(workspace) > 10_000
    True
    >>> remote = open_workspace("http://127.0.0.1:9/query",
    ...                         update_url="http://127.0.0.1:9/update")  # no request yet
    >>> remote.update_url, remote.read_only
    ('http://127.0.0.1:9/update', False)
    >>> open_workspace("/no/x")
    Traceback (most recent call last):
    graph.errors.StoreError: no store at /no/x: build one first (accredigraph --store /no/x build)
    """
    settings = Settings()
    extra = [Path(d) for d in data]
    if store is None and not extra:
        recover(settings.store_path)  # a swap a killed build left half done is finished first
        if is_store(settings.store_path):
            graph = open_store(settings.store_path)
            require_current(graph, str(settings.store_path))
            return graph
    # the builder (pycountry, the CSV rules) loads only to build or import, not to open a store
    if is_memory(store):
        from graph.ingest.build import build_store

        if not quiet and not extra:
            print("(no store built yet: building the graph in memory)", file=sys.stderr)
        graph, _ = build_store("memory", extra=extra, settings=settings)
        return graph
    if not is_remote(store):
        _require_store(Path(str(store)))
    graph = open_store(store, update_url=update_url, graph_store_url=graph_store_url)
    if not is_remote(store):  # an old layout would answer without what the queries read
        require_current(graph, str(store))
    if extra:
        from graph.ingest.build import import_register

        for folder in extra:
            import_register(graph, folder)
    return graph
