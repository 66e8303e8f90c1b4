"""machinery.postgresql: the health check of a persistent connection needs no round trip
while the connection is idle, and still finds one that PostgreSQL has ended."""

import time

import psycopg
import pytest
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as DjangoWrapper

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def end_session_from_elsewhere() -> None:
    """What a PostgreSQL restart or an administrator does to the site's connection."""
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # until the goodbye has reached our socket
        import select

        poll = select.poll()
        poll.register(connection.connection.fileno(), select.POLLIN)
        if poll.poll(50):
            return
    raise AssertionError("the ended session was never noticed")


def test_an_idle_healthy_connection_is_usable_without_a_query(monkeypatch):
    assert connection.settings_dict["ENGINE"] == "machinery.postgresql"
    connection.ensure_connection()
    monkeypatch.setattr(DjangoWrapper, "is_usable", lambda self: pytest.fail("SELECT 1 sent"))
    assert connection.is_usable()


def test_a_connection_postgresql_ended_is_found_and_replaced():
    connection.ensure_connection()
    old_pid = connection.connection.info.backend_pid
    end_session_from_elsewhere()
    assert not connection.is_usable()
    connection.health_check_done = False
    connection.close_if_health_check_failed()  # what Django does at a request's first query
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != old_pid


def serve(path: str) -> str:
    """A request the way gunicorn hands it over: through Django's WSGI handler, whose
    request_started signal runs the health checks (the test client turns them off)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.client import RequestFactory

    statuses = []
    environ = RequestFactory()._base_environ(PATH_INFO=path)
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    response.close()  # request_finished
    return statuses[0]


def test_after_postgresql_ended_the_session_the_next_request_is_served(settings):
    settings.CONN_MAX_AGE = 60
    assert serve("/").startswith("200")
    old_pid = connection.connection.info.backend_pid
    end_session_from_elsewhere()
    assert serve("/").startswith("200")
    assert connection.connection.info.backend_pid != old_pid


def test_a_closed_connection_is_not_usable():
    connection.ensure_connection()
    connection.connection.close()
    assert not connection.is_usable()
    connection.close()
