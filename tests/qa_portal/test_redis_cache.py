import socket

import pytest
from django.core.cache import caches
from django.test import override_settings


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)")
def test_redis_cache_reuses_one_client_and_works():
    """The Redis backend answers like Django's and builds one client per pool, not one per
    call."""
    config = {
        "redis": {
            "BACKEND": "qa_portal.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": "qa-portal-test",
        }
    }
    with override_settings(CACHES=config):
        cache = caches["redis"]
        cache.set("answer", {"value": 42}, timeout=10)
        assert cache.get("answer") == {"value": 42}
        assert cache.get_many(["answer", "missing"]) == {"answer": {"value": 42}}
        cache.delete("counter")
        cache.add("counter", 0)
        assert cache.incr("counter") == 1
        first = cache._cache.get_client()
        assert cache._cache.get_client() is first
        cache.delete_many(["answer", "counter"])
