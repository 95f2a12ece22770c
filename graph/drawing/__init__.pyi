"""Type stub of graph.drawing: what its ``__init__`` loads on first use (lazy_loader)."""

from .html import KIND_STYLE, entity_href, to_html

__all__ = [
    "KIND_STYLE",
    "entity_href",
    "to_html",
]
