"""The verifier: a certificate's facts → pure rules → a verdict with one link per hop; bulk
checks; the evidence pack; the chain as a graph to draw. Names load their module on first use
(PEP 562).

>>> import datetime as dt
>>> from graph.ingest import build_store
>>> from graph.verify import Verdict, verify
>>> store, _ = build_store("memory")
>>> verify(store, "S-C-0001", as_of=dt.date(2026, 11, 23)).verdict is Verdict.ACCREDITED
True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.verify.chain import read_many, read_one, verify, verify_many
    from graph.verify.evidence import (
        evidence_pack,
        verdict_counts,
        verifications_csv,
        verifications_json,
        verifications_text,
    )
    from graph.verify.model import REASONS, Link, LinkName, LinkStatus, Verdict, Verification
    from graph.verify.picture import chain_graph

__all__ = [
    "REASONS",
    "Link",
    "LinkName",
    "LinkStatus",
    "Verdict",
    "Verification",
    "chain_graph",
    "evidence_pack",
    "read_many",
    "read_one",
    "verdict_counts",
    "verifications_csv",
    "verifications_json",
    "verifications_text",
    "verify",
    "verify_many",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "read_many": "graph.verify.chain",
    "read_one": "graph.verify.chain",
    "verify": "graph.verify.chain",
    "verify_many": "graph.verify.chain",
    "REASONS": "graph.verify.model",
    "Link": "graph.verify.model",
    "LinkName": "graph.verify.model",
    "LinkStatus": "graph.verify.model",
    "Verdict": "graph.verify.model",
    "Verification": "graph.verify.model",
    "evidence_pack": "graph.verify.evidence",
    "verdict_counts": "graph.verify.evidence",
    "verifications_csv": "graph.verify.evidence",
    "verifications_json": "graph.verify.evidence",
    "verifications_text": "graph.verify.evidence",
    "chain_graph": "graph.verify.picture",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
