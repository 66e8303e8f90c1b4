"""Metrics for Prometheus: what each request counts, what a scrape reads, and who may scrape.

prometheus_client, the official client, keeps the numbers and writes the text format. Under
gunicorn every worker is a process of its own: with PROMETHEUS_MULTIPROC_DIR set (before
the workers start; gunicorn.conf.py empties it and forgets dead workers), each process
writes its numbers to files there and a scrape adds up all of them, so any worker can
answer for the whole machine. Without it (runserver, tests) the numbers live in the
process that answers.

Labels take only values from small, fixed sets (URL pattern names, status codes, class and
operation names): never a path, an address or anything a client chose.
"""

import functools
import hmac
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.db import Error as DatabaseFailure
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    multiprocess,
)
from prometheus_client.exposition import generate_latest

from .ratelimit import client_ip

logger = logging.getLogger(__name__)

# Read once, as prometheus_client itself does when it is imported: the two must agree.
MULTIPROCESS_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
# The scrape's own URL name: its requests are not counted (a scrape would count itself).
SCRAPE_VIEW = "metrics"
UNMATCHED = "unmatched"  # no URL pattern, or answered before routing (e.g. the HTTPS redirect)
STATIC = "static"  # whitenoise's files

# No *_created series: multiprocess mode has none, and the output stays the same in both.
disable_created_metrics()

# The numbers this process counts (in multiprocess mode they go to files too).
COUNTED = CollectorRegistry()
REQUESTS = Counter(
    "qa_portal_requests",
    "Requests answered, by view (the URL pattern's name) and status code.",
    ["view", "status"],
    registry=COUNTED,
)
LATENCY = Histogram(
    "qa_portal_request_duration_seconds",
    "Time from the request's arrival to its response, by view.",
    ["view"],
    # From a cached page (a millisecond) to the statement timeout (15 s).
    buckets=(0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15),
    registry=COUNTED,
)
DATABASE_ERRORS = Counter(
    "qa_portal_database_errors",
    "Requests that met a database error, by its class (OperationalError while the "
    "database is down).",
    ["error"],
    registry=COUNTED,
)
CACHE_ERRORS = Counter(
    "qa_portal_cache_errors",
    "Cache operations that could not reach Redis, by operation.",
    ["operation"],
    registry=COUNTED,
)


def database_error(error: BaseException | None) -> None:
    """Counts a database error (django.db.Error and its kinds); anything else is ignored."""
    if isinstance(error, DatabaseFailure):
        DATABASE_ERRORS.labels(type(error).__name__).inc()


def cache_error(operation: str) -> None:
    CACHE_ERRORS.labels(operation).inc()


def name_view(request, view: str) -> None:
    """For a middleware that answers before URL resolution (a cached page): the URL name
    its answer stands for, so that it is counted with the view's own answers."""
    request.metrics_view = view


def _view(request) -> str:
    match = request.resolver_match
    if match is not None:
        return match.view_name
    named = getattr(request, "metrics_view", None)
    if named is not None:
        return named
    # No resolving here: it would cost as much as a cached page's whole answer.
    return STATIC if request.path_info.startswith(settings.STATIC_URL) else UNMATCHED


class MetricsMiddleware:
    """Counts every response by view and status, and how long it took (until the response
    was ready: a streamed body is not waited for). Second in MIDDLEWARE, so that pages
    served from the cache are counted too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        view = _view(request)
        if view != SCRAPE_VIEW:
            REQUESTS.labels(view, str(response.status_code)).inc()
            LATENCY.labels(view).observe(time.perf_counter() - started)
        return response


# Who may scrape.

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.lru_cache(maxsize=8)
def allowed_networks(value: str) -> tuple[Network, ...]:
    """The comma-separated addresses and networks of METRICS_ALLOWED_IPS. An entry that is
    neither is logged and left out: a typo must not stop the site or open the endpoint."""
    networks = []
    for entry in value.split(","):
        entry = entry.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            logger.warning(
                "QA_PORTAL_METRICS_ALLOWED_IPS: %r is not an address or a network; ignored",
                entry,
            )
    return tuple(networks)


def _address_allowed(request) -> bool:
    if not settings.TRUSTED_PROXY_COUNT and request.META.get("HTTP_X_FORWARDED_FOR"):
        # A proxy the settings do not know of forwarded this request: REMOTE_ADDR is the
        # proxy's (often 127.0.0.1), not the client's.
        return False
    try:
        address = ipaddress.ip_address(client_ip(request).strip())
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # a gunicorn bound to [::] sees ::ffff:a.b.c.d
    return any(address in network for network in allowed_networks(settings.METRICS_ALLOWED_IPS))


def _token_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if not token:
        return False
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def may_scrape(request) -> bool:
    """From an address of METRICS_ALLOWED_IPS, or with `Authorization: Bearer <token>`."""
    return _address_allowed(request) or _token_allowed(request)


# What a scrape reads.


def exposition(*collectors, multiprocess_dir: str = MULTIPROCESS_DIR) -> tuple[bytes, str]:
    """The text a scrape gets and its content type: the counted numbers (every worker's,
    in multiprocess mode) and what the collectors compute now."""
    registry = CollectorRegistry()
    if multiprocess_dir:
        multiprocess.MultiProcessCollector(registry, path=multiprocess_dir)
    else:
        registry.register(COUNTED)
    for collector in collectors:
        registry.register(collector)
    return generate_latest(registry), CONTENT_TYPE_LATEST


def seconds_waited(oldest, now) -> float:
    """For a gauge of the longest wait: seconds since `oldest`, 0 when nothing waits."""
    return (now - oldest).total_seconds() if oldest is not None else 0.0
