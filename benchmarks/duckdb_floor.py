"""The DuckDB floor: the aggregates and red flags as SQL over the same CSVs, timed the same way.

What a columnar SQL engine needs for the same question on the same data, as the floor against
which the graph's answers are read (issue 14: "aggregates and red flags within a few times the
DuckDB floor"). The CSVs of the bundled ``data/``, ``data/sample/`` and a register are loaded
into an in-memory DuckDB (``benchmarks/duckdb/load.sql``, then ``tables.sql``), normalised the
way the graph build writes them: a certificate's standard is resolved at load time by the
project's own resolver (:class:`graph.vocab.standards.StandardCatalogue`, as the build does for
``ag:againstStandard``), and the ``;``-lists (covered standards, sectors, signatory scopes) become
tables of their own, as they become triples. Each query is then timed like
:func:`benchmarks.named_queries.time_named_queries`: one warm-up, the median of ``repeat`` runs,
the first ``row_cap`` rows fetched (the engine still computes and orders all of them), and the
full row count taken once, untimed. The SQL is in ``benchmarks/duckdb/<named query>.sql``; its
parameters (``$as_of``, ``$days``, ``$country``) take the named query's defaults.

    python -m benchmarks.duckdb_floor --register DIR     # prints the timings as JSON
"""

from __future__ import annotations

import argparse
import csv
import json
import statistics
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.ingest.register import MAIN_SCOPE_OF
from graph.query import load_named
from graph.settings import Settings
from graph.vocab.mint import standard_iri
from graph.vocab.standards import StandardCatalogue, parse_designation

__all__ = ["FLOOR_QUERIES", "connect", "time_floor"]

SQL = Path(__file__).resolve().parent / "duckdb"
_LOAD_STEPS = {"load", "designations", "tables"}
#: The named queries that have a DuckDB equivalent: the aggregates and the red flags (issue 14).
FLOOR_QUERIES = tuple(sorted(p.stem for p in SQL.glob("*.sql") if p.stem not in _LOAD_STEPS))
_FILES = {
    "accreditation_bodies": "accreditation_bodies.csv",
    "certification_bodies": "certification_bodies.csv",
    "accreditations": "accreditations.csv",
    "certificates": "certificates.csv",
}
#: SQL parameter -> the named queries' parameter whose default it takes.
_PARAMS = {"as_of": "asOf", "days": "days", "country": "country"}


def _sql_list(paths: Iterable[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def _catalogue(standards_csv: Path) -> StandardCatalogue:
    """The standards catalogue as the build makes it from ``standards.csv``."""
    catalogue = StandardCatalogue()
    with standards_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            work, edition = row["work"].strip(), row["edition"].strip()
            try:
                entry = catalogue.add_work(work, standard_iri(work), row["kind"].strip())
                catalogue.add_edition(edition, standard_iri(edition), entry.iri, row["year"])
            except (ValueError, KeyError):
                continue
    return catalogue


def _designations(con: Any) -> set[str]:
    """Every designation text the tables name: certificates, covered standards, scopes."""
    rows = con.execute((SQL / "designations.sql").read_text(encoding="utf-8")).fetchall()
    return {row[0] for row in rows if row[0]}


def connect(folders: list[Path], standards_csv: Path | None = None) -> Any:
    """An in-memory DuckDB holding the CSVs of ``folders`` (each file kind read from every
    folder that has it), normalised by ``load.sql`` and ``tables.sql``."""
    import duckdb

    settings = Settings()
    data = settings.data_dir
    files = {
        name: _sql_list(f / csv_name for f in folders if (f / csv_name).is_file())
        for name, csv_name in _FILES.items()
    }
    files["standards"] = _sql_list([standards_csv or data / "standards.csv"])
    files["memberships"] = _sql_list([data / "memberships.csv"])
    con = duckdb.connect()
    con.execute((SQL / "load.sql").read_text(encoding="utf-8").format(**files))
    catalogue = _catalogue(standards_csv or data / "standards.csv")
    rows = []
    for text in sorted(_designations(con)):
        entry, parsed = catalogue.resolve(text), parse_designation(text)
        if entry is not None and parsed is not None:
            main = parsed.family in MAIN_SCOPE_OF
            rows.append((text, entry.iri, entry.work_iri, entry.kind, main))
    con.execute("CREATE TABLE std (text VARCHAR, standard VARCHAR, work VARCHAR, kind VARCHAR, "
                "main_scope BOOLEAN)")  # fmt: skip
    con.executemany("INSERT INTO std VALUES (?, ?, ?, ?, ?)", rows)
    con.execute((SQL / "tables.sql").read_text(encoding="utf-8"))
    return con


def _parameters(name: str, sql: str) -> dict[str, Any]:
    defaults = {p.name: p.default for p in load_named(name).params}
    return {key: defaults[param] for key, param in _PARAMS.items() if f"${key}" in sql}


def time_floor(
    con: Any, *, repeat: int = 3, row_cap: int = 1000, names: Iterable[str] = FLOOR_QUERIES
) -> dict[str, dict[str, Any]]:
    """``{named query: {"seconds": median, "rows": full row count}}`` on ``con`` (from
    :func:`connect`), or ``{"error": reason}`` when DuckDB refuses the SQL."""
    import duckdb

    out: dict[str, dict[str, Any]] = {}
    for name in names:
        sql = (SQL / f"{name}.sql").read_text(encoding="utf-8")
        params = _parameters(name, sql)
        try:
            con.execute(sql, params).fetchmany(row_cap)  # warm-up
            times = []
            for _ in range(repeat):
                started = time.perf_counter()
                con.execute(sql, params).fetchmany(row_cap)
                times.append(time.perf_counter() - started)
            (rows,) = con.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()
        except duckdb.Error as exc:
            out[name] = {"error": str(exc).splitlines()[0][:120]}
            continue
        out[name] = {"seconds": statistics.median(times), "rows": rows}
    return out


def floor_for_register(register: Path, *, repeat: int = 3) -> dict[str, Any]:
    """Load the bundled data and ``register`` and time every floor query: ``{"load seconds":
    s, "queries": {...}}``."""
    data = Settings().data_dir
    started = time.perf_counter()
    con = connect([data, data / "sample", register])
    loaded = time.perf_counter() - started
    try:
        return {"load seconds": loaded, "queries": time_floor(con, repeat=repeat)}
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.duckdb_floor",
                                description=__doc__.split("\n")[0])  # fmt: skip
    p.add_argument("--register", required=True, help="a register folder (accredigraph generate)")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    print(json.dumps(floor_for_register(Path(args.register), repeat=args.repeat), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
