"""While the database is down: 503 with Retry-After and a static page, /healthz says so,
and the next request after it is back is served normally."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse

from qa_portal import reliability
from tests.factories import UserFactory, answered_question

pytestmark = pytest.mark.django_db


def database_down(error=OperationalError):
    """Every new cursor fails as it does when PostgreSQL refuses connections."""
    return mock.patch.object(
        connection,
        "ensure_connection",
        side_effect=error('connection to server at "127.0.0.1", port 5432 failed'),
    )


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_pages_answer_503_while_the_database_is_down_then_recover(client, error):
    """An anonymous page, during the outage: 503, Retry-After, the static page; once the
    database answers again the same client gets the page, with nothing restarted."""
    question = answered_question()
    with database_down(error):
        response = client.get(question.get_absolute_url())
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    assert "The site is briefly unavailable" in text
    assert "Nothing you saved before is lost" in text
    assert response["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in response
    assert client.get(question.get_absolute_url()).status_code == 200


def test_logged_in_pages_and_forms_answer_503_too(settings):
    """A logged-in patient (the session itself is in the database) posting a question."""
    settings.PAGE_CACHE_SECONDS = 0
    client = Client()
    client.force_login(UserFactory())
    with database_down():
        assert client.get(reverse("questions:my-questions")).status_code == 503
        assert client.post(reverse("questions:ask"), {"title": "x"}).status_code == 503
    assert client.get(reverse("questions:my-questions")).status_code == 200


def test_healthz_says_unavailable_with_retry_after(client):
    with database_down():
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert int(response["Retry-After"]) > 0
    assert client.get(reverse("healthz")).status_code == 200


def test_the_503_page_needs_no_database(django_assert_num_queries):
    """The page is built without a query (no context processor, no session, no user)."""
    with django_assert_num_queries(0), database_down():
        response = reliability.database_unavailable()
    assert response.status_code == 503
    assert b"The site is briefly unavailable" in response.content


def test_a_database_error_outside_a_view_is_a_503_too():
    """handler500 tells a database error (raised by a middleware) from other errors."""
    request = RequestFactory().get("/")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        response = reliability.server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("a bug")
    except ValueError:
        response = reliability.server_error(request)
    assert response.status_code == 500


def test_other_errors_stay_500(client):
    """Only database connection errors become 503: a bug is still a 500."""
    client.raise_request_exception = False
    with mock.patch("qa_portal.views.department_counts", side_effect=ValueError("a bug")):
        assert client.get(reverse("home")).status_code == 500
