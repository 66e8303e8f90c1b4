"""Which requests read from a replica (qa_portal.replicas, machinery.replicas): anonymous
public pages do; people logged in, clients that just wrote, private pages and writes never
do; a replica down, lagging or failing mid-request costs no error."""

import logging
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from machinery import pagecache, replicas
from tests.factories import (
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    UserFactory,
    answered_question,
)
from tests.replica_world import ALIAS, broken_replica_fixture, replica_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

PRIMARY = "default"


@pytest.fixture
def archive():
    department = DepartmentFactory(name="Neurology")
    question = answered_question(department=department)
    topic = FAQTopicFactory(name="Sleep", department=department)
    question.topics.add(topic)
    doctor = question.replies.get().doctor
    return {"question": question, "department": department, "topic": topic, "doctor": doctor}


def public_urls(archive) -> list[str]:
    question, department = archive["question"], archive["department"]
    return [
        reverse("home"),
        question.get_absolute_url(),
        reverse("questions:department-list"),
        department.get_absolute_url(),
        reverse("questions:topic-list"),
        reverse("questions:topic-detail", args=[archive["topic"].slug]),
        reverse("questions:doctor-detail", args=[archive["doctor"].slug]),
        reverse("questions:search") + "?q=sleep",
        reverse("questions:api-list"),
        reverse("questions:api-detail", args=[question.pk]),
        reverse("questions:feed-latest"),
        reverse("questions:feed-department", args=[department.slug]),
        reverse("sitemap"),
        reverse("sitemap-section", args=["questions"]),
    ]


def test_anonymous_public_pages_read_from_the_replica(client, settings, replica, archive):
    """Every anonymous public page (home, question, department, topic, doctor, search, the
    API, feeds, sitemaps) reads from the replica only."""
    settings.PAGE_CACHE_SECONDS = 0
    for url in public_urls(archive):
        replica.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        assert replica.reads and set(replica.reads) == {ALIAS}, url
        assert replicas.READ_YOUR_WRITES_COOKIE not in response.cookies


@pytest.mark.parametrize("role", ["patient", "doctor", "staff"])
def test_people_logged_in_read_from_the_primary(client, settings, replica, archive, role):
    """A patient, a doctor or staff reading public pages reads from the primary."""
    settings.PAGE_CACHE_SECONDS = 0
    if role == "doctor":
        user = DoctorFactory(department=archive["department"]).user
    else:
        user = UserFactory(is_staff=role == "staff")
    client.force_login(user)
    for url in public_urls(archive)[:4]:
        replica.clear()
        assert client.get(url).status_code == 200
        assert set(replica.reads) == {PRIMARY}, url


def test_private_pages_and_the_health_check_read_from_the_primary(client, replica, archive):
    """Pages not on the list (log-in, ask, the report form, the health check) read from
    the primary, even for an anonymous reader."""
    urls = [
        reverse("login"),
        reverse("healthz"),
        reverse("questions:report", args=[archive["question"].pk]),
        reverse("questions:reply-helped", args=[archive["question"].replies.get().pk]),
    ]
    for url in urls:
        replica.clear()
        assert client.get(url).status_code == 200, url
        assert ALIAS not in replica.reads, url  # (the log-in page and /healthz read none)


def test_a_write_sets_the_read_your_writes_cookie(client, replica, archive):
    """An anonymous reader who reports a Q&A reads from the primary, and gets a short-lived
    cookie: HttpOnly, SameSite=Lax, for READ_YOUR_WRITES_SECONDS."""
    url = reverse("questions:report", args=[archive["question"].pk])
    response = client.post(url, {"reason": "wrong", "text": "This is out of date."})
    assert response.status_code == 200
    assert set(replica.reads) == {PRIMARY}
    cookie = response.cookies[replicas.READ_YOUR_WRITES_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and not cookie["secure"]
    # Over HTTPS it is Secure.
    response = client.post(url, {"reason": "wrong", "text": "Again."}, secure=True)
    assert response.cookies[replicas.READ_YOUR_WRITES_COOKIE]["secure"]


def test_the_client_that_wrote_reads_from_the_primary(client, settings, replica, archive):
    """After a write, the same client's public pages come from the primary until the cookie
    expires; then from the replica again."""
    settings.PAGE_CACHE_SECONDS = 0
    reply = archive["question"].replies.get()
    assert client.post(reverse("questions:reply-helped", args=[reply.pk])).status_code == 200
    replica.clear()
    page = client.get(archive["question"].get_absolute_url())
    assert page.status_code == 200 and set(replica.reads) == {PRIMARY}
    client.cookies.pop(replicas.READ_YOUR_WRITES_COOKIE)  # what the browser does at max-age
    replica.clear()
    client.get(archive["question"].get_absolute_url())
    assert set(replica.reads) == {ALIAS}


@pytest.mark.parametrize(
    "value",
    ["1", "", "forged", "0", "1:expired:long-ago", "x" * 4000, "replica_1"],
)
def test_a_forged_cookie_gets_nothing_but_primary_reads(client, settings, replica, archive, value):
    """Whatever a client puts in the read-your-writes cookie (garbage, an old value, the
    name of a replica), its reads go to the primary: the site never reads the value."""
    settings.PAGE_CACHE_SECONDS = 0
    client.cookies[replicas.READ_YOUR_WRITES_COOKIE] = value
    for url in public_urls(archive)[:3]:
        replica.clear()
        assert client.get(url).status_code == 200
        assert set(replica.reads) == {PRIMARY}, (value, url)


def test_reads_after_a_write_in_the_same_request_go_to_the_primary(
    client, settings, replica, archive
):
    """A page that writes (a question page flushing its view counts) reads what follows
    from the primary."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.VIEW_COUNT_FLUSH_EVERY = 1
    replica.clear()
    client.get(archive["question"].get_absolute_url())
    first_write = replica.reads.index(PRIMARY)
    assert first_write > 0 and set(replica.reads[:first_write]) == {ALIAS}
    assert set(replica.reads[first_write:]) == {PRIMARY}


def test_a_question_page_stored_in_the_page_cache_is_rendered_on_the_primary(
    client, settings, replica, archive
):
    """The page cache keeps a page for minutes: it is rendered from the primary, never from
    a replica that could still be behind the change that made the page new."""
    settings.PAGE_CACHE_SECONDS = 600
    url = archive["question"].get_absolute_url()
    replica.clear()
    assert client.get(url).status_code == 200
    assert set(replica.reads) == {PRIMARY}
    replica.clear()
    assert client.get(url).status_code == 200  # from the cache: no read at all
    assert replica.reads == []


def test_pages_just_after_a_change_are_rendered_on_the_primary(
    client, settings, replica, archive, monkeypatch
):
    """Right after a change retires every cached page and fragment, what is rendered is
    kept for the new generation (Similar Q&A for an hour): until a replica within the lag
    limit has caught up, pages read from the primary; then from the replica again."""
    settings.PAGE_CACHE_SECONDS = 0
    url = archive["department"].get_absolute_url()
    pagecache.retire_all()
    replica.clear()
    assert client.get(url).status_code == 200
    assert set(replica.reads) == {PRIMARY}
    later = time.time() + settings.REPLICA_MAX_LAG_SECONDS + 2
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    replica.clear()
    assert client.get(url).status_code == 200
    assert set(replica.reads) == {ALIAS}


def test_no_replica_no_cookie(client, settings, archive):
    """Without replicas nothing changes: no cookie, every read on the primary."""
    settings.DATABASE_REPLICAS = []
    url = reverse("questions:report", args=[archive["question"].pk])
    response = client.post(url, {"reason": "wrong", "text": "This is out of date."})
    assert replicas.READ_YOUR_WRITES_COOKIE not in response.cookies


def test_a_replica_down_is_skipped_then_taken_back(client, settings, replica, archive, caplog):
    """A replica that does not answer is skipped (pages still 200, from the primary), said
    once in the log; when it answers again it is used again, said once too."""
    settings.PAGE_CACHE_SECONDS = 0
    replica.down = True
    with caplog.at_level(logging.INFO, logger="machinery.replicas"):
        for _ in range(3):
            replica.clear()
            assert client.get(reverse("home")).status_code == 200
            assert set(replica.reads) == {PRIMARY}
        assert replica.checks == 1  # not checked again before RETRY_SECONDS
        replica.down = False
        replica.due()
        replica.clear()
        assert client.get(reverse("home")).status_code == 200
        assert set(replica.reads) == {ALIAS}
    messages = [record.getMessage() for record in caplog.records]
    assert sum("skipped: it does not answer" in message for message in messages) == 1
    assert sum("is back" in message for message in messages) == 1


def test_a_lagging_replica_is_skipped(client, settings, replica, archive, caplog):
    """A replica further behind than REPLICA_MAX_LAG_SECONDS (or by an unknown time) is
    skipped, and taken back once it has caught up."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.REPLICA_MAX_LAG_SECONDS = 5
    for lag in (5.5, None):
        replica.lag = lag
        replica.due()
        replica.clear()
        assert client.get(reverse("home")).status_code == 200
        assert set(replica.reads) == {PRIMARY}
    assert "behind the primary (more than 5 s)" in caplog.text
    replica.lag = 4.9
    replica.due()
    replica.clear()
    client.get(reverse("home"))
    assert set(replica.reads) == {ALIAS}


def test_a_replica_failing_under_a_request_is_answered_from_the_primary(
    client, settings, broken_replica, archive, caplog
):
    """A replica that the last check found well but fails when the page reads: the page is
    served again from the primary (200, not 503); the replica is checked and skipped."""
    settings.PAGE_CACHE_SECONDS = 0
    department_url = archive["department"].get_absolute_url()
    for url in (reverse("home"), department_url, reverse("questions:topic-list")):
        replicas.forget_states()
        broken_replica.well_checks = 1  # well at the first check, down at the next
        broken_replica.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        assert broken_replica.reads[0] == ALIAS and broken_replica.reads[-1] == PRIMARY
        assert replicas.replica(ALIAS).state == replicas.DOWN
    assert "answered from the primary" in caplog.text
    assert "skipped: it does not answer" in caplog.text


def test_a_failing_primary_still_answers_503(
    client, settings, monkeypatch, broken_replica, archive
):
    """With the replica skipped and the primary down too, a page is the 503, as without
    replicas."""
    settings.PAGE_CACHE_SECONDS = 0
    broken_replica.down = True

    def refuse(*args, **kwargs):
        raise OperationalError("the primary is down too")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    assert client.get(reverse("home")).status_code == 503


def test_healthz_reports_each_replica_without_failing(client, replica):
    """/healthz: each replica's state and lag; a replica down is reported, not a failure."""
    replica.lag = 0.25
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "replicas": {ALIAS: {"state": "up", "lag_seconds": 0.25}},
    }
    replica.down = True
    replica.due()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["replicas"] == {ALIAS: {"state": "down", "lag_seconds": None}}


def test_public_pages_cost_the_same_queries_on_a_replica(
    client, settings, replica, archive, django_assert_num_queries
):
    """Reading from a replica adds no query to a page (the health check uses a connection
    of its own, and is not due on every request)."""
    settings.PAGE_CACHE_SECONDS = 0
    url = archive["department"].get_absolute_url()
    client.get(url)  # fills the cached fragments
    settings.DATABASE_REPLICAS = []
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    settings.DATABASE_REPLICAS = [ALIAS]
    replica.clear()
    with django_assert_num_queries(len(without.captured_queries)):
        client.get(url)
    assert set(replica.reads) == {ALIAS}


def test_outside_a_request_everything_is_on_the_primary(replica):
    """Tasks, management commands and the shell read from the primary."""
    router = replicas.ReplicaRouter()
    assert router.db_for_read(AnonymousUser) == PRIMARY
