"""Bulk work over many of the store's terms: the cyclic garbage collector paused meanwhile.

Reading or counting hundreds of thousands of triples builds as many small acyclic tuples,
dicts and terms; each allocation burst made Python's cyclic collector rescan every one of them
(a quarter of the time of a 10 k import or of a bulk verification at 10 k certificates).
Reference counting still frees all of them; the collector runs again as soon as the work ends.

>>> import gc
>>> with collector_paused():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the ``with`` block (as it was before, after it:
    a collector already paused by the caller stays paused)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
