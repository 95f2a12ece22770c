"""Drawing: networkx graphs → offline HTML pages (pyvis data, vis-network inlined).

Names load their module on first use (PEP 562), so ``import graph.drawing`` imports neither
networkx nor pyvis.

>>> import networkx as nx
>>> from graph.drawing import to_html
>>> "<html" in to_html(nx.MultiDiGraph(), caption="empty")
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.drawing.html import KIND_STYLE, entity_href, to_html

__all__ = [
    "KIND_STYLE",
    "entity_href",
    "to_html",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "KIND_STYLE": "graph.drawing.html",
    "entity_href": "graph.drawing.html",
    "to_html": "graph.drawing.html",
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
