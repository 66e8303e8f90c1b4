"""/metrics: the access rule (allowed addresses or the bearer token, a 404 to anyone else),
the scrape's fixed number of queries, and what it shows: requests, database errors, the
questions waiting in each queue and the background tasks waiting."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from machinery import metrics
from questions.models import Question
from tests.factories import AnsweredQuestionFactory, DepartmentFactory, QuestionFactory
from tests.machinery.test_metrics import sample

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.5"
NAMES = (
    "qa_portal_requests_total",
    "qa_portal_request_duration_seconds",
    "qa_portal_questions_waiting",
    "qa_portal_questions_waiting_oldest_seconds",
    "qa_portal_triage_questions_waiting",
    "qa_portal_tasks_waiting",
)


@pytest.fixture(autouse=True)
def _no_token(settings):
    settings.METRICS_TOKEN = ""


def scrape(**client_options):
    return Client(**client_options).get(reverse("metrics"))


def test_an_allowed_address_gets_the_metrics_never_cached():
    """From 127.0.0.1 (the test client's address, allowed by default): 200, the text
    format, the metric names, not stored by any cache, not indexed."""
    Client().get(reverse("home"))  # something counted
    response = scrape()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    text = response.content.decode()
    for name in NAMES:
        assert f"\n# TYPE {name} " in text, name


def test_another_address_gets_a_404_like_any_unknown_address(settings):
    """The endpoint does not reveal itself: the site's ordinary 404, for GET and POST."""
    response = scrape(REMOTE_ADDR=OUTSIDE)
    assert response.status_code == 404
    assert b"qa_portal_requests_total" not in response.content
    refused = Client(REMOTE_ADDR=OUTSIDE, enforce_csrf_checks=True)
    assert refused.post(reverse("metrics")).status_code == 404  # not the CSRF refusal
    ordinary = Client(REMOTE_ADDR=OUTSIDE).get("/metricz")  # the page names the address
    assert response.content.replace(b"/metrics", b"/metricz") == ordinary.content


def test_only_get_and_head_from_an_allowed_address():
    assert Client().head(reverse("metrics")).status_code == 200
    assert Client(enforce_csrf_checks=True).post(reverse("metrics")).status_code == 405


def test_the_right_token_opens_it_from_another_address(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    response = scrape(REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    assert b"qa_portal_requests_total" in response.content


def test_a_wrong_token_gets_a_404(settings):
    settings.METRICS_TOKEN = "s3cret-token"
    assert scrape(REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer guess").status_code == 404
    assert scrape(REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="s3cret-token").status_code == 404


def test_without_a_token_configured_no_token_opens_it():
    """QA_PORTAL_METRICS_TOKEN empty (the default): token access is off."""
    assert scrape(REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert scrape(REMOTE_ADDR=OUTSIDE, HTTP_AUTHORIZATION="Bearer x").status_code == 404


def test_an_allowed_network_from_the_setting(settings):
    settings.METRICS_ALLOWED_IPS = "10.0.0.0/8,not-a-network"
    assert scrape(REMOTE_ADDR="10.9.8.7").status_code == 200
    assert scrape(REMOTE_ADDR="127.0.0.1").status_code == 404


def test_through_an_undeclared_proxy_the_address_does_not_open_it():
    """A proxy beside gunicorn makes every client 127.0.0.1; its X-Forwarded-For shows it."""
    assert scrape(HTTP_X_FORWARDED_FOR=OUTSIDE).status_code == 404


def test_scraped_over_plain_http_without_the_https_redirect(settings):
    """Prometheus scrapes each machine's gunicorn directly: /metrics is not redirected to
    HTTPS, while the pages are."""
    settings.SECURE_SSL_REDIRECT = True
    assert scrape().status_code == 200
    assert Client().get(reverse("home")).status_code == 301


def test_the_scrape_costs_a_fixed_number_of_queries(django_assert_num_queries):
    """Departments, their queues, triage, tasks: four queries whatever the data."""
    for index in range(3):
        department = DepartmentFactory()
        QuestionFactory.create_batch(index + 1, department=department)
    QuestionFactory(department=None, status=Question.Status.TRIAGE)
    with django_assert_num_queries(4):
        assert scrape().status_code == 200


def test_the_scrape_does_not_count_itself():
    counted = metrics.COUNTED.get_sample_value
    scrape()
    assert counted("qa_portal_requests_total", {"view": "metrics", "status": "200"}) is None


def test_a_cached_question_page_is_counted_as_the_question_page(client):
    """A page served from the cache, before any URL is resolved, counts as its view."""
    question = AnsweredQuestionFactory()
    labels = {"view": "questions:detail", "status": "200"}
    before = metrics.COUNTED.get_sample_value("qa_portal_requests_total", labels) or 0
    client.get(question.get_absolute_url())  # rendered and stored
    client.get(question.get_absolute_url())  # from the cache
    assert metrics.COUNTED.get_sample_value("qa_portal_requests_total", labels) == before + 2


def test_a_database_outage_is_counted():
    """A view that cannot reach the database: a 503, and one OperationalError counted."""
    labels = {"error": "OperationalError"}
    before = sample(scrape().content, "qa_portal_database_errors_total", labels) or 0
    down = OperationalError('connection to server at "127.0.0.1", port 5432 failed')
    with mock.patch.object(connection, "ensure_connection", side_effect=down):
        assert Client().get(reverse("home")).status_code == 503
        assert Client().get(reverse("healthz")).status_code == 503
    assert sample(scrape().content, "qa_portal_database_errors_total", labels) == before + 2
    counted = {"view": "home", "status": "503"}
    assert sample(scrape().content, "qa_portal_requests_total", counted) >= 1


def test_queue_lengths_per_department_and_triage():
    """Open questions per department (0 for a department with none), the oldest's wait,
    and triage; answered questions wait in no queue."""
    busy, quiet = DepartmentFactory(slug="neurology"), DepartmentFactory(slug="psychiatry")
    QuestionFactory(department=busy, asked_at=timezone.now() - timedelta(hours=2))
    QuestionFactory(department=busy)
    AnsweredQuestionFactory(department=busy)
    AnsweredQuestionFactory(department=quiet)
    QuestionFactory(department=None, status=Question.Status.TRIAGE)
    body = scrape().content
    assert sample(body, "qa_portal_questions_waiting", {"department": "neurology"}) == 2
    assert sample(body, "qa_portal_questions_waiting", {"department": "psychiatry"}) == 0
    oldest = sample(body, "qa_portal_questions_waiting_oldest_seconds", {"department": "neurology"})
    assert 2 * 3600 <= oldest < 3 * 3600
    assert sample(body, "qa_portal_questions_waiting_oldest_seconds",
                  {"department": "psychiatry"}) == 0  # fmt: skip
    assert sample(body, "qa_portal_triage_questions_waiting") == 1
    assert sample(body, "qa_portal_triage_waiting_oldest_seconds") >= 0


def _task(**fields) -> DBTaskResult:
    return DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {"question_id": 1}},
        task_path="questions.doctor_emails.send_priority_emails",
        backend_name="default",
        **{"run_after": get_date_max(), **fields},
    )


def test_tasks_waiting_for_a_worker():
    """Ready tasks due now, by queue; a task for later, a running or a finished one is not
    waiting. The configured queue shows 0 when empty."""
    assert sample(scrape().content, "qa_portal_tasks_waiting", {"queue": "default"}) == 0
    _task()
    _task()
    _task(run_after=timezone.now() + timedelta(hours=1))
    _task(status="RUNNING")
    _task(status="SUCCESSFUL")
    body = scrape().content
    assert sample(body, "qa_portal_tasks_waiting", {"queue": "default"}) == 2
    assert sample(body, "qa_portal_tasks_waiting_oldest_seconds", {"queue": "default"}) >= 0
