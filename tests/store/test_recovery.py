"""Issue 12: what a killed build, import or swap leaves behind is recovered by the next open,
and whose leftovers are whose is decided by a lock, never by a process id that may be reused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import open_store, rebuild

P = ox.NamedNode("http://example.org/p")


def _triple(name: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"http://example.org/{name}"), P, ox.Literal(name))


@pytest.fixture
def store(tmp_path) -> Path:
    """An on-disk store holding the one triple ``old``, closed."""
    location = tmp_path / "store"
    rebuild(location, lambda s: s.add([_triple("old")])).close()
    return location


@pytest.fixture
def live_pid():
    """The id of a running process that has nothing to do with any store (a reused PID)."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)  # fmt: skip
    yield proc.pid
    proc.communicate(b"", timeout=30)


def _leftovers(location: Path) -> list[str]:
    prefix = f".{location.name}."
    return sorted(p.name for p in location.parent.iterdir()
                  if p.name.startswith(prefix) and p.name != f"{prefix}lock")  # fmt: skip


def test_issue12_store_moved_aside_by_a_killed_swap_comes_back_despite_a_reused_pid(
    store, live_pid
):
    # what a swap killed between its two renames left, the pid since reused by another process
    store.rename(store.with_name(f".store.old-{live_pid}"))
    reopened = open_store(store)
    try:
        assert [str(r["s"].value) for r in reopened.query("SELECT ?s { ?s ?p ?o }")] == [
            "http://example.org/old"
        ]
    finally:
        reopened.close()
    assert _leftovers(store) == []


def test_issue12_temp_dir_of_a_killed_build_is_removed_though_its_pid_is_reused(store, live_pid):
    stale = store.with_name(f".store.building-{live_pid}-abc123")
    stale.mkdir()
    (stale / "000001.sst").write_bytes(b"half a build")
    open_store(store).close()
    assert _leftovers(store) == []


def test_temp_dir_of_a_running_build_is_left_alone(store):
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", "build", str(store), "new", "--block"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert writer.stdout.readline().strip() == "filling"
        building = _leftovers(store)
        assert len(building) == 1 and ".store.building-" in building[0]
        open_store(store).close()  # another process opens the store meanwhile
        assert _leftovers(store) == building
        out, _ = writer.communicate("\n", timeout=60)
    finally:
        if writer.poll() is None:
            writer.kill()
    assert writer.returncode == 0 and "done" in out
    assert _leftovers(store) == []


def test_a_build_never_replaces_a_folder_that_is_not_a_store(tmp_path):
    from graph.errors import StoreError

    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "thesis.tex").write_text("years of work")
    with pytest.raises(StoreError, match="is not a store"):
        rebuild(documents, lambda s: s.add([_triple("new")]))
    assert (documents / "thesis.tex").read_text() == "years of work"
    assert _leftovers(documents) == []
