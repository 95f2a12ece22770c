"""Type stub of graph.query: what its ``__init__`` loads on first use (lazy_loader)."""

from .catalogue import PARAM_KINDS, QUERY_DIR, NamedQuery, Param, load_named, named_queries
from .named import bind_named, run_named
from .params import bind_value

__all__ = [
    "PARAM_KINDS",
    "QUERY_DIR",
    "NamedQuery",
    "Param",
    "bind_named",
    "bind_value",
    "load_named",
    "named_queries",
    "run_named",
]
