"""A build hands back the heap its compile freed before it counts (issue 14: the 2 M build's
VoID count stayed below the load's peak RSS only then; ``graph.ingest.pipe``)."""

from __future__ import annotations

import ctypes
import sys

import pytest

from graph.ingest import build as build_module
from graph.ingest import pipe
from graph.ingest.build import build_store


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim, /proc")
def test_freed_memory_goes_back_to_the_system():
    # 200 MB in blocks glibc serves from its heap, every hundredth kept: freed, the rest stays
    # with the process (the heap cannot shrink past the kept ones) until it is handed back.
    blocks = [bytes(1024) + bytes([n % 256]) for n in range(200_000)]
    kept = blocks[::100]
    del blocks
    before = _rss_kb()
    assert pipe.release_freed_memory()
    assert before - _rss_kb() > 50_000  # kB
    assert len(kept) == 2_000


def test_a_build_hands_memory_back_before_it_counts(monkeypatch):
    order: list[str] = []
    monkeypatch.setattr(build_module, "release_freed_memory", lambda: order.append("release"))
    real = build_module.load_with_statistics
    monkeypatch.setattr(build_module, "load_with_statistics",
                        lambda *args: order.append("count") or real(*args))  # fmt: skip
    build_store("memory")
    assert order == ["release", "count"]


def test_without_glibc_nothing_is_done(monkeypatch):
    def missing(name):
        raise OSError(f"{name}: cannot open shared object file")

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert pipe.release_freed_memory() is False
