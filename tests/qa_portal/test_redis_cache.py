import socket

import pytest
from django.core.cache import caches
from django.test import override_settings

from machinery.redis_cache import RedisCache


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
            "BACKEND": "machinery.redis_cache.RedisCache",
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


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "machinery.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        },
        "fragments": settings.CACHES["fragments"],
    }
    settings.PAGE_CACHE_SECONDS = 600
    cache = caches["default"]
    cache._down_until = RedisCache._warned_at = 0.0  # whatever touched it before the test
    return cache


def test_a_redis_that_does_not_answer_is_a_miss_not_an_error(redis_down, caplog):
    cache = redis_down
    with caplog.at_level("WARNING", logger="machinery.redis_cache"):
        assert cache.get("page", "default") == "default"
    assert "Redis unreachable" in caplog.text
    assert cache.get_many(["a", "b"]) == {}
    cache.set("a", 1)
    assert cache.add("a", 1) is False
    assert cache.incr("hits") == 1  # rate limits count from zero: the request goes through
    cache.delete("a")


def test_after_a_failure_redis_is_left_alone_for_a_while(redis_down, monkeypatch):
    cache = redis_down
    cache.get("page")
    calls = []
    monkeypatch.setattr(cache._cache, "get", lambda *args: calls.append(args))
    assert cache.get("page", "default") == "default"
    assert calls == []  # not even tried: no timeout paid per call


@pytest.mark.django_db
def test_the_site_works_while_redis_is_down(redis_down, client):
    from tests.factories import UserFactory, answered_question

    question = answered_question()
    assert client.get("/").status_code == 200
    assert client.get(question.get_absolute_url()).status_code == 200
    assert client.get("/search/", {"q": "sleep"}).status_code == 200
    user = UserFactory(password="a long enough password 1")
    response = client.post("/accounts/login/", {"username": user.email, "password": "wrong"})
    assert response.status_code == 200  # the form again, not a 500
