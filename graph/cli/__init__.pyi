"""Type stub of graph.cli: what its ``__init__`` loads on first use (lazy_loader)."""

from .main import parser
from .output import print_result, render_table

__all__ = [
    "parser",
    "print_result",
    "render_table",
]
