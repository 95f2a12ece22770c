"""Type stub of graph.query: what its ``__init__`` loads on first use (lazy_loader)."""

from .catalogue import PARAM_KINDS, QUERY_DIR, NamedQuery, Param, load_named, named_queries
from .completion import KEYWORDS, Completion, completions
from .named import run_named
from .params import bind_value

__all__ = [
    "KEYWORDS",
    "PARAM_KINDS",
    "QUERY_DIR",
    "Completion",
    "NamedQuery",
    "Param",
    "bind_value",
    "completions",
    "load_named",
    "named_queries",
    "run_named",
]
