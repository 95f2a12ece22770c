"""The one way to run SPARQL: guarded, time-limited, capped, with typed results.

:func:`run` is what every caller uses (CLI, app, endpoint, verifier, explorer, benchmark);
:func:`open_stream` has an answer written in a W3C format as it is produced, under the same
guard, turn and time limit (the endpoint, ``query --format``); :func:`stream` reads a SELECT
too large to hold; :func:`update` is the one explicit write.
Names load their module on first use.

>>> from graph.sparql import run
>>> from graph.store import open_store
>>> run(open_store("memory"), "ASK { ?s ?p ?o }").value
False
"""

import lazy_loader

# the names and their modules are listed once, in __init__.pyi (read by type checkers too)
__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
