"""Ingest: CSV and Turtle files → checked triples → the store.

Reference and register tables, building and importing, exporting a register back to CSV, SHACL
validation, and the synthetic register generator. Names load their module on first use
(PEP 562). ``build(store)`` itself is :func:`graph.ingest.build.build`: the package cannot also
export a function named like its ``build`` module.

>>> from graph.ingest import build_store, validate_store
>>> store, report = build_store("memory")
>>> report.triples > 10_000
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.ingest.build import BuildReport, build_store, check, import_register
    from graph.ingest.generate import GenerationReport, generate_register
    from graph.ingest.register_export import export_register
    from graph.ingest.validate import Issue, Report, validate_graph, validate_store

__all__ = [
    "BuildReport",
    "GenerationReport",
    "Issue",
    "Report",
    "build_store",
    "check",
    "export_register",
    "generate_register",
    "import_register",
    "validate_graph",
    "validate_store",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "BuildReport": "graph.ingest.build",
    "build_store": "graph.ingest.build",
    "check": "graph.ingest.build",
    "import_register": "graph.ingest.build",
    "GenerationReport": "graph.ingest.generate",
    "generate_register": "graph.ingest.generate",
    "export_register": "graph.ingest.register_export",
    "Issue": "graph.ingest.validate",
    "Report": "graph.ingest.validate",
    "validate_graph": "graph.ingest.validate",
    "validate_store": "graph.ingest.validate",
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
