"""Opening the store a location names: ``"memory"``, a directory, or a SPARQL endpoint URL.

>>> store = open_store("memory")
>>> store.location, store.path is None
('memory', True)
>>> open_store("https://example.org/sparql").read_only
True
"""

from __future__ import annotations

import os
from pathlib import Path

from graph.store.embedded import OxigraphStore, is_open, open_on_disk
from graph.store.journal import recover
from graph.store.protocol import Store, is_memory, is_remote

__all__ = ["open_store"]


def open_store(
    location: str | Path | None = None,
    *,
    read_only: bool = False,
    update_url: str | None = None,
    graph_store_url: str | None = None,
) -> Store:
    """Open the store named by ``location``: ``"memory"``/``None``, a directory path, or the
    ``http(s)://`` URL of a SPARQL 1.1 query endpoint (a :class:`~graph.store.remote.RemoteStore`).

    Opening a directory this process already has open returns the same store; a half-done swap
    a killed process left there is finished or undone first (:func:`~graph.store.journal.recover`).
    A remote store is read-only unless given an ``update_url`` (default:
    ``$ACCREDIGRAPH_UPDATE_URL``); a ``graph_store_url`` (default:
    ``$ACCREDIGRAPH_GRAPH_STORE_URL``) makes loads fast. The environment is only read.
    """
    if is_memory(location):
        return OxigraphStore(None)
    if is_remote(location):
        from graph.store.remote import RemoteStore  # urllib, http, ssl: only for an endpoint

        return RemoteStore(
            str(location),
            update_url=update_url or os.environ.get("ACCREDIGRAPH_UPDATE_URL"),
            graph_store_url=graph_store_url or os.environ.get("ACCREDIGRAPH_GRAPH_STORE_URL"),
        )
    path = Path(str(location)).resolve()
    if is_open(path) is None:  # a first open: no swap of this process can be under way
        recover(path)
    return open_on_disk(path, read_only=read_only)
