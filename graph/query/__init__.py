"""Named queries (``queries/*.rq`` with a header), their parameters, and running them.

>>> from graph.query import named_queries
>>> "signatories-for-standard" in named_queries()
True
"""

from graph.query.catalogue import (
    PARAM_KINDS,
    QUERY_DIR,
    NamedQuery,
    Param,
    load_named,
    named_queries,
)
from graph.query.named import run_named
from graph.query.params import bind_value

__all__ = [
    "PARAM_KINDS",
    "QUERY_DIR",
    "NamedQuery",
    "Param",
    "bind_value",
    "load_named",
    "named_queries",
    "run_named",
]
