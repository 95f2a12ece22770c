"""Running the Java checks of tests/vocab: Debian's OWL API and Apache Jena, compiled at test time.

The Java sources live in ``tests/vocab/owl/``; they are compiled into a temporary folder against
the jars Debian installs (``make owl-tools``), with the class path taken from the Debian
packages' dependency closure (``dpkg-query``), so no jar name is guessed and no class file is
committed. When the tools are missing the tests skip, except under ``make test``
(``ACCREDIGRAPH_REQUIRE_ENGINES=1``, as for Virtuoso) or another CI (``CI`` set), where a missing
tool is a failure: ``make test`` installs them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

SOURCES = Path(__file__).resolve().parent / "owl"
OWLAPI = "libowlapi-java"
JENA = "libapache-jena-java"
# Logging bindings that fight each other when several are on one class path: SLF4J then
# falls back to its no-op logger, which is what a check that prints its own report wants.
_LOGGING = re.compile(
    r"slf4j-(jcl|log4j|simple|jdk|nop|reload|migrator|ext)|over-slf4j|to-slf4j|maven3"
)


def require(*packages: str) -> None:
    """Skip (or fail under ``make test`` and CI) unless ``java``, ``javac`` and the Debian
    ``packages`` are here."""
    missing = [tool for tool in ("java", "javac", "dpkg-query") if shutil.which(tool) is None]
    for package in packages:
        if not missing and not _installed(package):
            missing.append(package)
    if missing:
        message = f"missing {', '.join(missing)}: run `make owl-tools`"
        if os.environ.get("ACCREDIGRAPH_REQUIRE_ENGINES") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def _installed(package: str) -> bool:
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
    )
    return result.returncode == 0 and "install ok installed" in result.stdout


def _closure(package: str) -> list[str]:
    """``package`` and every ``*-java`` package it depends on, recursively."""
    seen: list[str] = []
    todo = [package]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        depends = subprocess.run(
            ["dpkg-query", "-W", "-f=${Depends}", name], capture_output=True, text=True
        ).stdout
        for alternative in depends.split(","):
            dep = alternative.split("|")[0].strip().split(" ")[0].split(":")[0]
            if dep.endswith("-java") and dep not in seen:
                todo.append(dep)
    return seen


def classpath(package: str) -> list[str]:
    """The jars of ``package`` and of its Java dependencies (unversioned names, no loggers)."""
    jars: set[str] = set()
    for name in _closure(package):
        listing = subprocess.run(["dpkg", "-L", name], capture_output=True, text=True).stdout
        for path in listing.split():
            if (
                path.startswith("/usr/share/java/")
                and path.endswith(".jar")
                and not re.search(r"-\d[\w.]*\.jar$", path)
                and not _LOGGING.search(path)
            ):
                jars.add(path)
    return sorted(jars)


def jena_resources(folder: Path) -> Path:
    """Work around Debian's libapache-jena-java 4.5.0, whose jena-core.jar holds the shaded
    Xerces classes under ``xerces/`` but their message files under
    ``org/apache/jena/ext/xerces/``: without them Jena's first xsd datatype fails with
    "RuntimeException: internal error". Copies the files to where the classes look."""
    jar = Path("/usr/share/java/jena-core.jar")
    with zipfile.ZipFile(jar) as archive:
        for name in archive.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = folder / name.removeprefix("org/apache/jena/ext/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    return folder


def compile_java(name: str, package: str, folder: Path) -> list[str]:
    """Compile ``tests/vocab/owl/{name}.java`` into ``folder``; return the class path to run it."""
    jars = classpath(package)
    source = str(SOURCES / f"{name}.java")
    subprocess.run(
        ["javac", "-nowarn", "-d", str(folder), "-cp", ":".join(jars), source],
        check=True,
        capture_output=True,
    )
    extra = [str(jena_resources(folder / "resources"))] if package == JENA else []
    return [str(folder), *extra, *jars]


def run_java(cp: list[str], main: str, *args: str, timeout: float = 300) -> str:
    """Run ``main`` with ``args``; its standard output (it must exit 0)."""
    result = subprocess.run(
        ["java", "-Xmx2g", "-cp", ":".join(cp), main, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return result.stdout
