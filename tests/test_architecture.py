"""Rules of the codebase that a reviewer would otherwise have to remember."""

from __future__ import annotations

import re
from pathlib import Path

import graph
from graph.verify.model import REASONS

ROOT = Path(graph.__file__).resolve().parent.parent


def test_graph_package_never_imports_streamlit():
    offenders = [
        p.name
        for p in (ROOT / "graph").rglob("*.py")
        if re.search(r"^\s*(import|from)\s+streamlit", p.read_text(), re.MULTILINE)
    ]
    assert offenders == []


def test_no_sparql_select_strings_in_python_modules_outside_query_files():
    pattern = re.compile(r"[\"']\s*(SELECT|CONSTRUCT|ASK)\s+[?{(*]", re.IGNORECASE)
    offenders = []
    for path in (ROOT / "graph").rglob("*.py"):
        text = path.read_text()
        body = re.sub(r'""".*?"""', "", text, flags=re.DOTALL)  # docstrings hold examples
        if pattern.search(body):
            offenders.append(path.name)
    assert offenders == []


def test_every_reason_code_is_documented():
    doc = (ROOT / "docs" / "verifier.md").read_text()
    assert [code for code in REASONS if f"`{code}`" not in doc] == []


def test_readme_opens_with_the_two_commands():
    lines = (ROOT / "README.md").read_text().splitlines()
    block = "\n".join(lines[:6])
    assert "make run" in block and "make test" in block


def test_ci_runs_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
