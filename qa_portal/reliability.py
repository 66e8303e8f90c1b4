"""While the database is down, the site says so: 503 with Retry-After and a static page.

A view that cannot reach PostgreSQL raises OperationalError (refused connection, timeout,
a server shutting down) or InterfaceError (a connection closed under it). Answering 500
would tell a load balancer and a crawler that the site is broken; 503 with Retry-After
says "come back shortly", and search engines keep the pages they know. The page is
rendered from templates/503.html without a request context: no context processor, so no
query, no session and no user is touched while it is built.

Nothing has to be restarted afterwards: the next request opens a new connection (the
persistent ones are health-checked before reuse, CONN_HEALTH_CHECKS).
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from machinery import metrics

from .context_processors import emergency_numbers

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html", emergency_numbers()), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turns a database connection error raised by a view into the 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        return answer_database_error(exception)


def answer_database_error(exception) -> HttpResponse | None:
    """The 503 page for a database connection error, else None. Also for a middleware
    whose process_view reads the database (the session, the user) before any view."""
    if isinstance(exception, DATABASE_ERRORS):
        metrics.database_error(exception)
        # The error's text names the server, never a row; no traceback needed.
        logger.error("Database unavailable: %s", str(exception).strip().splitlines()[:1])
        return database_unavailable()
    return None


def server_error(request, template_name="500.html"):
    """handler500: a database error raised outside a view (by a middleware) is a 503 too."""
    exception = sys.exc_info()[1]
    metrics.database_error(exception)  # any database error that no view handled
    if isinstance(exception, DATABASE_ERRORS):
        return database_unavailable()
    return defaults.server_error(request, template_name)
