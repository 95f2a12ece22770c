"""Rules of the codebase that a reviewer would otherwise have to remember.

The house rules of DESIGN.md ("The house: ``graph/`` as packages by concept") are checked here on
the source, parsed with :mod:`ast`: which module imports which, where packages sit in the table,
how long modules are, what public functions declare. The import graph is built below from every
``import`` statement in ``graph/``, at any depth (an import inside a function is still an import);
only imports under ``if TYPE_CHECKING:`` are left out, since they never run.
"""

from __future__ import annotations

import ast
import functools
import importlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

import graph
from graph.verify.model import REASONS

ROOT = Path(graph.__file__).resolve().parent.parent
PACKAGE = ROOT / "graph"

#: DESIGN.md's table, top to bottom: a package imports only from packages listed after it.
ORDER = (
    "cli",
    "serve",
    "workspace",
    "verify",
    "explore",
    "drawing",
    "ingest",
    "query",
    "sparql",
    "store",
    "vocab",
)
#: The bottom of the house: anyone may import these.
BOTTOM = ("graph.settings", "graph.errors")
#: The lazy façade and ``python -m graph`` sit above everything; nothing inside imports them.
TOP = ("graph", "graph.__main__")
#: Most lines a module may have (DESIGN.md: "No module over ~400 lines").
MAX_LINES = 400
#: Libraries too heavy for ``import graph`` to pull in.
HEAVY = ("pyshacl", "networkx", "pyvis", "streamlit", "rdflib", "pyoxigraph")


# --- the import graph, from the source -------------------------------------------------------


def module_name(path: Path) -> str:
    """``graph/verify/chain.py`` -> ``graph.verify.chain``; a package's ``__init__`` is the
    package."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def graph_modules() -> dict[str, Path]:
    """Every module under ``graph/``, by dotted name."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


@dataclass
class _Imports(ast.NodeVisitor):
    """Collect the graph modules one module imports, with the lines that import them."""

    module: str
    is_package: bool
    known: frozenset[str]
    found: dict[str, list[int]] = field(default_factory=dict)

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
        if name == "TYPE_CHECKING":  # only for type checkers: never runs
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node.lineno)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            package = self.module if self.is_package else self.module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{node.module}" if node.module else package
        else:
            base = node.module or ""
        for alias in node.names:
            submodule = f"{base}.{alias.name}"
            self._add(submodule if submodule in self.known else base, node.lineno)

    def _add(self, name: str, line: int) -> None:
        while name and name not in self.known:  # `import graph.x.y` names graph.x.y
            name = name.rpartition(".")[0]
        if name:
            self.found.setdefault(name, []).append(line)


def import_graph() -> nx.DiGraph:
    """Modules of ``graph`` as nodes; an edge ``a -> b`` (with its ``lines``) when ``a`` imports
    ``b`` anywhere outside ``if TYPE_CHECKING:``."""
    modules = graph_modules()
    known = frozenset(modules)
    edges = nx.DiGraph()
    edges.add_nodes_from(modules)
    for name, path in modules.items():
        visitor = _Imports(name, path.name == "__init__.py", known)
        visitor.visit(parse(path))
        for target, lines in visitor.found.items():
            edges.add_edge(name, target, lines=lines)
    return edges


def package_of(module: str) -> str:
    """The row of DESIGN.md's table a module belongs to (``graph.verify.chain`` -> ``verify``);
    ``graph.settings`` and ``graph.errors`` are ``bottom``, the façade and ``__main__`` ``top``."""
    if module in TOP:
        return "top"
    if module in BOTTOM:
        return "bottom"
    return module.split(".")[1]


def rank(package: str) -> int:
    """Higher is lower in the house: ``top`` -1, then the table's rows, ``bottom`` last."""
    if package in ("top", "bottom"):
        return -1 if package == "top" else len(ORDER)
    return ORDER.index(package)


def _edge(edges: nx.DiGraph, source: str, target: str) -> str:
    lines = ", ".join(map(str, sorted(set(edges.edges[source, target]["lines"]))))
    return f"{source} -> {target}  (line {lines})"


def literal_all(path: Path) -> list[str] | None:
    """A module's ``__all__`` as written (a literal list or tuple), or None when it has none."""
    for node in parse(path).body:
        targets = node.targets if isinstance(node, ast.Assign) else [getattr(node, "target", None)]
        if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            return list(ast.literal_eval(node.value))
    return None


def _subprocess(code: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


# --- the rules ---------------------------------------------------------------------------------


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


def test_the_import_graph_sees_imports_in_functions_but_not_for_type_checkers():
    """The builder itself: a function-level import counts, a TYPE_CHECKING one does not."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from graph.cli.main import main\n"
        "else:\n    from graph.errors import DataError\n"
        "def f():\n    from graph.vocab import mint\n    import graph.store.embedded\n"
        "from . import kinds\n"
    )
    visitor = _Imports("graph.vocab.namespaces", False, frozenset(graph_modules()))
    visitor.visit(ast.parse(source))
    assert sorted(visitor.found) == [
        "graph.errors",
        "graph.store.embedded",
        "graph.vocab.kinds",
        "graph.vocab.mint",
    ]


def test_every_module_has_a_place_in_the_table():
    unplaced = sorted(m for m in graph_modules() if package_of(m) not in {"top", "bottom", *ORDER})
    assert unplaced == [], "modules outside DESIGN.md's table of packages:\n" + "\n".join(unplaced)


def test_no_import_circle_among_graph_modules():
    edges = import_graph()
    report = []
    circles = [c for c in nx.strongly_connected_components(edges) if len(c) > 1]
    circles += [{m} for m in edges if edges.has_edge(m, m)]
    for circle in sorted(circles, key=sorted):
        inside = edges.subgraph(circle)
        example = [s for s, _ in nx.find_cycle(inside)]
        report.append(f"circle among {', '.join(sorted(circle))}")
        report.append("  e.g. " + " -> ".join([*example, example[0]]))
        report.extend("  edge " + _edge(edges, s, t) for s, t in sorted(inside.edges))
    assert report == [], (
        "import circles among graph's modules (each edge listed is inside a circle):\n"
        + "\n".join(report)
    )


def test_no_package_imports_a_package_above_it():
    edges = import_graph()
    offenders = []
    for source, target in sorted(edges.edges):
        above, below = package_of(source), package_of(target)
        if above != below and target not in BOTTOM and rank(below) < rank(above):
            where = (
                "the façade (import the defining module; the version is graph.settings.VERSION)"
                if below == "top"
                else f"{below}/ (above {above}/)"
            )
            offenders.append(f"{_edge(edges, source, target)}: imports {where}")
    assert offenders == [], (
        "imports against DESIGN.md's order "
        f"({' > '.join(ORDER)} > settings, errors):\n" + "\n".join(offenders)
    )


def test_import_graph_imports_no_heavy_dependency():
    code = (
        "import sys, graph\n"
        "print(graph.__file__)\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    where, loaded = _subprocess(code).splitlines()
    assert Path(where).resolve() == PACKAGE / "__init__.py"
    assert loaded == "[]", f"`import graph` imported {loaded}"


_SIDE_EFFECTS = """
import gc, importlib, json, os, signal, sys
def state():
    return {
        "gc enabled": gc.isenabled(),
        "gc thresholds": gc.get_threshold(),
        "environment": dict(os.environ),
        "recursion limit": sys.getrecursionlimit(),
        "signal handlers": {s.name: repr(signal.getsignal(s)) for s in signal.valid_signals()
                            if isinstance(s, signal.Signals)},
    }
before = state()
from rdflib.plugins.sparql.processor import SPARQLProcessor
query = SPARQLProcessor.__dict__["query"]
for name in sys.argv[1:]:
    importlib.import_module(name)
after = state()
changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
if SPARQLProcessor.__dict__["query"] is not query:
    changed["rdflib SPARQLProcessor.query"] = ["original", "patched"]
print(json.dumps(changed, default=repr))
"""


def test_importing_every_module_changes_no_process_wide_state():
    modules = [m for m in graph_modules() if m != "graph.__main__"]  # __main__ runs the CLI
    changed = json.loads(_subprocess(_SIDE_EFFECTS, *modules))
    if "environment" in changed:
        old, new = changed["environment"]
        changed["environment"] = {
            k: [old.get(k), new.get(k)] for k in sorted({*old, *new}) if old.get(k) != new.get(k)
        }
    if "signal handlers" in changed:
        old, new = changed["signal handlers"]
        changed["signal handlers"] = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
    assert changed == {}, "importing graph's modules changed process-wide state [before, after]"


def test_no_module_is_over_the_line_limit():
    lengths = {
        str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
        for p in graph_modules().values()
    }
    over = [f"{path}: {n} lines" for path, n in sorted(lengths.items()) if n > MAX_LINES]
    assert over == [], f"modules over {MAX_LINES} lines:\n" + "\n".join(over)


def _public_functions() -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every top-level function a module makes public: named in its ``__all__`` or, in a module
    without one, not starting with ``_``."""
    for name, path in graph_modules().items():
        public = literal_all(path)
        for node in parse(path).body:
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if (node.name in public) if public is not None else not node.name.startswith("_"):
                yield f"{name}.{node.name}", node


def test_every_public_function_is_annotated():
    missing = []
    for name, node in _public_functions():
        a = node.args
        params = [*a.posonlyargs, *a.args, *a.kwonlyargs, *filter(None, [a.vararg, a.kwarg])]
        absent = [p.arg for p in params if p.annotation is None]
        absent += ["return"] if node.returns is None else []
        if absent:
            missing.append(f"{name} (line {node.lineno}): {', '.join(absent)}")
    assert missing == [], "public functions without annotations:\n" + "\n".join(missing)


def test_every_package_names_its_public_api():
    report = []
    folders = sorted({p.parent for p in PACKAGE.rglob("*.py")})
    for folder in folders:
        init = folder / "__init__.py"
        name = module_name(init)
        if not init.exists():
            report.append(f"{folder.relative_to(ROOT)}/ has modules but no __init__.py")
            continue
        stub = init.with_suffix(".pyi")  # lazy_loader reads the names from the type stub
        names = literal_all(stub if stub.exists() else init)
        if not names:
            report.append(f"{name}: __init__ has no literal, non-empty __all__")
            continue
        package = importlib.import_module(name)
        if sorted(package.__all__) != sorted(names):
            report.append(f"{name}.__all__ is not the one its __init__ writes down")
        absent = [n for n in names if not hasattr(package, n)]
        undir = [n for n in names if n not in dir(package)]
        children = {p.stem for p in folder.glob("*.py")} | {
            p.parent.name for p in folder.glob("*/__init__.py")
        }
        clashes = [n for n in names if n in children - {"__init__"}]
        if absent:
            report.append(f"{name}.__all__ names what does not exist: {', '.join(absent)}")
        if undir:
            report.append(f"{name}: dir() leaves out {', '.join(undir)}")
        if clashes:  # importing the submodule would replace the exported attribute
            report.append(f"{name}.__all__ names a submodule's name: {', '.join(clashes)}")
    assert report == [], "packages whose __init__ does not name their API:\n" + "\n".join(report)


@pytest.mark.parametrize(
    "name",
    ["graph", "graph.vocab", "graph.store", "graph.sparql", "graph.query", "graph.ingest",
     "graph.explore", "graph.explore.algorithms", "graph.drawing", "graph.verify", "graph.serve",
     "graph.cli"],
)  # fmt: skip
def test_a_lazy_init_imports_no_submodule(name):
    code = f"import sys, {name}\nprint(sorted(m for m in sys.modules if m.startswith('{name}.')))\n"
    assert _subprocess(code).strip() == "[]"


def test_the_app_never_imports_the_command_line_or_the_endpoint():
    """The app is a thin layer over the library: what a page needs lives below cli/ and serve/
    (the supplier-list check, for one, is graph.verify.suppliers, shared with the CLI)."""
    offenders = []
    for path in [ROOT / "app.py", *sorted((ROOT / "explorer_pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.name}: {n}" for n in names
                          if n.startswith(("graph.cli", "graph.serve"))]  # fmt: skip
    assert offenders == []


def test_every_download_of_the_app_goes_through_the_one_that_reruns_nothing():
    """A click on a download must not rerun the page (the rerun revokes the other made-on-click
    files mid-click): pages call ``explorer_pages.common.offer_download``, never
    ``download_button``."""
    offenders = []
    for path in [ROOT / "app.py", *sorted((ROOT / "explorer_pages").glob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = {
            id(node)
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef) and fn.name == "offer_download"
            and path.name == "common.py"
            for node in ast.walk(fn)
        }  # fmt: skip
        offenders += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "download_button"
            and id(node) not in allowed
        ]  # fmt: skip
    assert offenders == []
