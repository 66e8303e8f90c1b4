"""Each worker's copies of cached question pages (qa_portal.redis_cache.LocalCopies): used
without a round trip to Redis, and dropped whenever any process announces a change."""

import time
import uuid

import pytest
import redis
from django.core.cache import caches

from questions import pagecache, services
from tests.factories import DoctorFactory, answered_question
from tests.qa_portal.test_redis_cache import redis_is_up

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379 (CI starts it)"),
]
LOCATION = "redis://127.0.0.1:6379/14"


@pytest.fixture
def copies(settings):
    """Redis as the page cache, with a key prefix of its own so that each test has its own
    channel and its own copies."""
    settings.CACHES = {
        "default": {
            "BACKEND": "qa_portal.redis_cache.RedisCache",
            "LOCATION": LOCATION,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}",
        },
        "fragments": settings.CACHES["fragments"],
    }
    settings.PAGE_CACHE_SECONDS = 600
    settings.PAGE_COPIES = 50
    local = pagecache._copies()
    wait_for(local.live)  # the listener subscribes in the background
    return local


def wait_for(condition, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def announce_from_another_process(local, message: str) -> None:
    redis.Redis.from_url(LOCATION).publish(local.channel, message)


def refuse_redis(monkeypatch):
    """From now on any read from Redis fails the test."""

    def refused(*args, **kwargs):
        raise AssertionError("asked Redis")

    monkeypatch.setattr(caches["default"], "get_many", refused)


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


def test_publishing_a_reply_drops_the_copy_here_at_once(
    client, copies, django_capture_on_commit_callbacks
):
    question = answered_question()
    url = question.get_absolute_url()
    client.get(url)
    client.get(url)
    key = pagecache._page_key(question.pk, "en")
    assert copies.get(key) is not None
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(doctor=DoctorFactory(), question=question, body="Second opinion.")
    assert copies.get(key) is None
    assert "Second opinion." in client.get(url).content.decode()


def test_a_change_announced_by_another_process_drops_the_copy(client, copies):
    question = answered_question()
    url = question.get_absolute_url()
    client.get(url)
    client.get(url)
    key = pagecache._page_key(question.pk, "en")
    other = answered_question()
    client.get(other.get_absolute_url())
    client.get(other.get_absolute_url())
    other_key = pagecache._page_key(other.pk, "en")

    announce_from_another_process(copies, f"keys\n{key}")
    wait_for(lambda: copies.get(key) is None)
    assert copies.get(other_key) is not None  # only the page named

    announce_from_another_process(copies, "*")  # a new generation: every page
    wait_for(lambda: copies.get(other_key) is None)


def test_a_copy_fetched_before_a_change_is_not_kept(copies):
    seen = copies.changes()
    copies.announce(caches["default"], ["page:somewhere"])  # arrives while fetching
    copies.put("page:somewhere", "old page", time.time() + 60, seen)
    assert copies.get("page:somewhere") is None
    copies.put("page:somewhere", "new page", time.time() + 60, copies.changes())
    assert copies.get("page:somewhere") == "new page"


def test_copies_expire_with_the_page_and_are_bounded(copies, settings):
    copies.put("page:expired", "old", time.time() - 1, copies.changes())
    assert copies.get("page:expired") is None
    for number in range(copies.max_entries + 5):
        copies.put(f"page:{number}", number, time.time() + 60, copies.changes())
    assert copies.get("page:0") is None  # the least recently used went first
    assert copies.get(f"page:{copies.max_entries + 4}") == copies.max_entries + 4
    assert len(copies._entries) == copies.max_entries


def test_copies_are_not_used_while_the_listener_has_not_heard_from_redis(
    client, copies, monkeypatch
):
    """A listener whose connection went quiet may have missed an announcement: until it
    hears from Redis again, pages come from Redis."""
    question = answered_question()
    url = question.get_absolute_url()
    client.get(url)
    client.get(url)
    monkeypatch.setattr(copies, "_heard_at", time.monotonic() - copies.SILENT_AFTER - 1)
    assert not copies.live()
    assert copies.get(pagecache._page_key(question.pk, "en")) is None
    calls = []
    original = caches["default"].get_many
    monkeypatch.setattr(
        caches["default"], "get_many", lambda keys: calls.append(keys) or original(keys)
    )
    assert client.get(url).status_code == 200
    assert calls  # asked Redis


def test_a_lost_connection_drops_every_copy_until_the_listener_is_back(client, copies):
    question = answered_question()
    url = question.get_absolute_url()
    client.get(url)
    client.get(url)
    key = pagecache._page_key(question.pk, "en")
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


def test_without_redis_there_are_no_copies(settings):
    settings.PAGE_COPIES = 50
    assert pagecache._copies() is None  # the tests' default cache is in process memory
