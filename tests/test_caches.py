"""Issue 12: every cache has a size bound (docs/security.md, "Limits").

Read from the source, like tests/test_architecture.py: every ``st.cache_data`` and
``st.cache_resource`` names ``max_entries``; an ``lru_cache`` has a finite ``maxsize``;
``functools.cache`` (unbounded) only on a function without parameters (one entry); and every
module-level container that starts empty (so it fills at run time) is listed here with what
bounds it. A new unbounded cache, or a new module-level store of things, fails this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "app.py",
    *(ROOT / "explorer_pages").glob("*.py"),
    *(ROOT / "graph").rglob("*.py"),
]

#: Module-level containers filled at run time, and what bounds them.
BOUNDED_CONTAINERS = {
    "graph/store/lock.py:_HELD": "one lock per store directory this process has open",
    "graph/store/embedded.py:_OPEN": "one entry per store directory this process has open",
    "graph/explore/sidecar.py:_LOCKS": "one lock per on-disk store this process has searched "
    "and search index file (two; a few bytes each; the stores a process opens, as _OPEN)",
    "graph/verify/cache.py:_CACHE": "weak: one entry per live store, each holding that store's "
    "shared facts (bounded by the store's bodies and standards)",
    "graph/sparql/worker.py:_IDLE": "KEEP_IDLE per store, KEEP_IDLE_TOTAL in all",
    "explorer_pages/common.py:_PAGES": "the app's six pages",
    "explorer_pages/common.py:_SCHEDULER": "one scheduler",
    "explorer_pages/warm.py:_TASKS": "the shared work the page modules name when imported",
    "explorer_pages/warm.py:_STATE": "one warm-up per shared store location (the app opens one)",
    "explorer_pages/common.py:WORKSPACES": "weak: live workspaces, at most "
    "Settings.max_workspaces (explorer_pages.workspace)",
}
_EMPTY_CALLS = {"dict", "list", "set", "OrderedDict", "WeakKeyDictionary", "WeakValueDictionary",
                "WeakSet", "defaultdict", "deque"}  # fmt: skip


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Call):
        return _name(node.func)
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    return node.id if isinstance(node, ast.Name) else ""


def _keyword(node: ast.expr, name: str) -> ast.expr | None:
    if isinstance(node, ast.Call):
        return next((k.value for k in node.keywords if k.arg == name), None)
    return None


def unbounded_decorators(tree: ast.Module, where: str) -> list[str]:
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for deco in fn.decorator_list:
            name = _name(deco).rsplit(".", 1)[-1]
            at = f"{where}:{deco.lineno} {fn.name}"
            if name in ("cache_data", "cache_resource") and _keyword(deco, "max_entries") is None:
                found.append(f"{at}: st.{name} without max_entries")
            elif name == "lru_cache":
                size = _keyword(deco, "maxsize")
                if isinstance(size, ast.Constant) and size.value is None:
                    found.append(f"{at}: lru_cache(maxsize=None)")
            elif name == "cache" and (fn.args.args or fn.args.kwonlyargs or fn.args.vararg):
                found.append(f"{at}: functools.cache on a function with parameters")
    return found


def containers(tree: ast.Module, where: str) -> set[str]:
    found = set()
    for node in tree.body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            value = node.value
            empty = (isinstance(value, ast.Dict | ast.List | ast.Set) and not _elements(value)) or (
                isinstance(value, ast.Call)
                and _name(value).rsplit(".", 1)[-1] in _EMPTY_CALLS
                and not value.args
            )
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = {t.id for t in targets if isinstance(t, ast.Name)} - {"__all__"}
            if empty:
                found |= {f"{where}:{name}" for name in names}
    return found


def _elements(node: ast.Dict | ast.List | ast.Set) -> list:
    return node.keys if isinstance(node, ast.Dict) else node.elts


def test_every_cache_decorator_has_a_size_bound():
    found = []
    for path in SOURCES:
        found += unbounded_decorators(
            ast.parse(path.read_text()), path.relative_to(ROOT).as_posix()
        )
    assert found == []


def test_every_module_level_container_filled_at_run_time_has_a_known_bound():
    found = set()
    for path in SOURCES:
        found |= containers(ast.parse(path.read_text()), path.relative_to(ROOT).as_posix())
    assert found - set(BOUNDED_CONTAINERS) == set(), "add the bound to BOUNDED_CONTAINERS"
    assert set(BOUNDED_CONTAINERS) - found == set(), "a listed container is gone: unlist it"


def test_the_scan_finds_an_unbounded_cache():
    tree = ast.parse(
        "@st.cache_data\ndef a(x): ...\n"
        "@st.cache_resource(show_spinner=False)\ndef b(x): ...\n"
        "@functools.lru_cache(maxsize=None)\ndef c(x): ...\n"
        "@cache\ndef d(x): ...\n"
        "@cache\ndef e(): ...\n"
        "@st.cache_data(max_entries=4)\ndef f(x): ...\n"
        "_SEEN: dict[str, int] = {}\nKNOWN = {'a': 1}\n"
    )
    assert [f.split()[1] for f in unbounded_decorators(tree, "m.py")] == ["a:", "b:", "c:", "d:"]
    assert containers(tree, "m.py") == {"m.py:_SEEN"}
