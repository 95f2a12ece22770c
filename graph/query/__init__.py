"""Named queries (``queries/*.rq`` with a header), their parameters, and running them. Names
load their module on first use (PEP 562).

>>> from graph.query import named_queries
>>> "signatories-for-standard" in named_queries()
True
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
