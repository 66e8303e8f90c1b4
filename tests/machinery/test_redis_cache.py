"""machinery.redis_cache: RedisCache answers like Django's and takes a Redis that does not
answer for a miss; each worker's copies of cached question pages (LocalCopies) are used
without a round trip to Redis, and dropped whenever any process announces a change."""

import socket
import time
import uuid

import pytest
import redis
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from machinery import pagecache
from machinery.redis_cache import RedisCache
from questions import services
from questions.archive.pagecache import forget_question
from tests.factories import DoctorFactory, answered_question


def redis_is_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.django_db
needs_redis = pytest.mark.skipif(
    not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)"
)


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


# Each worker's copies of cached question pages (LocalCopies).

LOCATION = "redis://127.0.0.1:6379/14"


@pytest.fixture
def copies(settings):
    """Redis as the page cache, with a key prefix of its own so that each test has its own
    channel and its own copies."""
    settings.CACHES = {
        "default": {
            "BACKEND": "machinery.redis_cache.RedisCache",
            "LOCATION": LOCATION,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
        },
        "fragments": settings.CACHES["fragments"],
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_COPIES_BYTES = 1_000_000
    local = pagecache.copies()
    wait_for(local.live)  # the listener subscribes in the background
    return local


def wait_for(condition, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def announce_from_another_process(local, message: str) -> None:
    redis.Redis.from_url(LOCATION).publish(local.channel, message)


def copied_page(client, question=None):
    """A question page rendered, then fetched from Redis and kept: its address and key."""
    question = question or answered_question()
    url = question.get_absolute_url()
    client.get(url)  # rendered and stored in Redis
    client.get(url)  # fetched from Redis and kept
    return url, pagecache.page_key("question", question.pk, "en")


def refuse_redis(monkeypatch):
    """From now on any read from Redis fails the test."""

    def refused(*args, **kwargs):
        raise AssertionError("asked Redis")

    monkeypatch.setattr(caches["default"], "get_many", refused)


@needs_redis
def test_a_page_fetched_once_is_served_without_asking_redis(client, copies, monkeypatch):
    question = answered_question(title="Copied page title")
    url = question.get_absolute_url()
    rendered = client.get(url)  # rendered and stored in Redis
    fetched = client.get(url)  # fetched from Redis and kept
    refuse_redis(monkeypatch)
    served = client.get(url)
    assert served.status_code == 200
    assert served.content == fetched.content == rendered.content
    assert served["ETag"] == rendered["ETag"]
    assert client.get(url, headers={"If-None-Match": served["ETag"]}).status_code == 304
    other_slug = client.get(f"/questions/{question.pk}/another-slug/")
    assert other_slug.status_code == 301  # a copy is for its own address only


@needs_redis
def test_publishing_a_reply_drops_the_copy_here_at_once(
    client, copies, django_capture_on_commit_callbacks
):
    question = answered_question()
    url, key = copied_page(client, question)
    assert copies.get(key) is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(doctor=DoctorFactory(), question=question, body="Second opinion.")
    assert copies.get(key) is None
    assert "Second opinion." in client.get(url).content.decode()


@needs_redis
def test_a_change_announced_by_another_process_drops_the_copy(client, copies):
    url, key = copied_page(client)
    _, other_key = copied_page(client)

    announce_from_another_process(copies, f"keys\n{key}")
    wait_for(lambda: copies.get(key) is None)
    assert copies.get(other_key) is not None  # only the page named

    announce_from_another_process(copies, "*")  # a new generation: every page
    wait_for(lambda: copies.get(other_key) is None)


@needs_redis
def test_a_copy_fetched_before_a_change_is_not_kept(copies):
    seen = copies.changes()
    copies.drop(["page:somewhere"])  # an announcement arrives while the value is fetched
    copies.put("page:somewhere", "old page", time.time() + 60, seen)
    assert copies.get("page:somewhere") is None
    copies.put("page:somewhere", "new page", time.time() + 60, copies.changes())
    assert copies.get("page:somewhere") == "new page"


@needs_redis
def test_copies_expire_with_the_page_and_are_bounded_in_bytes(copies):
    copies.put("page:expired", "old", time.time() - 1, copies.changes())
    assert copies.get("page:expired") is None
    size = copies.max_bytes // 10
    for number in range(15):
        copies.put(f"page:{number}", number, time.time() + 60, copies.changes(), size=size)
    assert copies.get("page:0") is None  # the least recently used went first
    assert copies.get("page:14") == 14
    assert copies._bytes <= copies.max_bytes and len(copies._entries) == 10
    copies.put("page:huge", "x", time.time() + 60, copies.changes(), size=copies.max_bytes + 1)
    assert copies.get("page:huge") is None


@needs_redis
def test_forgetting_a_page_announces_it_even_while_redis_calls_back_off(client, copies):
    """The deletion and the announcement are one MULTI, tried even during the back-off
    after a failure: other workers must not keep a page Redis no longer has."""
    question = answered_question()
    listener = redis.Redis.from_url(LOCATION).pubsub()
    listener.subscribe(copies.channel)
    assert listener.get_message(timeout=1)["type"] == "subscribe"
    caches["default"]._down_until = time.monotonic() + 60  # as after a failed call
    try:
        forget_question(question.pk)
        pagecache.retire_all()
    finally:
        caches["default"]._down_until = 0.0
    first = listener.get_message(timeout=1)
    assert first["type"] == "message"
    assert first["data"].decode().split("\n")[1:] == [
        pagecache.page_key("question", question.pk, code) for code, _name in settings.LANGUAGES
    ]
    assert listener.get_message(timeout=1)["data"] == b"*"
    listener.close()


@needs_redis
def test_a_generation_changed_without_an_announcement_drops_the_copies(client, copies, monkeypatch):
    """The safety net: what an older version of the site does during a deploy (bump the
    generation without announcing it) drops every copy within a ping."""
    monkeypatch.setattr(copies, "PING_EVERY", 0.2)
    url, key = copied_page(client)
    time.sleep(0.5)  # the listener has read the generation once
    assert copies.get(key) is not None
    generation_key = caches["default"].make_and_validate_key(pagecache.GENERATION_KEY)
    redis.Redis.from_url(LOCATION).incr(generation_key)
    wait_for(lambda: copies.get(key) is None)


@needs_redis
def test_the_generation_is_kept_only_when_it_came_from_redis(copies):
    cache = caches["default"]
    cache._down_until = time.monotonic() + 60  # Redis did not answer a moment ago
    try:
        assert pagecache.generation() == 0  # the default given while Redis is away
        assert copies.get(pagecache.GENERATION_KEY) is None  # and not kept
    finally:
        cache._down_until = 0.0
    before = copies.changes()
    pagecache.retire_all()
    wait_for(lambda: copies.changes() >= before + 2)  # dropped here, then heard back
    current = pagecache.generation()
    assert current > 1
    assert copies.get(pagecache.GENERATION_KEY) == current


@needs_redis
def test_a_page_about_to_be_stored_renders_with_the_generation_it_is_stored_under(rf, copies):
    request = rf.get("/")
    request.page_cache_entry = pagecache.PageEntry("question", 1, "slug", "en", 41)
    assert pagecache.generation(request) == 41


@needs_redis
def test_a_forked_process_starts_with_no_copies_and_its_own_lock(copies):
    copies.put("page:parent", "page", time.time() + 60, copies.changes())
    copies._lock.acquire()  # held by a thread that will not exist in the child
    from machinery import redis_cache

    redis_cache._reset_after_fork()  # what os.fork runs in the child
    assert copies._lock.acquire(timeout=1)
    copies._lock.release()
    assert not copies._entries and copies._pid is None
    wait_for(copies.live)  # its own listener, started on first use


@needs_redis
def test_copies_are_not_used_while_the_listener_has_not_heard_from_redis(
    client, copies, monkeypatch
):
    """A listener whose connection went quiet may have missed an announcement: until it
    hears from Redis again, pages come from Redis."""
    url, key = copied_page(client)
    monkeypatch.setattr(copies, "SILENT_AFTER", 0)  # whatever it last heard is too old
    assert not copies.live()
    assert copies.get(key) is None
    calls = []
    original = caches["default"].get_many
    monkeypatch.setattr(
        caches["default"], "get_many", lambda keys: calls.append(keys) or original(keys)
    )
    assert client.get(url).status_code == 200
    assert calls  # asked Redis


@needs_redis
def test_a_lost_connection_drops_every_copy_until_the_listener_is_back(client, copies):
    url, key = copied_page(client)
    assert copies.get(key) is not None
    killer = redis.Redis.from_url(LOCATION)
    for entry in killer.client_list():  # what a Redis restart does to the listener
        if entry.get("name") == copies.client_name:
            killer.client_kill_filter(_id=entry["id"])
    wait_for(lambda: not copies._subscribed)
    assert copies.get(key) is None
    wait_for(copies.live)  # it reconnects by itself
    assert copies.get(key) is None  # and starts empty: announcements may have been missed
    assert client.get(url).status_code == 200


@needs_redis
def test_without_redis_there_are_no_copies(settings):
    assert pagecache.copies() is None  # the tests' default cache is in process memory
