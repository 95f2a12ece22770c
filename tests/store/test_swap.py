"""An import from the CLI changes an on-disk store completely or not at all — even when the process
is killed (SIGKILL) in the middle of loading."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.cli.main import main
from graph.ingest.build import build_store
from graph.ingest.generate import generate_register
from graph.store import open_store
from tests.conftest import BASE_REGISTER, write_register


def _dump(location: Path) -> list[bytes]:
    """The store's N-Quads, sorted, read in a fresh process (no lock, no cache of ours)."""
    code = (
        "import sys, pyoxigraph as ox; from graph.store import open_store; "
        "sys.stdout.buffer.write(open_store(sys.argv[1]).dump(ox.RdfFormat.N_QUADS))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(location)], check=True, capture_output=True
    ).stdout
    return sorted(out.splitlines())


@pytest.fixture(scope="module")
def big_register(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big") / "register"
    generate_register(folder, 30_000, seed=3)
    return folder


@pytest.fixture
def store(tmp_path) -> Path:
    location = tmp_path / "store"
    built, _ = build_store(location)
    built.close()
    return location


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.4])
def test_import_killed_mid_load_leaves_the_store_as_it_was(store, big_register, delay):
    before = _dump(store)
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "--store", str(store), "import", str(big_register)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(store.parent.glob(".store.importing-*")):  # the load has started
        assert proc.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(delay)
    assert proc.poll() is None, "the import ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _dump(store) == before
    open_store(store).close()  # opening tidies up what the killed process left
    left = [p.name for p in store.parent.iterdir() if p.name.startswith(".store")]
    assert left == [".store.lock"]  # the lock file stays; nothing else


def test_failed_import_from_the_cli_leaves_the_store_byte_for_byte(store, tmp_path, capsys):
    before = _dump(store)
    bad = {k: [dict(r) for r in v] for k, v in BASE_REGISTER.items()}
    bad["certificates.csv"][0]["issued"] = "2025-02-30"
    assert main(["--store", str(store), "import", str(write_register(tmp_path / "bad", bad))]) == 1
    assert "not a date" in capsys.readouterr().err
    open_store(store).close()
    assert _dump(store) == before


def test_completed_import_is_visible_to_the_same_store_object(store, tmp_path):
    from graph import sparql
    from graph.ingest.build import import_register

    opened = open_store(store)
    report = import_register(opened, write_register(tmp_path / "reg", BASE_REGISTER))
    assert report.triples > 20
    assert sparql.run(opened, "ASK { ?c ag:number 'T-C-1' }", timeout=None).value
    assert sparql.run(opened, "ASK { ?c ag:number 'T-C-1' }").value  # worker: a fresh snapshot
    opened.close()
    assert any(b"T-C-1" in line for line in _dump(store))
