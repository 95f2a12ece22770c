"""Explore: entity pages, neighbourhoods, paths between entities and hubs.

Names load their module on first use (PEP 562). The two functions named like their modules,
:func:`graph.explore.search.search` and :func:`graph.explore.neighbourhood.neighbourhood`, are
imported from those modules: a package attribute of the same name would be replaced by the
module as soon as anyone imported it.

>>> from graph.ingest.build import build_store
>>> from graph.explore import describe, resolve_entity
>>> store, _ = build_store("memory")
>>> describe(store, resolve_entity(store, "ukas")).kind
'accreditation-body'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.explore.algorithms import Hub, Paths, how_related, hubs
    from graph.explore.entity import (
        Entity,
        Fact,
        LinkRow,
        Page,
        Summary,
        describe,
        entity_rdf,
        links_in,
        links_out,
        summarise,
    )
    from graph.explore.neighbourhood import Neighbourhood, merged, projection
    from graph.explore.resolve import resolve_entity
    from graph.explore.search import SEARCH_KINDS, Hit
    from graph.explore.triples import triples_to_graph

__all__ = [
    "SEARCH_KINDS",
    "Entity",
    "Fact",
    "Hit",
    "Hub",
    "LinkRow",
    "Neighbourhood",
    "Page",
    "Paths",
    "Summary",
    "describe",
    "entity_rdf",
    "how_related",
    "hubs",
    "links_in",
    "links_out",
    "merged",
    "projection",
    "resolve_entity",
    "summarise",
    "triples_to_graph",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "Entity": "graph.explore.entity",
    "Fact": "graph.explore.entity",
    "LinkRow": "graph.explore.entity",
    "Page": "graph.explore.entity",
    "Summary": "graph.explore.entity",
    "describe": "graph.explore.entity",
    "entity_rdf": "graph.explore.entity",
    "links_in": "graph.explore.entity",
    "links_out": "graph.explore.entity",
    "resolve_entity": "graph.explore.resolve",
    "summarise": "graph.explore.entity",
    "SEARCH_KINDS": "graph.explore.search",
    "Hit": "graph.explore.search",
    "Neighbourhood": "graph.explore.neighbourhood",
    "merged": "graph.explore.neighbourhood",
    "projection": "graph.explore.neighbourhood",
    "triples_to_graph": "graph.explore.triples",
    "Hub": "graph.explore.algorithms",
    "Paths": "graph.explore.algorithms",
    "how_related": "graph.explore.algorithms",
    "hubs": "graph.explore.algorithms",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
