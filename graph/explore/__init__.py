"""Explore: entity pages, neighbourhoods, paths between entities and hubs.

Names load their module on first use. The two functions named like their modules,
:func:`graph.explore.search.search` and :func:`graph.explore.neighbourhood.neighbourhood`, are
imported from those modules: a package attribute of the same name would be replaced by the
module as soon as anyone imported it.

>>> from graph.ingest.build import build_store
>>> from graph.explore import describe, resolve_entity
>>> store, _ = build_store("memory")
>>> describe(store, resolve_entity(store, "ukas")).kind
'accreditation-body'
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
