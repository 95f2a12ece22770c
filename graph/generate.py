"""Synthetic registers at world scale (``accredigraph generate``)."""

from __future__ import annotations

import argparse

__all__ = ["add_commands"]


def add_commands(sub: argparse._SubParsersAction) -> None:
    """Add ``generate`` to the ``accredigraph`` parser."""
