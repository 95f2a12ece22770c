"""Issue 12: `make run` listens on this machine only unless told otherwise, as docs/deploy.md
says."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

import graph

ROOT = Path(graph.__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _streamlit_line(*args: str) -> list[str]:
    """The `streamlit run` command `make run` would run (make -n: nothing is run)."""
    out = subprocess.run(["make", "-n", "-C", str(ROOT), "run", *args], check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    joined = out.replace("\\\n", " ")
    line = next(line for line in joined.splitlines() if "streamlit run" in line)
    return shlex.split(line)


def _address(command: list[str]) -> str | None:
    return command[command.index("--server.address") + 1] if "--server.address" in command else None


def test_issue12_make_run_binds_the_app_to_localhost_by_default():
    assert _address(_streamlit_line()) == "127.0.0.1"


def test_make_run_binds_elsewhere_only_when_told():
    assert _address(_streamlit_line("ADDRESS=0.0.0.0")) == "0.0.0.0"


def test_the_deploy_page_shows_the_make_variable_that_exists():
    page = (ROOT / "docs" / "deploy.md").read_text()
    assert "make run ADDRESS=0.0.0.0" in page
    assert "ADDRESS ?= 127.0.0.1" in (ROOT / "Makefile").read_text()
