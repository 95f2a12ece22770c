"""A buyer's supplier list, checked: one verification per certificate it names.

The list is a CSV file with a ``certificate`` column (ids), or ``organisation``, ``standard``
and ``certification_body`` columns (the certificate is looked up by the organisation's name);
``examples/suppliers.csv`` is one. A row that names no certificate in the graph gives an
``unknown`` verification saying what to ask the supplier for. The Verify page and
``accredigraph verify --input`` both call :func:`supplier_checks`.

>>> import datetime as dt, pathlib, tempfile
>>> from graph.ingest.build import build_store
>>> store, _ = build_store("memory")
>>> path = pathlib.Path(tempfile.mkdtemp()) / "suppliers.csv"
>>> _ = path.write_text("certificate\\nS-C-0001\\nNO-SUCH\\n")
>>> [v.verdict.value for v in supplier_checks(store, path, dt.date(2026, 11, 23))]
['accredited', 'unknown']
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from graph.errors import DataError, Problem
from graph.ingest.csvrows import read_csv
from graph.query import run_named
from graph.store import Store
from graph.verify.chain import verify
from graph.verify.model import Link, LinkName, LinkStatus, Verdict, Verification
from graph.vocab.standards import parse_designation

__all__ = ["supplier_checks"]


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
