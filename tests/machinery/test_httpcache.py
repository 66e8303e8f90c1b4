"""machinery.httpcache: which responses a shared HTTP cache may keep, and the purges the
site sends it after a change."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from machinery import httpcache
from questions import changes, services
from questions.models import Reply
from tests.factories import DoctorFactory, FAQTopicFactory, UserFactory, answered_question

pytestmark = pytest.mark.django_db


def _directives(response) -> dict:
    found = {}
    for part in response.get("Cache-Control", "").split(","):
        if part.strip():
            name, _, value = part.strip().partition("=")
            found[name.lower()] = value
    return found


def _shared(response) -> bool:
    return "public" in _directives(response) and "s-maxage" in _directives(response)


@pytest.fixture(autouse=True)
def _shared_cache(settings):
    settings.SHARED_CACHE_SECONDS = 600
    settings.PAGE_CACHE_SECONDS = 600
    settings.CACHE_PURGE_URLS = []


# Pages ----------------------------------------------------------------------------------


def test_an_anonymous_question_page_may_be_kept_by_a_shared_cache(client):
    """public, s-maxage, stale-while-revalidate, a browser minute, Vary on the language and
    the cookies, and the tags that purge it."""
    question = answered_question()
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    directives = _directives(response)
    assert "public" in directives
    assert directives["s-maxage"] == "600"
    assert directives["max-age"] == "0"  # browsers ask again (a 304 when unchanged)
    assert directives["stale-while-revalidate"] == "30"
    assert not {"private", "no-store", "no-cache"} & set(directives)
    vary = {part.strip().lower() for part in response["Vary"].split(",")}
    assert {"accept-language", "cookie"} <= vary
    assert response["X-Cache-Tags"].split() == ["all", f"q-{question.pk}"]


def test_a_page_served_from_the_page_cache_keeps_its_shared_headers(
    client, django_assert_num_queries
):
    """A hit of the in-app page cache replays the headers the page was stored with."""
    question = answered_question()
    url = question.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        hit = client.get(url)
    assert hit.content == first.content
    for header in ("Cache-Control", "Vary", "X-Cache-Tags"):
        assert hit[header] == first[header]
    assert _shared(hit)
    not_modified = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert not_modified.status_code == 304 and _shared(not_modified)


def test_a_short_question_address_redirect_is_shared_with_the_questions_tag(client):
    """/questions/<id>/ redirects for good to the canonical address: shareable, and purged
    with the question."""
    question = answered_question()
    response = client.get(reverse("questions:detail-short", args=[question.pk]))
    assert response.status_code == 301
    assert _shared(response) and f"q-{question.pk}" in response["X-Cache-Tags"].split()


@pytest.mark.parametrize(
    "name",
    [
        "home",
        "robots",
        "sitemap",
        "questions:department-list",
        "questions:department-detail",
        "questions:topic-list",
        "questions:topic-detail",
        "questions:doctor-detail",
        "questions:feed-latest",
        "questions:feed-department",
        "questions:feed-topic-atom",
    ],
)
def test_public_pages_are_shared_with_anonymous_readers(client, name):
    """Home, robots.txt, sitemaps, department, topic and doctor pages and feeds."""
    question = answered_question()
    reply = Reply.objects.get(question=question)
    topic = FAQTopicFactory(department=question.department)
    args = {
        "questions:department-detail": [question.department.slug],
        "questions:topic-detail": [topic.slug],
        "questions:doctor-detail": [reply.doctor.slug],
        "questions:feed-department": [question.department.slug],
        "questions:feed-topic-atom": [topic.slug],
    }.get(name, [])
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert _shared(response)
    assert "all" in response["X-Cache-Tags"].split()


def test_the_same_question_page_for_a_logged_in_reader_is_never_shared(client):
    """Logged in: private, no-store, no tags, whoever it is."""
    question = answered_question()
    client.get(question.get_absolute_url())  # cached for anonymous readers
    client.force_login(UserFactory())
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200
    assert not _shared(response) and "X-Cache-Tags" not in response
    assert {"private", "no-store"} <= set(_directives(response))


def test_a_session_cookie_alone_makes_a_page_private(client, settings):
    """A session cookie (even one that no longer logs anyone in) may change the page."""
    question = answered_question()
    client.cookies[settings.SESSION_COOKIE_NAME] = "expired-session"
    response = client.get(question.get_absolute_url())
    assert response.status_code == 200 and not _shared(response)


@pytest.mark.parametrize("path", ["/ask/", "/accounts/login/", "/admin/", "/search/?q=sleep"])
def test_forms_the_admin_and_pages_off_the_list_are_never_shared(client, path):
    """Pages with a form token, the admin and pages not on the list keep their headers."""
    answered_question()
    response = client.get(path, follow=True)
    assert not _shared(response) and "X-Cache-Tags" not in response


def test_the_report_form_is_never_shared(client):
    """The report form carries a CSRF token: never shared, even for an anonymous reader."""
    question = answered_question()
    response = client.get(reverse("questions:report", args=[question.pk]))
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.content.decode()
    assert not _shared(response)


def _answer(path, response, *, user=None, meta=None):
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    request.META.update(meta or {})
    if user is not None:
        request.user = user
    return httpcache.shared_tags(request, response)


def test_a_response_setting_a_cookie_or_using_a_csrf_token_is_never_shared():
    """A 200 with Set-Cookie, or whose page used a CSRF token, is one reader's."""
    plain = HttpResponse("page")
    assert _answer("/", plain) == ["all", "lists"]
    with_cookie = HttpResponse("page")
    with_cookie.set_cookie("anything", "1")
    assert _answer("/", with_cookie) is None
    assert _answer("/", HttpResponse("page"), meta={"CSRF_COOKIE_NEEDS_UPDATE": True}) is None
    private = HttpResponse("page", headers={"Cache-Control": "private"})
    assert _answer("/", private) is None
    assert _answer("/", HttpResponse("error", status=500)) is None


def test_no_page_is_shared_when_the_setting_is_zero(client, settings):
    """QA_PORTAL_SHARED_CACHE_SECONDS=0: today's headers, nothing public."""
    settings.SHARED_CACHE_SECONDS = 0
    question = answered_question()
    response = client.get(question.get_absolute_url())
    assert not _shared(response) and "X-Cache-Tags" not in response


# Purges ---------------------------------------------------------------------------------


class _Cache(BaseHTTPRequestHandler):
    def do_BAN(self):  # noqa: N802 (http.server's naming)
        self.server.received.append((self.command, self.path, self.headers.get("X-Cache-Tags")))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cache_server():
    """A stand-in for Varnish on a spare port, recording what it was sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Cache)
    server.received = []
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def closed_port_url():
    """The address of a cache that is down: nothing listens there."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_purge_is_a_ban_by_tags(cache_server, settings):
    """One BAN to each cache, with the tags in X-Cache-Tags."""
    settings.CACHE_PURGE_URLS = [cache_server.url]
    assert httpcache.purge_shared_cache.call(tags=["lists", "q-7"]) == 0
    assert cache_server.received == [("BAN", "/", "lists q-7")]


def test_a_cache_that_is_down_is_logged_and_raises_nothing(closed_port_url, settings, caplog):
    """Refused: a warning per attempt, no exception, and with the immediate backend (which
    runs inside the request) a single attempt."""
    settings.CACHE_PURGE_URLS = [closed_port_url]
    with caplog.at_level(logging.WARNING, logger="machinery.httpcache"):
        assert httpcache.purge_shared_cache.call(tags=["all"]) == 1
    failures = [record for record in caplog.records if "failed" in record.getMessage()]
    assert len(failures) == 1 and "attempt 1 of 3" in failures[0].getMessage()


def test_a_cache_answering_an_error_counts_as_down(cache_server, settings):
    cache_server.status = 403
    settings.CACHE_PURGE_URLS = [cache_server.url]
    assert httpcache.purge_shared_cache.call(tags=["all"]) == 1


def test_a_worker_retries_a_failed_purge_later_a_bounded_number_of_times(
    closed_port_url, cache_server, settings, caplog
):
    """With a backend that can defer (the database worker), only the caches that failed
    are tried again, later, up to three attempts in all; then it is given up, logged."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.CACHE_PURGE_URLS = [cache_server.url, closed_port_url]
    assert httpcache.purge_shared_cache.call(tags=["q-1"]) == 1
    retry = DBTaskResult.objects.get()
    assert retry.run_after is not None
    assert retry.args_kwargs["kwargs"] == {"tags": ["q-1"], "urls": [closed_port_url], "attempt": 2}
    retry.delete()
    assert httpcache.purge_shared_cache.call(tags=["q-1"], urls=[closed_port_url], attempt=2) == 1
    assert DBTaskResult.objects.count() == 1
    DBTaskResult.objects.all().delete()
    with caplog.at_level(logging.ERROR, logger="machinery.httpcache"):
        httpcache.purge_shared_cache.call(tags=["q-1"], urls=[closed_port_url], attempt=3)
    assert not DBTaskResult.objects.exists()
    assert any("given up" in record.getMessage() for record in caplog.records)
    assert len(cache_server.received) == 1  # the cache that answered was not asked again


def test_a_question_change_purges_its_page_and_the_lists_after_commit(
    cache_server, settings, django_capture_on_commit_callbacks
):
    """Nothing is sent before the transaction commits; then the question's tag and the
    lists', or "all" when what other pages list changed."""
    settings.CACHE_PURGE_URLS = [cache_server.url]
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        changes.question_changed(12, 3)
        assert cache_server.received == []
    assert callbacks
    assert cache_server.received == [("BAN", "/", "lists q-12 q-3")]
    with django_capture_on_commit_callbacks(execute=True):
        changes.question_changed(12, listed=True)
    with django_capture_on_commit_callbacks(execute=True):
        changes.archive_changed()
    assert [tags for _, _, tags in cache_server.received[1:]] == ["all", "all"]


def test_no_purge_without_purge_urls(cache_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        changes.question_changed(12)
    assert len(callbacks) == 1  # the in-app page cache's forget only
    assert cache_server.received == []


def test_a_cache_that_is_down_never_fails_a_write(
    closed_port_url, settings, django_capture_on_commit_callbacks
):
    """Publishing a reply with the cache down: the reply is saved and the page shows it."""
    settings.CACHE_PURGE_URLS = [closed_port_url]
    question = answered_question()
    doctor = DoctorFactory(department=question.department)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_reply(doctor=doctor, question=question, body="Second opinion.")
    assert Reply.objects.filter(question=question, doctor=doctor).exists()
    assert "Second opinion." in Client().get(question.get_absolute_url()).content.decode()
