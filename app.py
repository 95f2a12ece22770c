"""accredigraph in the browser: a thin Streamlit layer over the ``graph`` package."""

from __future__ import annotations

import argparse
import sys

import streamlit as st

from graph.cli import open_graph
from graph.query import run_named


def _store_location() -> str | None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--store")
    args, _ = parser.parse_known_args(sys.argv[1:])
    return args.store


@st.cache_resource
def graph_store(location: str | None):
    """The store, opened once per server process."""
    return open_graph(location, quiet=True)


@st.cache_data
def class_counts(location: str | None) -> list[dict]:
    return run_named(graph_store(location), "class-counts").records()


def main() -> None:
    st.set_page_config(page_title="accredigraph", layout="wide")
    st.title("accredigraph")
    st.caption("The accreditation ecosystem as a knowledge graph.")
    location = _store_location()
    counts = class_counts(location)
    st.subheader("What the graph holds")
    st.dataframe(
        [{"class": r["label"], "count": r["count"]} for r in counts], hide_index=True
    )


main()
