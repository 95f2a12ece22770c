"""Drawing: networkx graphs → offline HTML pages (pyvis data, vis-network inlined), and SVG
and PNG files for slides (:mod:`.layout` lays them out, :mod:`.svg` and :mod:`.png` write them).

Names load their module on first use (PEP 562), so ``import graph.drawing`` imports neither
networkx nor pyvis.

>>> import networkx as nx
>>> from graph.drawing import to_html
>>> "<html" in to_html(nx.MultiDiGraph(), caption="empty")
True
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
