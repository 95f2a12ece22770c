"""Type stub of graph.drawing: what its ``__init__`` loads on first use (lazy_loader)."""

from .choropleth import (
    CountryCounts,
    choropleth_svg,
    country_code,
    country_column,
    per_country,
    world_outlines,
)
from .html import KIND_STYLE, entity_href, to_html

__all__ = [
    "KIND_STYLE",
    "CountryCounts",
    "choropleth_svg",
    "country_code",
    "country_column",
    "entity_href",
    "per_country",
    "to_html",
    "world_outlines",
]
