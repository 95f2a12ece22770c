"""``accredigraph``: the parser and one module per command family (``build``, ``query``,
``verify``, ``explore``, ``serve``); the entry point is :func:`graph.cli.main.main`. Names load
their module on first use (PEP 562).

>>> from graph.cli import parser
>>> parser().prog
'accredigraph'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graph.cli.main import parser
    from graph.cli.output import print_result, render_table

__all__ = [
    "parser",
    "print_result",
    "render_table",
]

#: Public name -> the module that defines it, imported on first use.
_LAZY = {
    "parser": "graph.cli.main",
    "print_result": "graph.cli.output",
    "render_table": "graph.cli.output",
}


def __getattr__(name: str) -> Any:
    try:
        module = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
