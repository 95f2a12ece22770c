"""The wheel works outside the checkout.

The wheel is built from a copy of the checkout (so the checkout gets no ``build/`` or
``*.egg-info``, and nothing stale in them can reach the wheel), installed without dependencies
into a fresh virtual environment, and run from a folder outside the checkout. The fresh
environment borrows this environment's dependencies through a ``.pth`` file naming its
site-packages; ``.pth`` files inside a folder named that way are not processed, so this
environment's editable install of accredigraph stays invisible, and the test checks that
``graph`` really comes from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from importlib import metadata
from pathlib import Path

import pytest

import graph

pytestmark = pytest.mark.slow

ROOT = Path(graph.__file__).resolve().parent.parent

#: What a copy of the checkout leaves out: history, environments, stores, build output, caches.
LEAVE_OUT = shutil.ignore_patterns(
    ".git",
    ".venv",
    ".accredigraph",
    ".hypothesis",
    ".pytest_cache",
    ".ruff_cache",
    "__pycache__",
    "build",
    "dist",
    "*.egg-info",
    "test-artifacts",
)


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _setuptools_builds_this_project() -> bool:
    try:
        major = int(metadata.version("setuptools").split(".")[0])
    except metadata.PackageNotFoundError:
        return False
    return major >= 77  # pyproject.toml's build-system.requires (an SPDX `license`)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str], Path]:
    """A fresh environment with only the wheel installed: (its bin folder, the environment
    variables to run it with, a working folder outside the checkout)."""
    if not _setuptools_builds_this_project():
        pytest.skip("this environment predates pyproject.toml (setuptools>=77): run make install")
    # PYTHONPATH naming the checkout would make pip see accredigraph as installed already
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=LEAVE_OUT)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    _run([*pip, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", tmp / "wheels", "."],
         cwd=source)  # fmt: skip
    (wheel,) = (tmp / "wheels").glob("accredigraph-*.whl")

    fresh = tmp / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    _run([*pip, "--python", python, "install", "--no-deps", "--no-index", "-q", wheel], cwd=tmp,
         env=env)  # fmt: skip
    site_packages = Path(
        _run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp)
        .strip()
    )  # fmt: skip
    (site_packages / "_accredigraph_dev_dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )

    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return fresh / "bin", env, elsewhere


def test_graph_and_its_files_come_from_the_wheel(installed):
    bin_dir, env, elsewhere = installed
    code = (
        "import graph, graph.settings as s\n"
        "print(graph.__file__)\n"
        "print(s.bundled_root())\n"
        "print(graph.__version__)\n"
    )
    out = _run([bin_dir / "python", "-c", code], elsewhere, env)
    module, bundled, version = out.splitlines()
    fresh = bin_dir.parent.resolve()
    assert Path(module).resolve().is_relative_to(fresh), module
    assert Path(bundled).resolve().is_relative_to(fresh), bundled
    assert (Path(bundled) / "data" / "sample" / "certificates.csv").is_file()
    assert version == graph.__version__


def test_the_installed_command_verifies_a_sample_certificate(installed):
    bin_dir, env, elsewhere = installed
    out = _run([bin_dir / "accredigraph", "verify", "S-C-0001", "--as-of", "2026-11-23"],
               elsewhere, env)  # fmt: skip
    assert "S-C-0001: ACCREDITED (as of 2026-11-23)" in out.splitlines()


def test_the_installed_command_lists_the_named_queries(installed):
    bin_dir, env, elsewhere = installed
    out = _run([bin_dir / "accredigraph", "query", "--list"], elsewhere, env)
    assert "certificate-chain" in out


def test_the_installed_command_validates_against_the_shipped_shapes(installed):
    bin_dir, env, elsewhere = installed
    _run([bin_dir / "accredigraph", "validate"], elsewhere, env)


def test_the_world_map_outlines_come_from_the_wheel(installed):
    bin_dir, env, elsewhere = installed
    code = "from graph.drawing import world_outlines\nprint(len(world_outlines()[0]))\n"
    assert int(_run([bin_dir / "python", "-c", code], elsewhere, env)) > 150
