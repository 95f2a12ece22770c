"""Command-line surface of the verifier: ``verify`` and ``validate``.

``verify`` takes certificate ids, every certificate (no ids), or a buyer's supplier list
(``--input FILE.csv`` with a ``certificate`` column, or ``organisation``, ``standard`` and
``certification_body`` columns) and prints a table, JSON, CSV or a JSON-LD evidence pack.
Exit status: 0 when every certificate checked is ``accredited``, 3 when some are not, 1 on
bad input.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

from graph.cli.options import workspace
from graph.ingest.validate import validate_store
from graph.verify.chain import verify, verify_many
from graph.verify.evidence import (
    evidence_pack,
    verifications_csv,
    verifications_json,
    verifications_text,
)
from graph.verify.model import Verdict
from graph.verify.suppliers import supplier_checks

__all__ = ["add_commands"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def cmd_verify(args: argparse.Namespace) -> int:
    store = workspace(args)
    as_of = args.as_of or dt.date.today()
    if args.input:
        results = supplier_checks(store, Path(args.input), as_of)
    elif args.ids:
        results = [verify(store, identifier, as_of=as_of) for identifier in args.ids]
    else:
        results = verify_many(store, as_of=as_of)
    if args.format == "json":
        print(verifications_json(results))
    elif args.format == "csv":
        print(verifications_csv(results), end="")
    elif args.format == "jsonld":
        print(json.dumps(evidence_pack(results), indent=2, ensure_ascii=False))
    else:
        print(verifications_text(results))
    return 0 if all(r.verdict is Verdict.ACCREDITED for r in results) else 3


def cmd_validate(args: argparse.Namespace) -> int:
    report = validate_store(workspace(args))
    print(report.to_json() if args.format == "json" else report.to_text())
    return 0 if report.conforms else 3


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add the verifier's commands to the ``accredigraph`` parser."""
    p = sub.add_parser("verify", help="verdicts for certificates, link by link")
    p.add_argument("ids", nargs="*", metavar="ID", help="certificate ids (default: all)")
    p.add_argument("--as-of", type=_date, help="date of the check (default: today)")
    p.add_argument("--format", choices=["table", "json", "csv", "jsonld"], default="table")
    p.add_argument("--input", metavar="FILE.csv", help="a supplier list to check")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("validate", help="the SHACL data-quality report of the graph")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_validate)
