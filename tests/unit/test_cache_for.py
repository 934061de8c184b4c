"""reference_cache.cache_for: one copy per engine, whichever engine was asked for last."""

from __future__ import annotations

import gc

from sqlalchemy import create_engine

from fravaer.adapters.db.reference_cache import ReferenceCache, cache_for


def test_each_engine_has_its_own_copy_whatever_the_order():
    a, b = create_engine("sqlite://"), create_engine("sqlite://")
    ca = cache_for(a)
    assert isinstance(ca, ReferenceCache)
    assert cache_for(a) is ca  # the last engine's, kept
    cb = cache_for(b)
    assert cb is not ca
    assert cache_for(a) is ca and cache_for(b) is cb and cache_for(b) is cb


def test_a_dropped_engine_is_not_taken_for_another():
    a = create_engine("sqlite://")
    ca = cache_for(a)
    del a
    gc.collect()
    b = create_engine("sqlite://")  # may reuse the freed address: still a copy of its own
    assert cache_for(b) is not ca
