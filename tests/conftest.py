"""Shared fixtures: the bundled graph built in memory once, and small registers written inline."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from graph.ingest.build import build_store
from graph.store import Lookups, Store
from graph.verify.samples import SAMPLE_AS_OF as _SAMPLE_AS_OF

#: The date the sample register's intended verdicts refer to (docs/verifier.md).
SAMPLE_AS_OF = _SAMPLE_AS_OF

#: A small valid register used by many tests: one fictional CB accredited by UKAS.
BASE_REGISTER = {
    "certification_bodies.csv": [
        {"id": "t-cb", "name": "Test Certification Ltd", "country": "GB", "website": ""},
    ],
    "accreditations.csv": [
        {"id": "T-A-1", "accreditation_body": "ukas", "certification_body": "t-cb",
         "standards": "ISO 9001;ISO 14001", "sectors": "17;18;28", "valid_from": "2022-01-01",
         "valid_until": "2027-12-31", "status": "active"},
    ],
    "certificates.csv": [
        {"id": "T-C-1", "organisation": "Test Widgets Ltd", "country": "GB",
         "certification_body": "t-cb", "standard": "ISO 9001:2015", "sectors": "17",
         "issued": "2025-03-01", "valid_until": "2028-02-28", "status": "valid",
         "scope": "Machining of metal parts"},
    ],
}  # fmt: skip


def read_rows(path: Path) -> list[dict[str, str]]:
    """The rows of the CSV file ``path``, as dicts."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def early_accreditation(certificate: dict[str, str]) -> dict[str, str]:
    """An accreditations.csv row by UKAS for ``certificate``'s issuer and standard, in force
    from 1990: imported, it removes the certificate's "issued before accreditation" flag."""
    return {
        "id": "X-A-EARLY", "accreditation_body": "ukas",
        "certification_body": certificate["certification_body"],
        "standards": certificate["standard"], "sectors": "", "valid_from": "1990-01-01",
        "valid_until": "2040-01-01", "status": "active",
    }  # fmt: skip


#: What the embedded store answers without SPARQL (the members of ``graph.store.Lookups``).
_INDEX_READS = frozenset(n for n in vars(Lookups) if not n.startswith("_"))


class SparqlOnly:
    """A store that answers only SPARQL, as a remote endpoint does: every index read of
    :class:`graph.store.Lookups` hidden, the rest passed through."""

    def __init__(self, inner: Store) -> None:
        self._inner = inner

    def __getattr__(self, name: str):
        if name in _INDEX_READS:
            raise AttributeError(name)
        return getattr(self._inner, name)

    def __len__(self) -> int:
        return len(self._inner)


def write_register(folder: Path, tables: dict[str, list[dict[str, str]]]) -> Path:
    """Write ``tables`` (file name -> rows) as CSV files into ``folder``; returns ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        columns: list[str] = []
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        with (folder / name).open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    return folder


@pytest.fixture(scope="session")
def bundled_store() -> Store:
    """The bundled data and sample register, built once in memory (read it, don't write)."""
    store, _ = build_store("memory")
    return store


@pytest.fixture(scope="session")
def cli_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """An on-disk store built by the command line (``accredigraph --store PATH build``), once;
    commands read it, none writes it."""
    from graph.cli.main import main

    location = str(tmp_path_factory.mktemp("cli") / "store")
    assert main(["--store", location, "build"]) == 0
    return location


@pytest.fixture
def make_register(tmp_path: Path) -> Callable[..., Path]:
    """Write a register folder: ``make_register(tables, name="reg")``."""

    def make(tables: dict[str, list[dict[str, str]]], name: str = "register") -> Path:
        return write_register(tmp_path / name, tables)

    return make


@pytest.fixture
def register_store(make_register: Callable[..., Path]) -> Callable[..., Store]:
    """Build the bundled data plus an inline register in memory: ``register_store(tables)``."""

    def build(tables: dict[str, list[dict[str, str]]]) -> Store:
        store, _ = build_store("memory", extra=[make_register(tables)])
        return store

    return build
