"""Type stub of graph.query: what its ``__init__`` loads on first use (lazy_loader)."""

from .catalogue import (
    PARAM_KINDS,
    QUERY_DIR,
    NamedQuery,
    Param,
    is_named,
    load_named,
    named_queries,
)
from .completion import KEYWORDS, Completion, completions
from .named import bind_named, count_named, run_named
from .params import bind_value
from .void import DATASET, LICENSE, VOID, void_document, void_triples
from .walk import PAGE_ROWS, walk_named

__all__ = [
    "DATASET",
    "KEYWORDS",
    "LICENSE",
    "PAGE_ROWS",
    "PARAM_KINDS",
    "QUERY_DIR",
    "VOID",
    "Completion",
    "NamedQuery",
    "Param",
    "bind_named",
    "bind_value",
    "completions",
    "count_named",
    "is_named",
    "load_named",
    "named_queries",
    "run_named",
    "void_document",
    "void_triples",
    "walk_named",
]
