"""``accredigraph``: the parser and one module per command family (``build``, ``query``,
``verify``, ``explore``, ``serve``); the entry point is :func:`graph.cli.main.main`. Names load
their module on first use (PEP 562).

>>> from graph.cli import parser
>>> parser().prog
'accredigraph'
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
