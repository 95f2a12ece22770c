"""Watching a supplier list: what changed between two checks, in a buyer's words.

A buyer checks the same list at two dates (``accredigraph verify --input FILE --as-of D2
--compare-to D1``), or checks it today against a result file they filed earlier (the CSV that
``--format csv`` and the Verify page write: ``--previous results.csv``). :func:`compare` pairs
the two checks by certificate and names each change: ``now not-in-force``, ``lost
recognition``, ``lost accreditation``, ``now accredited`` … ; :func:`changes_csv` writes them.

Examples
--------
>>> import datetime as dt
>>> from graph.verify.model import Verdict
>>> d1, d2 = dt.date(2026, 1, 1), dt.date(2027, 1, 1)
>>> before = [Outcome("C-1", Verdict.ACCREDITED, d1), Outcome("C-2", Verdict.ACCREDITED, d1)]
>>> after = [Outcome("C-1", Verdict.NOT_IN_FORCE, d2, ("CERT_EXPIRED",)),
...          Outcome("C-2", Verdict.ACCREDITED, d2)]
>>> [(c.certificate, c.change) for c in compare(before, after)]
[('C-1', 'now not-in-force')]
>>> print(changes_csv(compare(before, after)).splitlines()[1])
C-1,now not-in-force,worse,accredited,not-in-force,2026-01-01,2027-01-01,,CERT_EXPIRED,,
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from graph.errors import DataError, Problem
from graph.ingest.csvrows import read_csv
from graph.sparql.spreadsheet import FORMULA_STARTS, neutralise_row
from graph.verify.model import Verdict, Verification

__all__ = [
    "Change",
    "Outcome",
    "changes_csv",
    "changes_text",
    "compare",
    "outcomes",
    "read_results",
]

#: How credible each verdict is, least first (the order the verifier tries them).
_RANK = {v: i for i, v in enumerate(Verdict)}
CHANGE_COLUMNS = (
    "certificate",
    "change",
    "direction",
    "verdict_before",
    "verdict_after",
    "as_of_before",
    "as_of_after",
    "reasons_before",
    "reasons_after",
    "organisation",
    "summary",
)


@dataclass(frozen=True)
class Outcome:
    """What one check said about one certificate: enough to compare two checks."""

    certificate: str
    verdict: Verdict
    as_of: dt.date
    reasons: tuple[str, ...] = ()
    summary: str = ""
    organisation: str | None = None

    @classmethod
    def of(cls, v: Verification) -> Outcome:
        """The outcome of a verification."""
        return cls(v.certificate, v.verdict, v.as_of, tuple(v.reasons), v.summary, v.organisation)


def outcomes(results: Sequence[Verification]) -> list[Outcome]:
    """The outcomes of ``results``, in order."""
    return [Outcome.of(v) for v in results]


@dataclass(frozen=True)
class Change:
    """One certificate whose check changed: the two outcomes (``None``: not in that check)."""

    certificate: str
    change: str
    before: Outcome | None
    after: Outcome | None

    @property
    def direction(self) -> str:
        """``worse``, ``better`` or ``same`` (same verdict, other reasons; or only listed in
        one of the checks)."""
        if self.before is None or self.after is None:
            return "same"
        step = _RANK[self.after.verdict] - _RANK[self.before.verdict]
        return "worse" if step < 0 else "better" if step > 0 else "same"

    def as_dict(self) -> dict[str, object]:
        """The change as JSON-ready data (the CLI's ``--format json``)."""
        return dict(zip(CHANGE_COLUMNS, _cells(self), strict=True))


def _cells(c: Change) -> list[object]:
    b, a = c.before, c.after
    last = a or b
    assert last is not None
    return [
        c.certificate,
        c.change,
        c.direction,
        b.verdict.value if b else "",
        a.verdict.value if a else "",
        b.as_of.isoformat() if b else "",
        a.as_of.isoformat() if a else "",
        ";".join(b.reasons) if b else "",
        ";".join(a.reasons) if a else "",
        last.organisation or "",
        last.summary,
    ]


def _words(before: Outcome, after: Outcome) -> str | None:
    """The change from ``before`` to ``after`` in a buyer's words (``None``: no change)."""
    was, now = before.verdict, after.verdict
    if was is now:
        return None if before.reasons == after.reasons else "reasons changed"
    if now is Verdict.NOT_IN_FORCE:
        return "now not-in-force"
    if was is Verdict.ACCREDITED and now is Verdict.ACCREDITED_UNRECOGNISED:
        return "lost recognition"
    if was in (Verdict.ACCREDITED, Verdict.ACCREDITED_UNRECOGNISED) and now is Verdict.UNACCREDITED:
        return "lost accreditation"
    if now is Verdict.ACCREDITED:
        return "now accredited"
    if now is Verdict.ACCREDITED_UNRECOGNISED and was is not Verdict.ACCREDITED:
        return "now accredited, not recognised"
    return f"now {now.value}"


def compare(before: Sequence[Outcome], after: Sequence[Outcome]) -> list[Change]:
    """The certificates whose outcome changed from ``before`` to ``after``, in the order of
    ``after`` (then those only ``before`` had). A certificate listed twice counts once."""
    earlier = {o.certificate: o for o in reversed(before)}
    later = {o.certificate: o for o in reversed(after)}
    changes: list[Change] = []
    for key in dict.fromkeys(o.certificate for o in after):
        now, was = later[key], earlier.get(key)
        if was is None:
            changes.append(Change(key, "new in the list", None, now))
        elif words := _words(was, now):
            changes.append(Change(key, words, was, now))
    changes.extend(
        Change(key, "no longer in the list", earlier[key], None)
        for key in dict.fromkeys(o.certificate for o in before)
        if key not in later
    )
    return changes


def changes_csv(changes: Sequence[Change]) -> str:
    """One row per change: the change, its direction, both verdicts, dates and reasons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CHANGE_COLUMNS)
    for c in changes:
        writer.writerow(neutralise_row(_cells(c)))
    return buffer.getvalue()


def changes_text(changes: Sequence[Change], *, checked: int) -> str:
    """A readable list of the changes among ``checked`` certificates, worst first."""
    if not changes:
        return f"No change among {checked} certificate(s)."
    order = {"worse": 0, "same": 1, "better": 2}
    lines = [f"{len(changes)} change(s) among {checked} certificate(s):"]
    for c in sorted(changes, key=lambda c: order[c.direction]):
        was = c.before.verdict.value if c.before else "-"
        now = c.after.verdict.value if c.after else "-"
        lines.append(f"  {c.certificate}: {c.change} ({was} -> {now})")
    return "\n".join(lines)


def _unneutralised(text: str | None) -> str | None:
    """A cell as it was before the CSV writer put a ``'`` before a formula-like start."""
    if text and text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def read_results(path: Path, *, name: str | None = None) -> list[Outcome]:
    """Read a result file written earlier (``--format csv``, or the Verify page's download).

    Raises :class:`~graph.errors.DataError` naming file, line and column of every problem: a
    missing column, an unknown verdict, a date that is not ``YYYY-MM-DD``.
    """
    problems: list[Problem] = []
    table = read_csv(path, problems, name=name)
    table.require(("certificate", "verdict", "as_of"), problems)
    if problems:
        raise DataError(problems)
    allowed = {v.value for v in Verdict}
    found: list[Outcome] = []
    for row in table.rows():
        certificate = _unneutralised(row.text("certificate", required=True))
        verdict = row.choice("verdict", allowed)
        as_of = row.date("as_of", required=True)
        if certificate and verdict and as_of:
            found.append(
                Outcome(
                    certificate,
                    Verdict(verdict),
                    as_of,
                    tuple(row.items("reasons")),
                    _unneutralised(row.text("summary")) or "",
                    _unneutralised(row.text("organisation")),
                )
            )
    if problems:
        raise DataError(problems)
    if not found:
        raise DataError([Problem(table.name, 2, "-", "no results in the file")])
    return found
