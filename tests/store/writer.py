"""A writer run in a subprocess by the store tests: ``python -m tests.store.writer OP LOCATION
TAG [--block]``.

``build`` replaces the store at LOCATION with :func:`graph.store.rebuild`, ``import`` adds to it
with :func:`graph.store.update_atomically`; either writes :data:`COUNT` triples whose subjects
carry TAG (a ``build`` with ``--bundled`` loads the bundled graph first). With ``--block`` the
writer prints ``filling`` once its triples are loaded and waits
for a line on standard input before it finishes, so a test can act while it is mid-way.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

#: Triples each writer adds.
COUNT = 50


def triples(tag: str) -> list[ox.Triple]:
    """The triples a writer tagged ``tag`` adds."""
    p = ox.NamedNode("http://example.org/p")
    return [
        ox.Triple(ox.NamedNode(f"http://example.org/{tag}/{i}"), p, ox.Literal(str(i)))
        for i in range(COUNT)
    ]


def subjects_in(location: Path) -> set[str]:
    """The subjects in the store at ``location``, read by a fresh process (whose open recovers
    a swap a killed writer left half done)."""
    code = (
        "import sys; from graph.store import open_store; s = open_store(sys.argv[1]); "
        "print('\\n'.join(str(r['s'].value) for r in s.query('SELECT DISTINCT ?s {?s ?p ?o}')))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(location)], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return set(out.split())


def main(argv: list[str]) -> int:
    from graph.store import open_store, rebuild, update_atomically

    op, location, tag = argv[:3]
    block = "--block" in argv

    def fill(store: object) -> None:
        if "--bundled" in argv:
            from graph.ingest.build import build

            build(store)  # type: ignore[arg-type]
        store.add(triples(tag))  # type: ignore[attr-defined]
        if block:
            print("filling", flush=True)
            sys.stdin.readline()

    if op == "build":
        rebuild(Path(location), fill).close()
    else:
        store = open_store(location)
        update_atomically(store, fill)
        store.close()
    print("done", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
