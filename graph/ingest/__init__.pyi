"""Type stub of graph.ingest: what its ``__init__`` loads on first use (lazy_loader)."""

from .build import BuildReport, build_store, check, import_register
from .generate import GenerationReport, generate_register
from .register_export import export_register
from .validate import Issue, Report, validate_graph, validate_store

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
