"""Documentation that fails when a documented thing goes missing (Datasette's habit)."""

from __future__ import annotations

import csv
import re
import shlex
from pathlib import Path

import graph
from graph.cli.main import main

ROOT = Path(graph.__file__).resolve().parent.parent


def test_bundled_ids_page_lists_every_bundled_body_id():
    page = (ROOT / "docs" / "bundled-ids.md").read_text()
    ids = []
    for name in ("accreditation_bodies.csv", "certification_bodies.csv", "networks.csv",
                 "standards_bodies.csv"):  # fmt: skip
        with (ROOT / "data" / name).open(encoding="utf-8") as handle:
            ids.extend(row["id"] for row in csv.DictReader(handle))
    assert [i for i in ids if f"`{i}`" not in page] == []


def test_bundled_ids_page_shows_each_accreditation_bodys_current_status(bundled_store):
    """The page's status column is what ``accredigraph query ab-source-status`` says today."""
    from graph.query import run_named

    rows = run_named(bundled_store, "ab-source-status", row_cap=None).records()
    status = {row["abId"]: row["status"] for row in rows}
    page = (ROOT / "docs" / "bundled-ids.md").read_text()
    section = page.split("## Accreditation bodies", 1)[1].split("\n## ", 1)[0]
    shown = dict(re.findall(r"^\| `([^`]+)` \|.*\| ([a-z-]+) \|$", section, re.MULTILINE))
    assert shown == status


def test_every_named_query_in_the_readme_exists():
    from graph.query import named_queries

    readme = (ROOT / "README.md").read_text()
    used = re.findall(r"accredigraph query ([a-z][a-z0-9-]+)(?![\w.-])", readme)
    assert [name for name in used if name not in named_queries()] == []


def test_interchange_example_runs_as_written(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    page = (ROOT / "docs" / "interchange.md").read_text()
    commands = re.findall(r"^\$ accredigraph (--data examples/\S+ verify[^\n]*)$", page, re.M)
    assert commands
    for command in commands:
        assert main(shlex.split(command)) in (0, 3)  # 3: some certificates not accredited
        out = capsys.readouterr().out
        assert "accredited" in out


def test_the_readme_layout_table_names_every_package_and_nothing_else():
    readme = (ROOT / "README.md").read_text()
    layout = readme.split("### Layout", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `graph/([a-z_]+)/`", layout, re.MULTILINE))
    packages = {p.parent.name for p in (ROOT / "graph").glob("*/__init__.py")}
    assert documented == packages


def test_the_explorer_page_documents_every_url_parameter_of_search_explore_and_sparql():
    page = (ROOT / "docs" / "explorer.md").read_text()
    assert "docs/explorer.md" in (ROOT / "README.md").read_text()
    source = "".join(
        (ROOT / "explorer_pages" / name).read_text()
        for name in ("search.py", "explore.py", "common.py", "sparql.py", "sparql_results.py")
    )
    used = set(re.findall(r'query_params(?:\.get|\.get_all)?[\[(]"([a-z.]+)"', source))
    used |= set(re.findall(r'query_params(?:\.get)?[\[(]f"([a-z.]+)\{', source))  # p.<param>
    used |= set(re.findall(r'param="([a-z.]+)"', source))
    used |= set(re.findall(r'key="([a-z.]+)"(?:(?!key=).){0,200}?bind="query-params"', source,
                           re.DOTALL))  # fmt: skip
    used |= set(re.findall(r'"(search\.[a-z]+)": "[A-Z]', source))  # FACETS, by their labels
    rows = re.findall(r"^\| (`[^|]+) \|", page, re.MULTILINE)
    documented = {name for row in rows for name in re.findall(r"`([a-z.]+)`", row)}
    assert {"search.country", "search.standard", "expand", "focus", "named", "p."} <= used
    assert sorted(used - documented) == []
    assert sorted(documented - used) == [], "documented parameters the pages no longer read"
