"""The verifier: a certificate's facts → pure rules → a verdict with one link per hop; bulk
checks; the evidence pack; the chain as a graph to draw. Names load their module on first use.

>>> import datetime as dt
>>> from graph.ingest import build_store
>>> from graph.verify import Verdict, verify
>>> store, _ = build_store("memory")
>>> verify(store, "S-C-0001", as_of=dt.date(2026, 11, 23)).verdict is Verdict.ACCREDITED
True
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
