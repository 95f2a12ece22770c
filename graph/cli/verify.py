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
from graph.errors import DataError, Problem
from graph.ingest.csvrows import read_csv
from graph.ingest.validate import validate_store
from graph.query import run_named
from graph.store import Store
from graph.verify.chain import verify, verify_many
from graph.verify.evidence import (
    evidence_pack,
    verifications_csv,
    verifications_json,
    verifications_text,
)
from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
from graph.vocab.standards import parse_designation

__all__ = ["add_commands", "supplier_checks"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def supplier_checks(store: Store, path: Path, as_of: dt.date) -> list[Verification]:
    """Verify a supplier list: one result per certificate found, ``unknown`` per row not found."""
    problems: list[Problem] = []
    table = read_csv(path, problems)
    if table.header is not None and "certificate" not in table.header:
        table.require(("organisation", "standard", "certification_body"), problems)
    if problems:
        raise DataError(problems)
    results: list[Verification] = []
    for row in table.rows():
        if certificate := row.text("certificate"):
            results.append(verify(store, certificate, as_of=as_of))
            continue
        org, standard = row.text("organisation"), row.text("standard")
        cb = row.text("certification_body")
        if not (org and standard and cb):
            row.problem("certificate", "give a certificate id, or organisation, standard and "
                        "certification_body")  # fmt: skip
            continue
        wanted = parse_designation(standard)
        found = [
            r for r in run_named(store, "find-certificates", {"name": org}, row_cap=None).records()
            if (r["cbId"] or "").lower() == cb.lower()
            and wanted is not None
            and (p := parse_designation(r["designation"])) is not None
            and p.family == wanted.family
            and (wanted.year is None or p.year in (None, wanted.year))
        ]  # fmt: skip
        if not found:
            label = f"{org} / {standard} / {cb}"
            link = Link(
                LinkName.CERTIFICATE,
                LinkStatus.FAIL,
                "CERT_NOT_FOUND",
                f"No {standard} certificate of '{org}' from '{cb}' is in the graph.",
            )
            results.append(Verification(label, None, Verdict.UNKNOWN, as_of,
                                        "Not found in the graph: ask the supplier for the "
                                        "certificate number and check it with the certification "
                                        "body.", (link,), organisation=org, standard=standard,
                                        certification_body=cb))  # fmt: skip
        results.extend(verify(store, r["id"], as_of=as_of) for r in found)
    if problems:
        raise DataError(problems)
    return results


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
