"""The store: a typed :class:`Store` protocol, Oxigraph embedded (in memory or on disk), remote
SPARQL 1.1 endpoints, and atomic swaps of an on-disk store. Names load their module on first
use (PEP 562).

>>> from graph.store import open_store
>>> len(open_store("memory"))
0
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
