"""One table per size: every listed named query on Oxigraph (warm and in a fresh process), on
Virtuoso (warm) and, for the aggregates and red flags, the DuckDB floor, with ratios and the
goals of issue 14.

The input is one size's entry of ``benchmarks/results/latest.json`` (``benchmarks/run.py``)::

    {"oxigraph": {"named queries": {name: {"seconds", "rows", "all rows"} | {"error"}},
                  "named queries, fresh process": {name: {"seconds", "wall", "rows"} | ...}},
     "virtuoso": {"named queries": {...}} | {"not installed": reason} | {"error": reason},
     "duckdb": {"queries": {name: {"seconds", "rows"} | {"error"}}} | {"not installed": ...}}

An engine's answer whose row count differs from Oxigraph's is shown as **wrong** (with both
counts) and gets no ratio; a failure is shown with its reason. The goals (at 1 M certificates,
warm): every listed query within 2 s; no slower than Virtuoso wherever Virtuoso needs more than
0.1 s (and answers the same rows); the aggregates and red flags within 0.2 s.

>>> entry = {"oxigraph": {"named queries": {"q": {"seconds": 0.5, "rows": 3, "all rows": 3}}},
...          "virtuoso": {"named queries": {"q": {"seconds": 0.25, "rows": 3, "all rows": 3}}}}
>>> rows(entry)[0]["Oxigraph / Virtuoso"]
'2.0x'
"""

from __future__ import annotations

from typing import Any

__all__ = ["AGGREGATE_SECONDS", "TARGET_SECONDS", "VIRTUOSO_FLOOR_SECONDS", "markdown", "rows"]

#: Every listed named query, warm, at 1 M certificates (issue 14).
TARGET_SECONDS = 2.0
#: The aggregates and red flags, warm, at 1 M certificates.
AGGREGATE_SECONDS = 0.2
#: Below this Virtuoso time the "no slower than Virtuoso" goal does not apply.
VIRTUOSO_FLOOR_SECONDS = 0.1
COLUMNS = ["query", "Oxigraph warm", "Oxigraph fresh process", "Virtuoso warm", "DuckDB floor",
           "Oxigraph / Virtuoso", "Oxigraph / DuckDB", "rows", "goals"]  # fmt: skip


def is_aggregate(name: str) -> bool:
    """The aggregates and red flags: the 0.2 s goal."""
    return name.startswith(("red-flag-", "summary-", "certificates-per-")) or (
        name == "expiring-certificates"
    )


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def _count(entry: dict[str, Any]) -> int | None:
    value = entry.get("all rows", entry.get("rows"))
    return value if isinstance(value, int) else None


def _engine(timings: dict[str, Any] | None, absent: str) -> dict[str, Any]:
    """``{"missing": text}`` for an engine that did not run, else its per-query timings."""
    if timings is None:
        return {"missing": "not run"}
    if "not installed" in timings:
        return {"missing": "not installed"}
    if "error" in timings and "named queries" not in timings and "queries" not in timings:
        return {"missing": f"failed: {timings['error']}"}
    return timings.get("named queries", timings.get("queries", {})) or {"missing": absent}


def _cell(
    result: dict[str, Any] | None, reference: int | None, by: str = "Oxigraph"
) -> tuple[str, float | None]:
    """A timing's cell and the seconds to compare (None when failed, wrong or absent);
    ``reference``: the row count the answer should have, as ``by`` answered."""
    if result is None:
        return "-", None
    if "error" in result:
        return f"failed: {result['error']}", None
    count = _count(result)
    if reference is not None and count is not None and count != reference:
        took = _seconds(result["seconds"])
        return f"**wrong**: {count} rows, {by} {reference} ({took})", None
    return _seconds(result["seconds"]), result["seconds"]


def _ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}x" if a is not None and b else ""


def rows(entry: dict[str, Any]) -> list[dict[str, str]]:
    """The table's rows for one size: one per listed named query Oxigraph was asked."""
    ox = entry.get("oxigraph", {})
    warm = ox.get("named queries", {})
    fresh = ox.get("named queries, fresh process", {})
    virtuoso = _engine(entry.get("virtuoso"), "no queries")
    duck = _engine(entry.get("duckdb"), "no queries")
    out = []
    for name in sorted(warm):
        reference = _count(warm[name]) if "error" not in warm[name] else None
        ox_cell, ox_s = _cell(warm[name], None)
        fresh_cell, _ = _cell(fresh.get(name), None)
        if "wall" in fresh.get(name, {}):
            fresh_cell += f" (process {_seconds(fresh[name]['wall'])})"
        by = "Oxigraph"
        floor = duck.get(name, {}) if "missing" not in duck else {}
        if reference is None and "error" not in floor and _count(floor) is not None:
            # no answer from Oxigraph: Virtuoso is checked against the DuckDB floor
            # (tests/benchmarks/test_duckdb_floor.py: it counts Oxigraph's rows)
            reference, by = _count(floor), "DuckDB"
        if "missing" in virtuoso:
            v_cell, v_s = virtuoso["missing"], None
        else:
            v_cell, v_s = _cell(virtuoso.get(name), reference, by)
        if "missing" in duck:
            d_cell, d_s = (duck["missing"], None) if is_aggregate(name) else ("-", None)
        else:
            d_cell, d_s = _cell(duck.get(name), reference)
        counts = {"Oxigraph": _count(warm[name]) if "error" not in warm[name] else None}
        for engine, timings in (("Virtuoso", virtuoso), ("DuckDB", duck)):
            if "missing" not in timings and name in timings and "error" not in timings[name]:
                counts[engine] = _count(timings[name])
        known = {c for c in counts.values()}
        rows_cell = (str(known.pop()) if len(known) == 1 and None not in known else
                     " · ".join(f"{e} {'-' if c is None else c}"
                                for e, c in counts.items()))  # fmt: skip
        # no answer from Oxigraph (stopped, failed) misses every goal that applies
        late = float("inf") if ox_s is None else ox_s
        goals = [f"≤ 2 s {'met' if late <= TARGET_SECONDS else 'MISSED'}"]
        if v_s is not None and v_s > VIRTUOSO_FLOOR_SECONDS:
            goals.append(f"vs Virtuoso {'met' if late <= v_s else 'MISSED'}")
        if is_aggregate(name):
            goals.append(f"≤ 0.2 s {'met' if late <= AGGREGATE_SECONDS else 'MISSED'}")
        out.append({"query": name, "Oxigraph warm": ox_cell,
                    "Oxigraph fresh process": fresh_cell, "Virtuoso warm": v_cell,
                    "DuckDB floor": d_cell, "Oxigraph / Virtuoso": _ratio(ox_s, v_s),
                    "Oxigraph / DuckDB": _ratio(ox_s, d_s), "rows": rows_cell,
                    "goals": "; ".join(goals)})  # fmt: skip
    return out


def markdown(size: int, entry: dict[str, Any]) -> str:
    """The Markdown table for one size, with a line counting the goals met."""
    table = rows(entry)
    lines = [f"#### {size:,} certificates", "",
             "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]  # fmt: skip
    lines += ["| " + " | ".join(r[c].replace("|", "/") for c in COLUMNS) + " |" for r in table]
    total = len(table)
    met = sum("≤ 2 s met" in r["goals"] for r in table)
    versus = [r for r in table if "vs Virtuoso" in r["goals"]]
    aggregates = [r for r in table if "≤ 0.2 s" in r["goals"]]
    wrong = [r["query"] for r in table if "**wrong**" in r["Virtuoso warm"]]
    lines += ["", f"{met} of {total} listed named queries answer within 2 s warm; "
              f"{sum('vs Virtuoso met' in r['goals'] for r in versus)} of {len(versus)} where "
              f"Virtuoso needs more than 0.1 s are no slower than Virtuoso; "
              f"{sum('≤ 0.2 s met' in r['goals'] for r in aggregates)} of {len(aggregates)} "
              "aggregates and red flags answer within 0.2 s."]  # fmt: skip
    if wrong:
        lines.append(
            "Virtuoso answers with another number of rows than Oxigraph (or, without an "
            f"Oxigraph answer, the DuckDB floor): {', '.join(wrong)}."
        )
    return "\n".join(lines)
