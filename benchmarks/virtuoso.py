"""A Virtuoso of our own on loopback ports: started, loaded, stopped.

Debian's ``virtuoso-opensource`` 7.2 (``virtuoso-t`` and ``isql-vt``; ``make engines`` installs
it). :func:`running` starts one in a folder with an ``.ini`` of its own (loopback ports picked
free, never the package's service) and stops it on leaving; ``Virtuoso.url`` is the query URL
accredigraph takes as ``--store`` (its default graph is ``urn:accredigraph``: Virtuoso's own
default graph is the union of all graphs, docs/scale.md). Loading goes through the CLI
(``--update-url``, what tests/store/test_virtuoso.py checks) or, for millions of triples,
through Virtuoso's bulk loader (:meth:`Virtuoso.bulk_load` of an N-Triples file, what
``make bench`` does). Used by ``benchmarks/run.py`` and ``tests/store/test_virtuoso.py``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["GRAPH", "Virtuoso", "VirtuosoError", "installed", "running"]

#: The graph accredigraph reads and writes in Virtuoso (``default-graph-uri``).
GRAPH = "urn:accredigraph"
INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = ., {d}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 10
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {max_seconds}
"""


class VirtuosoError(RuntimeError):
    """Virtuoso did not start, or refused a command."""


def installed() -> bool:
    """True when ``virtuoso-t`` and ``isql-vt`` are on the PATH."""
    return bool(shutil.which("virtuoso-t") and shutil.which("isql-vt"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Virtuoso:
    """A running Virtuoso: its folder and loopback ports."""

    folder: Path
    sql_port: int
    http_port: int

    @property
    def url(self) -> str:
        """The SPARQL URL accredigraph reads (and, with update rights, writes) through."""
        return f"http://127.0.0.1:{self.http_port}/sparql?default-graph-uri={GRAPH}"

    def isql(self, *statements: str, timeout: float = 600.0) -> str:
        """Run SQL statements as ``dba`` through ``isql-vt``; their output."""
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", "dba",
             *(f"exec={s}" for s in statements)],
            capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        if done.returncode != 0 or "*** Error" in done.stdout + done.stderr:
            raise VirtuosoError(f"isql-vt failed: {(done.stdout + done.stderr).strip()[:500]}")
        return done.stdout

    def grant_update(self) -> None:
        """Let the SPARQL endpoint's user write (``INSERT DATA``, ``CLEAR``): the CLI's loads."""
        self.isql('GRANT SPARQL_UPDATE TO "SPARQL";')

    def bulk_load(self, ntriples: Path) -> None:
        """Load an N-Triples file into :data:`GRAPH` with Virtuoso's bulk loader
        (``ld_dir`` + ``rdf_loader_run``), then checkpoint."""
        inbox = self.folder / "load"
        inbox.mkdir(exist_ok=True)
        target = inbox / "graph.nt"
        target.unlink(missing_ok=True)
        try:
            os.link(ntriples, target)
        except OSError:
            shutil.copyfile(ntriples, target)
        self.isql(f"ld_dir('{inbox}', 'graph.nt', '{GRAPH}');", "rdf_loader_run();",
                  "checkpoint;", timeout=7200)  # fmt: skip
        target.unlink(missing_ok=True)
        errors = self.isql("SELECT ll_file, ll_error FROM DB.DBA.LOAD_LIST WHERE ll_error IS "
                           "NOT NULL;")  # fmt: skip
        if "graph.nt" in errors:
            raise VirtuosoError(f"Virtuoso's bulk loader refused the file: {errors.strip()[:500]}")


@contextlib.contextmanager
def running(
    folder: Path,
    *,
    buffers: int = 10_000,
    max_seconds: int = 60,
    max_rows: int = 1_000_000,
    start_limit: float = 120.0,
) -> Iterator[Virtuoso]:
    """Start ``virtuoso-t`` on a fresh database in ``folder`` (loopback ports of its own) and
    stop it on leaving. ``buffers`` are 8 kB pages of cache (10,000: 80 MB; ~85,000 a GB);
    ``max_seconds`` is Virtuoso's own limit per query, ``max_rows`` its cap on an answer."""
    if not installed():
        raise VirtuosoError("virtuoso-t and isql-vt are not installed: run make engines")
    folder.mkdir(parents=True, exist_ok=True)
    v = Virtuoso(folder.resolve(), _free_port(), _free_port())
    (folder / "virtuoso.ini").write_text(INI.format(
        d=v.folder, sql=v.sql_port, http=v.http_port, buffers=buffers,
        dirty=buffers * 3 // 4, max_rows=max_rows, max_seconds=max_seconds,
    ))  # fmt: skip
    proc = subprocess.Popen(
        ["virtuoso-t", "-f", "-c", str(folder / "virtuoso.ini")],
        cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        ask = f"http://127.0.0.1:{v.http_port}/sparql?query=ASK%7B%7D"
        deadline = time.monotonic() + start_limit
        while True:
            try:
                urllib.request.urlopen(ask, timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None:
                    raise VirtuosoError(f"virtuoso-t exited with status {proc.returncode}; "
                                        f"see {folder / 'virtuoso.log'}") from None  # fmt: skip
                if time.monotonic() > deadline:
                    raise VirtuosoError(f"Virtuoso did not come online within {start_limit:g} s"
                                        ) from None  # fmt: skip
                time.sleep(0.5)
        yield v
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
