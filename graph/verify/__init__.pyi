"""Type stub of graph.verify: what its ``__init__`` loads on first use (lazy_loader)."""

from .chain import read_many, read_one, verify, verify_many
from .evidence import (
    evidence_pack,
    verdict_counts,
    verifications_csv,
    verifications_json,
    verifications_text,
)
from .model import REASONS, Link, LinkName, LinkStatus, Verdict, Verification
from .picture import chain_graph
from .suppliers import supplier_checks

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
    "supplier_checks",
    "verdict_counts",
    "verifications_csv",
    "verifications_json",
    "verifications_text",
    "verify",
    "verify_many",
]
