"""Type stub of graph.verify: what its ``__init__`` loads on first use (lazy_loader)."""

from .chain import read_many, read_one, verify, verify_many
from .changes import Change, Outcome, changes_csv, compare, outcomes, read_results
from .evidence import (
    evidence_pack,
    verdict_counts,
    verifications_csv,
    verifications_json,
    verifications_text,
)
from .model import REASONS, Link, LinkName, LinkStatus, Verdict, Verification
from .pdf import record_pdf
from .picture import chain_graph
from .record import DataVersion, data_version, record_html
from .suppliers import supplier_checks

__all__ = [
    "REASONS",
    "Change",
    "DataVersion",
    "Link",
    "LinkName",
    "LinkStatus",
    "Outcome",
    "Verdict",
    "Verification",
    "chain_graph",
    "changes_csv",
    "compare",
    "data_version",
    "evidence_pack",
    "outcomes",
    "read_many",
    "read_one",
    "read_results",
    "record_html",
    "record_pdf",
    "supplier_checks",
    "verdict_counts",
    "verifications_csv",
    "verifications_json",
    "verifications_text",
    "verify",
    "verify_many",
]
