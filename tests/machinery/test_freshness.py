"""machinery.freshness: a value is computed at most once a minute, and served as it was
while another request computes it again."""

import pytest
from django.core.cache import cache

from machinery import freshness


@pytest.fixture
def clock(monkeypatch):
    """totals' clock, moved by hand."""
    now = [1_000_000.0]
    monkeypatch.setattr(freshness.time, "time", lambda: now[0])
    cache.delete_many(["total:total", "total:total:computing"])
    return now


def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    return compute, calls


def test_a_total_is_computed_once_a_minute(clock):
    """Within its minute a total is served from the cache; after it, computed again."""
    compute, calls = counter()
    assert freshness.fresh_or_recent("total", compute) == 1
    clock[0] += freshness.FRESH_SECONDS - 1
    assert freshness.fresh_or_recent("total", compute) == 1
    clock[0] += 2
    assert freshness.fresh_or_recent("total", compute) == 2
    assert len(calls) == 2


def test_while_one_request_recomputes_the_others_get_the_previous_total(clock):
    """Past its minute, a total being computed by another request is served as it was: no
    pile-up of readers all counting the archive at once."""
    compute, calls = counter()
    freshness.fresh_or_recent("total", compute)
    clock[0] += freshness.FRESH_SECONDS + 1
    assert cache.add("total:total:computing", 1)  # another worker started on it
    assert freshness.fresh_or_recent("total", compute) == 1
    assert len(calls) == 1
    cache.delete("total:total:computing")  # it finished (and would have stored its value)
    assert freshness.fresh_or_recent("total", compute) == 2
    assert not cache.get("total:total:computing")


def test_a_value_kept_by_an_earlier_version_is_not_mistaken_for_a_total(clock):
    """Earlier versions kept the plain value under the same name: during a deploy both
    run, and the new code must not read a list of departments as (value, time)."""
    cache.set("total", ["a department", "another"])
    compute, calls = counter()
    assert freshness.fresh_or_recent("total", compute) == 1
