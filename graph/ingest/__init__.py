"""Ingest: CSV and Turtle files → checked triples → the store.

Reference and register tables, building and importing, exporting a register back to CSV, SHACL
validation, and the synthetic register generator. Names load their module on first use.
``build(store)`` itself is :func:`graph.ingest.build.build`: the package cannot also export a
function named like its ``build`` module.

>>> from graph.ingest import build_store, validate_store
>>> store, report = build_store("memory")
>>> report.triples > 10_000
True
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
