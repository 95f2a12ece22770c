"""The global options of ``accredigraph`` and the workspace they name.

``--store``, ``--update-url``, ``--graph-store-url`` and ``--data`` may come before or after
the command (``accredigraph --store PATH build --data DIR``): :func:`add_global_options` adds
them to the top parser, :func:`add_late_options` to each command's, and
:func:`merge_global_options` folds the two together. Commands open their store with
:func:`workspace`, which passes the options to :func:`graph.workspace.open_workspace`.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from graph.store import Store
from graph.workspace import open_workspace

__all__ = [
    "GLOBAL_OPTIONS",
    "add_global_options",
    "add_late_options",
    "merge_global_options",
    "workspace",
]

#: The global options, also accepted after the command (``build --data DIR``).
GLOBAL_OPTIONS = ("store", "update_url", "graph_store_url", "data")


def add_global_options(top: argparse.ArgumentParser) -> None:
    """Add the global options to the top-level parser."""
    top.add_argument("--store", help="store directory (made by `build`; other commands refuse "
                     "a path that holds no store), 'memory', or a SPARQL endpoint URL "
                     "(default: .accredigraph/store if built, else memory)")  # fmt: skip
    top.add_argument("--update-url", metavar="URL",
                     help="SPARQL update endpoint of a --store URL (makes it writable; default "
                     "$ACCREDIGRAPH_UPDATE_URL)")  # fmt: skip
    top.add_argument("--graph-store-url", metavar="URL",
                     help="Graph Store Protocol endpoint of a --store URL, for fast loads "
                     "(default $ACCREDIGRAPH_GRAPH_STORE_URL)")  # fmt: skip
    top.add_argument("--data", action="append", default=[], metavar="DIR",
                     help="a register folder (interchange CSV/TTL) loaded on top of the bundled "
                     "data; repeatable")  # fmt: skip


def add_late_options(command: argparse.ArgumentParser) -> None:
    """Accept the global options after ``command`` too, under ``late_*`` names that
    :func:`merge_global_options` folds into the global ones."""
    group = command.add_argument_group("global options (also accepted before the command)")
    for name in GLOBAL_OPTIONS:
        flag = "--" + name.replace("_", "-")
        extra = {"action": "append", "metavar": "DIR"} if name == "data" else {"metavar": "VALUE"}
        group.add_argument(
            flag, dest=f"late_{name}", default=argparse.SUPPRESS, help="see accredigraph --help",
            **extra,
        )  # fmt: skip


def merge_global_options(top: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Fold options given after the command into the global ones; a value given twice,
    differently, is a usage error rather than a silent choice."""
    args.data = list(args.data) + list(getattr(args, "late_data", []))
    for name in GLOBAL_OPTIONS[:-1]:
        late = getattr(args, f"late_{name}", None)
        if late is None:
            continue
        if getattr(args, name) not in (None, late):
            flag = "--" + name.replace("_", "-")
            top.error(f"{flag} given twice, before and after the command, with different values")
        setattr(args, name, late)


def workspace(
    args: argparse.Namespace, *, data: Sequence[str] | None = None, quiet: bool = False
) -> Store:
    """The store the global options name: ``--store`` with the ``--data`` registers (or
    ``data``) on top, a remote store with its ``--update-url`` and ``--graph-store-url``."""
    return open_workspace(
        args.store,
        data=args.data if data is None else data,
        update_url=args.update_url,
        graph_store_url=args.graph_store_url,
        quiet=quiet,
    )
