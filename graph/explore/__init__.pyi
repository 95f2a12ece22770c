"""Type stub of graph.explore: what its ``__init__`` loads on first use (lazy_loader)."""

from .algorithms import Hub, Paths, how_related, hubs
from .entity import (
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
from .facets import Facets, facets_of
from .neighbourhood import Neighbourhood, merged, projection
from .resolve import resolve_entity
from .search import SEARCH_KINDS, Found, Hit
from .triples import triples_to_graph

__all__ = [
    "SEARCH_KINDS",
    "Entity",
    "Facets",
    "Fact",
    "Found",
    "Hit",
    "Hub",
    "LinkRow",
    "Neighbourhood",
    "Page",
    "Paths",
    "Summary",
    "describe",
    "entity_rdf",
    "facets_of",
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
