"""The read-only SPARQL 1.1 endpoint (``accredigraph serve``). Names load their module on first
use (PEP 562).

>>> from graph.serve import negotiate
>>> negotiate("text/csv", ["application/sparql-results+json", "text/csv"])
'text/csv'
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
