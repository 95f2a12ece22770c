"""Command-line surface of the verifier: ``verify`` and ``validate``.

``verify`` takes certificate ids, every certificate (no ids), or a buyer's supplier list
(``--input FILE.csv`` with a ``certificate`` column, or ``organisation``, ``standard`` and
``certification_body`` columns) and prints a table, JSON, CSV or a JSON-LD evidence pack.
Exit status: 0 when every certificate checked is ``accredited``, 3 when some are not, 1 on
bad input.

Watching a list: ``--compare-to D`` checks the same certificates on a second date too, and
``--previous results.csv`` compares with a result file written earlier (``--format csv``); both
print what changed (``--format csv``: the changes CSV) and exit 3 when something got worse.
``--record html|pdf --out FILE`` writes the printable verification record.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from graph.cli.options import workspace

if TYPE_CHECKING:
    from graph.verify.model import Verification

# Each command imports the verifier (and validate, the SHACL engine) when it runs, so that
# another command (a query) does not load them: the parser only needs the options.

__all__ = ["add_commands"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _usage(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 2


def _check(store, args: argparse.Namespace, as_of: dt.date) -> list[Verification]:
    from graph.verify.chain import verify, verify_many
    from graph.verify.suppliers import supplier_checks

    if args.input:
        return supplier_checks(store, Path(args.input), as_of)
    if args.ids:
        return [verify(store, identifier, as_of=as_of) for identifier in args.ids]
    return verify_many(store, as_of=as_of)


def _changes(store, args: argparse.Namespace, as_of: dt.date, results) -> int:
    """Print what changed since ``--compare-to`` or ``--previous``; 3 when something got worse."""
    from graph.verify.changes import changes_csv, changes_text, compare, outcomes, read_results

    if args.previous:
        before = read_results(Path(args.previous), name=Path(args.previous).name)
        after = outcomes(results)
    else:
        other = outcomes(_check(store, args, args.compare_to))
        before, after = (other, outcomes(results)) if args.compare_to <= as_of else (
            outcomes(results), other)  # fmt: skip
    changes = compare(before, after)
    if args.format == "csv":
        print(changes_csv(changes), end="")
    elif args.format == "json":
        print(json.dumps([c.as_dict() for c in changes], ensure_ascii=False, indent=2))
    else:
        print(changes_text(changes, checked=len(after)))
    return 3 if any(c.direction == "worse" for c in changes) else 0


def _record(store, args: argparse.Namespace, results) -> int:
    """Write the printable record (HTML, or PDF which needs ``--out``)."""
    from graph.verify.model import Verdict
    from graph.verify.record import data_version, record_html

    version = data_version(store)
    if args.record == "pdf":
        from graph.verify.pdf import record_pdf

        Path(args.out).write_bytes(record_pdf(results, version))
    elif args.out:
        Path(args.out).write_text(record_html(results, version), encoding="utf-8")
    else:
        print(record_html(results, version), end="")
    if args.out:
        print(f"wrote the verification record of {len(results)} certificate(s) to {args.out}")
    return 0 if all(r.verdict is Verdict.ACCREDITED for r in results) else 3


def cmd_verify(args: argparse.Namespace) -> int:
    from graph.verify.evidence import (
        evidence_pack,
        verifications_csv,
        verifications_json,
        verifications_text,
    )
    from graph.verify.model import Verdict

    if args.compare_to and args.previous:
        return _usage("give --compare-to DATE or --previous FILE, not both")
    if args.record == "pdf" and not args.out:
        return _usage("--record pdf needs --out FILE.pdf (a PDF is not printed to a terminal)")
    store = workspace(args)
    as_of = args.as_of or dt.date.today()
    results = _check(store, args, as_of)
    if args.compare_to or args.previous:
        return _changes(store, args, as_of, results)
    if args.record:
        return _record(store, args, results)
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
    from graph.ingest.validate import validate_store

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
    p.add_argument(
        "--compare-to",
        type=_date,
        metavar="DATE",
        help="check on this date too and print what changed between the two dates",
    )
    p.add_argument(
        "--previous",
        metavar="RESULTS.csv",
        help="a result file written earlier (--format csv): print what changed since",
    )
    p.add_argument(
        "--record",
        choices=["html", "pdf"],
        help="write the printable verification record (chain, reasons, sources, "
        "as-of date, data version)",
    )
    p.add_argument("--out", metavar="FILE", help="where --record writes (needed for pdf)")
    p.set_defaults(func=cmd_verify)

    p = sub.add_parser("validate", help="the SHACL data-quality report of the graph")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_validate)
