"""accredigraph: the accreditation ecosystem as a knowledge graph.

The public façade: build a store, query it, verify certificates, explore entities.

>>> import graph
>>> store, report = graph.build_store("memory")
>>> graph.verify(store, "S-C-0001").certificate
'S-C-0001'
"""

__version__ = "0.1.0"

from graph.errors import AccredigraphError, DataError, QueryError, ReadOnlyError
from graph.ingest.build import build, build_store, import_register
from graph.ingest.validate import validate_store
from graph.query import named_queries, run_named
from graph.store import Store, open_store
from graph.verify.chain import verify, verify_many
from graph.verify.model import Link, LinkStatus, Verdict, Verification

__all__ = [
    "AccredigraphError",
    "DataError",
    "Link",
    "LinkStatus",
    "QueryError",
    "ReadOnlyError",
    "Store",
    "Verdict",
    "Verification",
    "__version__",
    "build",
    "build_store",
    "import_register",
    "named_queries",
    "open_store",
    "run_named",
    "validate_store",
    "verify",
    "verify_many",
]
