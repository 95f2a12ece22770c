"""Issue 12: two writers on one store directory. A build and an import never run at once: the
second waits for the first (``--wait``) or is refused with the reason, and in no order do an
import's triples silently disappear."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import rebuild
from tests.conftest import BASE_REGISTER, write_register
from tests.store.writer import subjects_in, triples

pytestmark = pytest.mark.slow


def _has_register(location: Path) -> bool:
    code = (
        "import sys; from graph.store import open_store; s = open_store(sys.argv[1]); "
        "print(any('T-C-1' in str(q.object) for q in s.query('CONSTRUCT WHERE {?s ?p ?o}')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(location)], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return out.strip() == "True"


def _blocked_writer(op: str, location: Path, tag: str) -> subprocess.Popen[str]:
    """A ``build`` (of the bundled graph) or ``import`` of the ``tag`` triples, stopped mid-way
    until given a line."""
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", op, str(location), tag, "--block",
         "--bundled"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert writer.stdout is not None and writer.stdout.readline().strip() == "filling"
    return writer


def _finish(writer: subprocess.Popen[str]) -> str:
    out, err = writer.communicate("\n", timeout=120)
    assert writer.returncode == 0, err
    return out


def _cli(*args: str, wait: bool = True) -> subprocess.CompletedProcess[str] | subprocess.Popen:
    command = [sys.executable, "-m", "graph", *args]
    if wait:
        return subprocess.run(command, capture_output=True, text=True, timeout=300)
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def store(tmp_path) -> Path:
    """An on-disk store with the bundled graph, built in this process and closed."""
    from graph.ingest.build import build_store

    location = tmp_path / "store"
    build_store(location)[0].close()
    return location


@pytest.fixture
def register(tmp_path) -> Path:
    return write_register(tmp_path / "register", BASE_REGISTER)


def test_issue12_import_during_a_build_is_refused_with_the_reason(store, register):
    build = _blocked_writer("build", store, "new")
    try:
        result = _cli("--store", str(store), "import", str(register), "--wait", "0")
    finally:
        _finish(build)
    assert result.returncode == 1
    assert "being changed by another process" in result.stderr
    assert "build" in result.stderr  # says what the other process is doing
    assert not _has_register(store)  # refused, and said so: nothing was loaded


def test_issue12_import_queued_behind_a_build_lands_on_the_new_store(store, register):
    build = _blocked_writer("build", store, "new")
    try:
        queued = _cli("--store", str(store), "import", str(register), "--wait", "120", wait=False)
        assert queued.stderr is not None and "waiting" in queued.stderr.readline()
    finally:
        _finish(build)
    _, err = queued.communicate(timeout=300)
    assert queued.returncode == 0, err
    subjects = subjects_in(store)
    assert {str(t.subject.value) for t in triples("new")} <= subjects  # the build's
    assert _has_register(store)  # and the import's, on top


def test_issue12_build_during_an_import_waits_and_the_import_is_not_lost_midway(store, tmp_path):
    rebuild(store, lambda s: s.add(triples("first"))).close()
    imp = _blocked_writer("import", store, "imported")
    try:
        refused = _cli("--store", str(store), "build", "--wait", "0")
        assert refused.returncode == 1 and "being changed by another process" in refused.stderr
        assert "import" in refused.stderr
    finally:
        _finish(imp)
    assert {str(t.subject.value) for t in triples("imported")} <= subjects_in(store)


def test_a_build_never_swaps_under_a_process_that_opened_the_store_meanwhile(store):
    # A process with the store open for writing when its directory is swapped would, on
    # closing, delete files by name in the new directory: RocksDB then reports corruption.
    build = _blocked_writer("build", store, "new")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
         "print('open', flush=True); sys.stdin.readline(); time.sleep(1); del s", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        assert build.stdin is not None
        build.stdin.write("\n")  # the build finishes and would swap now
        build.stdin.flush()
        holder.communicate("\n", timeout=60)  # the reader lets go a second later
    finally:
        if holder.poll() is None:
            holder.kill()
    _finish(build)
    assert {str(t.subject.value) for t in triples("new")} <= subjects_in(store)  # opens, whole
