"""The ``accredigraph`` command line (also ``python -m graph``): everything the app can do.

Global options may come before or after the command::

    accredigraph [--store PATH|memory|URL] [--update-url URL] [--graph-store-url URL]
                 [--data DIR] COMMAND ...
    accredigraph --store PATH build --data DIR      # the same as --data DIR build

Without ``--store``, commands use ``.accredigraph/store`` when it exists (``make run`` builds
it) and otherwise build the graph in memory. ``--store http://…`` works on a SPARQL 1.1
endpoint (docs/scale.md); it is read-only unless ``--update-url`` is given. ``--data DIR``
adds a register in the interchange format on top of the bundled data; with no ``--store`` it
works in memory, leaving the on-disk store alone (:func:`graph.workspace.open_workspace`).

This module assembles the parser from the command modules — :mod:`graph.cli.build`,
:mod:`graph.cli.query`, :mod:`graph.cli.verify`, :mod:`graph.cli.explore`,
:mod:`graph.cli.serve` — and runs it; the global options live in :mod:`graph.cli.options`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from graph.cli import build, explore, query, serve, verify
from graph.cli.options import add_global_options, add_late_options, merge_global_options
from graph.cli.output import terminal_safe
from graph.errors import AccredigraphError
from graph.settings import VERSION as __version__

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the docs and the tests)."""
    top = argparse.ArgumentParser(
        prog="accredigraph",
        description="Explore the accreditation ecosystem as a knowledge graph.",
    )
    top.add_argument("--version", action="version", version=f"accredigraph {__version__}")
    add_global_options(top)
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    # in the order `accredigraph --help` lists them
    build.add_build(sub)
    build.add_import(sub)
    build.add_stats(sub)
    build.add_void(sub)
    query.add_commands(sub)  # query, show-query
    build.add_export(sub)
    verify.add_commands(sub)  # verify, validate
    explore.add_commands(sub)  # search, entity, draw, path, hubs
    build.add_generate(sub)
    serve.add_commands(sub)
    build.add_export_register(sub)
    for command in sub.choices.values():
        add_late_options(command)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 bad input, 2 usage)."""
    top = parser()
    args = top.parse_args(argv)
    merge_global_options(top, args)
    with terminal_safe(getattr(args, "format", None)):
        try:
            return args.func(args)
        except AccredigraphError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        except BrokenPipeError:
            return 0
