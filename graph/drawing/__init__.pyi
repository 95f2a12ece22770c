"""Type stub of graph.drawing: what its ``__init__`` loads on first use (lazy_loader)."""

from .assets import VIS_FILES, VIS_FOLDER, vis_assets, with_linked_assets
from .choropleth import (
    CountryCounts,
    choropleth_svg,
    country_code,
    country_column,
    per_country,
    world_outlines,
)
from .download import with_link_base
from .html import KIND_STYLE, MIN_LABEL_PX, entity_href, to_html
from .layout import LABEL_PX, SMALL_PX, scene
from .png import to_png
from .svg import to_svg

__all__ = [
    "KIND_STYLE",
    "LABEL_PX",
    "MIN_LABEL_PX",
    "SMALL_PX",
    "VIS_FILES",
    "VIS_FOLDER",
    "CountryCounts",
    "choropleth_svg",
    "country_code",
    "country_column",
    "entity_href",
    "per_country",
    "scene",
    "to_html",
    "to_png",
    "to_svg",
    "vis_assets",
    "with_link_base",
    "with_linked_assets",
    "world_outlines",
]
