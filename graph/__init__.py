"""accredigraph: the accreditation ecosystem as a knowledge graph.

The public façade: build a store, query it, verify certificates. Importing ``graph`` imports
nothing heavy; each name below loads its module on first use (PEP 562), so ``import graph`` stays
cheap for the command line and for tools that only want ``graph.__version__``.

>>> import datetime as dt
>>> import graph
>>> store, report = graph.build_store("memory")
>>> result = graph.verify_certificate(store, "S-C-0001", as_of=dt.date(2026, 11, 23))
>>> result.certificate, result.verdict
('S-C-0001', <Verdict.ACCREDITED: 'accredited'>)

The subpackages (``graph.verify``, ``graph.query``, ``graph.store`` …) hold the rest; the façade
never exports a name that is also a subpackage's (hence ``verify_certificate``, not ``verify``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.errors import (
        AccredigraphError,
        DataError,
        Problem,
        QueryError,
        QueryTimeout,
        ReadOnlyError,
        StoreError,
    )
    from graph.ingest.build import build_store, import_register
    from graph.ingest.validate import validate_store
    from graph.query.catalogue import named_queries
    from graph.query.named import run_named
    from graph.settings import VERSION as __version__
    from graph.store.opening import open_store
    from graph.verify.chain import verify as verify_certificate
    from graph.verify.chain import verify_many
    from graph.verify.model import Link, LinkStatus, Verdict, Verification

__all__ = [
    "AccredigraphError",
    "DataError",
    "Link",
    "LinkStatus",
    "Problem",
    "QueryError",
    "QueryTimeout",
    "ReadOnlyError",
    "StoreError",
    "Verdict",
    "Verification",
    "__version__",
    "build_store",
    "import_register",
    "named_queries",
    "open_store",
    "run_named",
    "validate_store",
    "verify_certificate",
    "verify_many",
]

#: Public name -> (module, attribute), imported on first use.
_LAZY = {
    "AccredigraphError": ("graph.errors", "AccredigraphError"),
    "DataError": ("graph.errors", "DataError"),
    "Problem": ("graph.errors", "Problem"),
    "QueryError": ("graph.errors", "QueryError"),
    "QueryTimeout": ("graph.errors", "QueryTimeout"),
    "ReadOnlyError": ("graph.errors", "ReadOnlyError"),
    "StoreError": ("graph.errors", "StoreError"),
    "__version__": ("graph.settings", "VERSION"),
    "build_store": ("graph.ingest.build", "build_store"),
    "import_register": ("graph.ingest.build", "import_register"),
    "validate_store": ("graph.ingest.validate", "validate_store"),
    "named_queries": ("graph.query.catalogue", "named_queries"),
    "run_named": ("graph.query.named", "run_named"),
    "open_store": ("graph.store.opening", "open_store"),
    "verify_certificate": ("graph.verify.chain", "verify"),
    "verify_many": ("graph.verify.chain", "verify_many"),
    "Link": ("graph.verify.model", "Link"),
    "LinkStatus": ("graph.verify.model", "LinkStatus"),
    "Verdict": ("graph.verify.model", "Verdict"),
    "Verification": ("graph.verify.model", "Verification"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
