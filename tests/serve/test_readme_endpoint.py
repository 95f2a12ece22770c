"""The README's "SPARQL endpoint" section works as written, against a live ``accredigraph serve``:
each ``sh`` and ``python`` snippet runs, and prints what the ``text`` block after it shows."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import graph
from graph.ingest.build import build_store
from tests.servers import free_port, oxigraph_bin, wait_for

ROOT = Path(graph.__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(oxigraph_bin() is None, reason="oxigraph binary not installed")


def section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## SPARQL endpoint")
    end = readme.find("\n## ", start + 1)
    return readme[start : end if end != -1 else len(readme)]


def snippets() -> list[tuple[str, str, str | None]]:
    """``(language, code, expected output or None)`` for each sh and python block."""
    blocks = re.findall(r"```(\w+)\n(.*?)```", section(), re.DOTALL)
    found = []
    for i, (language, code) in enumerate(blocks):
        if language in ("sh", "python"):
            following = blocks[i + 1] if i + 1 < len(blocks) else None
            expected = following[1] if following and following[0] == "text" else None
            found.append((language, code, expected))
    return found


@pytest.fixture(scope="module")
def serve(tmp_path_factory):
    location = tmp_path_factory.mktemp("readme") / "store"
    build_store(location)[0].close()
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph", "--store", str(location), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/query" in banner  # it prints the URL
        wait_for(f"http://127.0.0.1:{port}/")
        yield port
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_section_has_curl_and_sparqlwrapper_examples():
    languages = [language for language, _, _ in snippets()]
    assert "sh" in languages and "python" in languages
    assert "curl" in section() and "SPARQLWrapper" in section()


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(snippets())))
def test_snippet_runs_as_written(serve, index):
    language, code, expected = snippets()[index]
    code = code.replace("7878", str(serve))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    if language == "python":
        runs = [[sys.executable, "-c", code]]
    else:
        runs = [["bash", "-c", line] for line in code.splitlines() if line.strip()]
    output = ""
    for command in runs:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        output = done.stdout
    if expected is not None:
        lines = [line.rstrip("\r") for line in output.splitlines()]
        for line in expected.strip().splitlines():
            assert line in lines
