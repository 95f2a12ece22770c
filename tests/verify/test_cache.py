"""The verifier's per-store cache (``graph.verify.cache``) does not keep a store alive: a
visitor's workspace the verifier has read goes when the visitor does (the app counts live
workspaces against ``max_workspaces``, so a leak would soon refuse every new upload)."""

from __future__ import annotations

import gc
import weakref

from graph.ingest.build import build_store
from graph.verify import verify
from graph.verify.cache import facts_cache


def test_a_store_the_verifier_has_read_can_still_be_freed():
    store, _ = build_store("memory")
    assert verify(store, "S-C-0001").certificate == "S-C-0001"
    assert facts_cache(store) is facts_cache(store)  # cached while the store lives
    gone = weakref.ref(store)
    del store
    gc.collect()
    assert gone() is None
