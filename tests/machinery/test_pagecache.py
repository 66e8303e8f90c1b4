"""machinery.pagecache: the generation that cached pages and fragments are keyed by."""


def test_a_flushed_cache_starts_a_generation_never_used_before():
    """Template fragments in each worker's memory are keyed by the generation: after Redis
    is flushed or restarted empty, counting again from 0 would meet old fragments."""
    import time

    from django.core.cache import cache

    from machinery import pagecache

    first = pagecache.generation()
    pagecache.retire_all()
    assert pagecache.generation() == first + 1
    cache.clear()
    time.sleep(0.005)
    assert pagecache.generation() > first + 1
