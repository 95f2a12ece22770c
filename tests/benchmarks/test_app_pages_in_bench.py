"""``make bench`` times the app's pages in Chromium too, or says why it could not."""

from __future__ import annotations

import json
import subprocess

import pytest

import benchmarks.app_pages
from benchmarks import run


def test_the_browser_is_an_engine_of_the_default_run():
    assert "browser" in run.ENGINES and "pages" in run.ENGINES


def test_the_pages_command_asks_for_the_browser_only_when_told(tmp_path):
    store, out = tmp_path / "store", tmp_path / "pages.json"
    with_browser = run.app_pages_command(store, out, browser=True)
    without = run.app_pages_command(store, out, browser=False)
    assert with_browser[-1] == "--browser" and "--browser" not in without
    assert with_browser[:-1] == without and str(store) in without and str(out) in without


def _fake_pages(calls):
    def fake(command, **kwargs):
        calls.append(command)
        out = command[command.index("--out") + 1]
        result = {"script": {"open the store": 0.1}}
        if "--browser" in command:
            result["browser"] = {"warm-up": 1.0}
        with open(out, "w", encoding="utf-8") as f:
            json.dump(result, f)
        return subprocess.CompletedProcess(command, 0, "", "")

    return fake


def test_without_chromium_the_pages_are_timed_and_the_skip_is_said(tmp_path, monkeypatch):
    monkeypatch.setattr(benchmarks.app_pages, "CHROMIUM", tmp_path / "no-chromium")
    calls: list[list[str]] = []
    monkeypatch.setattr(run.subprocess, "run", _fake_pages(calls))
    result = run._app_pages(tmp_path / "store", tmp_path / "pages.json", browser=True)
    assert "--browser" not in calls[0]
    assert "script" in result and "browser" not in result
    assert str(tmp_path / "no-chromium") in result["browser skipped"]
    # the named-query tables say the pages were not timed in a browser, and why
    results = {"machine": {"date": "2026-12-04", "load_average_at_start": [0.1, 0.1, 0.1]},
               "sizes": {"10000": {"oxigraph": {"app pages": result}}}}  # fmt: skip
    assert run._write_named_tables(results, tmp_path / "named.md")
    text = (tmp_path / "named.md").read_text(encoding="utf-8")
    assert "not in a browser: no Chromium at" in text


def test_with_chromium_the_pages_are_timed_in_it(tmp_path, monkeypatch):
    chromium = tmp_path / "chromium"
    chromium.write_text("")
    monkeypatch.setattr(benchmarks.app_pages, "CHROMIUM", chromium)
    calls: list[list[str]] = []
    monkeypatch.setattr(run.subprocess, "run", _fake_pages(calls))
    result = run._app_pages(tmp_path / "store", tmp_path / "pages.json", browser=True)
    assert calls[0][-1] == "--browser"
    assert "browser" in result and "browser skipped" not in result
    assert not (tmp_path / "pages.json").exists()  # read, then removed


def test_the_pages_table_counts_the_pages_within_two_seconds_in_the_browser():
    result = {
        "script": {"open the store": 0.1, "a": {"first": 0.2, "again": 0.1, "exceptions": 0},
                   "b": {"first": 0.3, "again": 0.1, "exceptions": 0}},
        "browser": {"a": {"first: content": 1.5, "cached: content": 0.9},
                    "b": {"first: content": 2.4, "cached: content": 1.2}},
    }  # fmt: skip
    text = benchmarks.app_pages.table(result)
    assert text.endswith("In Chromium, 1 of 2 pages within 2 s on a cold first visit, "
                         "2 of 2 with the front end cached.")  # fmt: skip
    del result["browser"]
    assert "In Chromium" not in benchmarks.app_pages.table(result)


def test_only_the_pages_asked_for_are_timed_and_a_wrong_name_is_named():
    wanted = {"learn": ("", {}), "search": ("search", {"search.text": "Ltd"}),
              "data: counts": ("data", {})}  # fmt: skip
    assert list(benchmarks.app_pages.only(wanted, [])) == list(wanted)
    assert list(benchmarks.app_pages.only(wanted, ["data: counts", "learn"])) == [
        "learn", "data: counts"]  # fmt: skip
    with pytest.raises(KeyError, match="no page 'serch'; the pages: learn, search, data: counts"):
        benchmarks.app_pages.only(wanted, ["search", "serch"])
