"""Issue 12: a build or an import killed (SIGKILL) at every step of its work and of its swap
leaves the old store or the new one — never none, never a mix — and the next open recovers
it and removes every temporary directory.

Each case runs the writer (``tests/store/writer.py``) in a subprocess told to kill itself at
one step (``$ACCREDIGRAPH_TEST_CRASH_AT``, :data:`graph.store.journal.CRASH_POINTS`).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from graph.store import is_store, rebuild
from graph.store.journal import COMMIT_POINT, CRASH_POINTS
from tests.store.writer import subjects_in, triples

pytestmark = pytest.mark.slow

SWAP_STEPS = [p for p in CRASH_POINTS if p.startswith("swap:")]
CASES = [("build", p) for p in CRASH_POINTS if p.startswith("build:")] + [
    ("import", p) for p in CRASH_POINTS if p.startswith("import:")
]
CASES += [(op, p) for op in ("build", "import") for p in SWAP_STEPS]


def _tagged(tag: str) -> set[str]:
    return {str(t.subject.value) for t in triples(tag)}


def _a_complete_store_is_on_disk(location: Path) -> bool:
    """Right after the kill, before any recovery: the store at ``location`` is whole, or the
    swap's journal names a whole new store (what recovery will move there)."""
    journal = location.with_name(f".{location.name}.swap")
    if journal.exists():
        new = location.parent / json.loads(journal.read_text())["new"]
        return is_store(new) or is_store(location)
    return is_store(location)


@pytest.mark.parametrize(("op", "step"), CASES, ids=[f"{o}-{s}" for o, s in CASES])
def test_issue12_a_kill_at_any_step_leaves_the_old_or_the_new_store(tmp_path, op, step):
    location = tmp_path / "store"
    rebuild(location, lambda s: s.add(triples("old"))).close()
    old = _tagged("old")
    new = _tagged("new") if op == "build" else old | _tagged("new")

    killed = subprocess.run(
        [sys.executable, "-m", "tests.store.writer", op, str(location), "new"],
        env={**os.environ, "ACCREDIGRAPH_TEST_CRASH_AT": step},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGKILL, killed.stderr  # it died at that step
    assert _a_complete_store_is_on_disk(location)

    committed = step.startswith("swap:") and CRASH_POINTS.index(step) >= CRASH_POINTS.index(
        COMMIT_POINT
    )
    assert subjects_in(location) == (new if committed else old)  # all of one, none of the other
    left = sorted(p.name for p in tmp_path.iterdir() if p.name != "store")
    assert left == [".store.lock"]  # every temporary directory gone

    # and the store takes the next change as usual
    again = subprocess.run([sys.executable, "-m", "tests.store.writer", "import", str(location),
                            "more"], capture_output=True, text=True, timeout=120)  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert subjects_in(location) == (new if committed else old) | _tagged("more")
