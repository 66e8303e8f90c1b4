"""The metrics machinery: who may scrape (the allowed networks, the token, proxies), what a
request and an unreachable Redis count, and the numbers of several worker processes added
up in multiprocess mode."""

import os
import runpy
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import IntegrityError
from prometheus_client.parser import text_string_to_metric_families

from machinery import metrics
from machinery.redis_cache import RedisCache

ROOT = Path(__file__).resolve().parents[2]


def sample(body: bytes, name: str, labels: dict | None = None) -> float | None:
    """One sample's value in a scrape's text, None when it is not there."""
    for family in text_string_to_metric_families(body.decode()):
        for found in family.samples:
            if found.name == name and found.labels == (labels or {}):
                return found.value
    return None


# Who may scrape.


@pytest.fixture
def allowed(settings):
    def check(rf, remote_addr, **headers):
        return metrics.may_scrape(rf.get("/metrics", REMOTE_ADDR=remote_addr, **headers))

    settings.METRICS_TOKEN = ""
    settings.TRUSTED_PROXY_COUNT = 0
    return check


def test_the_default_allows_only_the_loopback_addresses(allowed, rf):
    """127.0.0.1 and ::1 (and 127.0.0.1 as an IPv6 socket sees it); nothing else."""
    assert allowed(rf, "127.0.0.1")
    assert allowed(rf, "::1")
    assert allowed(rf, "::ffff:127.0.0.1")
    assert not allowed(rf, "127.0.0.2")
    assert not allowed(rf, "203.0.113.5")
    assert not allowed(rf, "")
    assert not allowed(rf, "not-an-address")


def test_addresses_and_networks_in_the_setting(allowed, rf, settings):
    """Comma-separated addresses and CIDR networks, IPv4 and IPv6, spaces allowed."""
    settings.METRICS_ALLOWED_IPS = " 10.0.0.0/8, 192.0.2.7 ,2001:db8::/32"
    assert allowed(rf, "10.20.30.40")
    assert allowed(rf, "192.0.2.7")
    assert not allowed(rf, "192.0.2.8")
    assert allowed(rf, "2001:db8::1")
    assert not allowed(rf, "2001:db9::1")
    assert not allowed(rf, "127.0.0.1")  # the default is replaced, not extended


def test_a_bad_entry_is_logged_and_ignored(allowed, rf, settings, caplog):
    """A typo neither stops the site nor opens the endpoint: the other entries still work."""
    settings.METRICS_ALLOWED_IPS = "not-an-address,192.0.2.0/24,300.1.1.1,10.0.0.0/33"
    with caplog.at_level("WARNING", logger="machinery.metrics"):
        assert allowed(rf, "192.0.2.5")
        assert not allowed(rf, "10.0.0.1")
    assert "'not-an-address' is not an address or a network; ignored" in caplog.text
    assert "'300.1.1.1'" in caplog.text and "'10.0.0.0/33'" in caplog.text
    assert metrics.allowed_networks("") == ()


def test_a_network_written_with_host_bits_is_taken_as_its_network():
    """10.1.2.3/16 means 10.1.0.0/16, as an operator means it."""
    assert [str(net) for net in metrics.allowed_networks("10.1.2.3/16")] == ["10.1.0.0/16"]


def test_the_token_opens_it_from_anywhere(allowed, rf, settings):
    """The right bearer token from any address; a wrong one, another scheme or no token
    configured does not."""
    settings.METRICS_TOKEN = "s3cret-token"
    assert allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="bearer s3cret-token")
    assert not allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Bearer s3cret-tokeN")
    assert not allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Bearer ")
    assert not allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Basic s3cret-token")
    assert not allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Bearer s3cret-token-ü")
    assert not allowed(rf, "203.0.113.5")


def test_an_empty_token_setting_turns_token_access_off(allowed, rf, settings):
    settings.METRICS_TOKEN = ""
    assert not allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Bearer ")
    assert not allowed(rf, "203.0.113.5", HTTP_AUTHORIZATION="Bearer")


def test_behind_proxies_the_client_address_is_the_one_rate_limits_use(allowed, rf, settings):
    """With TRUSTED_PROXY_COUNT, the address the proxies saw decides; a client cannot
    claim an allowed one by sending its own X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.METRICS_ALLOWED_IPS = "10.1.0.0/16"
    assert allowed(rf, "127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.2.3")
    assert not allowed(rf, "10.1.9.9", HTTP_X_FORWARDED_FOR="10.1.2.3, 203.0.113.9")
    # Straight to gunicorn, past the proxy (Prometheus on the internal network).
    assert allowed(rf, "10.1.2.3")


def test_a_proxy_the_settings_do_not_know_of_hides_the_client(allowed, rf):
    """With TRUSTED_PROXY_COUNT 0, a request that came through a proxy (it carries
    X-Forwarded-For) is not let in by the proxy's own address (127.0.0.1 when the proxy
    runs beside gunicorn)."""
    assert not allowed(rf, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")


# What a request counts.


@pytest.mark.django_db
def test_a_request_is_counted_by_view_name_and_status(client):
    """The URL pattern's name, never the path; a path no pattern matches is 'unmatched'."""
    counted = metrics.COUNTED.get_sample_value
    home = {"view": "home", "status": "200"}
    unmatched = {"view": "unmatched", "status": "404"}
    before = counted("qa_portal_requests_total", home) or 0
    before_404 = counted("qa_portal_requests_total", unmatched) or 0
    timed = counted("qa_portal_request_duration_seconds_count", {"view": "home"}) or 0
    assert client.get("/").status_code == 200
    assert client.get("/no-such-page/for-anyone/").status_code == 404
    assert counted("qa_portal_requests_total", home) == before + 1
    assert counted("qa_portal_requests_total", unmatched) == before_404 + 1
    assert counted("qa_portal_request_duration_seconds_count", {"view": "home"}) == timed + 1
    body, _ = metrics.exposition()
    assert "/no-such-page" not in body.decode()


@pytest.mark.django_db
def test_the_latency_histogram_observes_each_request(client):
    """Each response adds to the view's histogram: count, sum and the +Inf bucket."""
    view = {"view": "healthz"}
    counted = metrics.COUNTED.get_sample_value
    count = counted("qa_portal_request_duration_seconds_count", view) or 0
    total = counted("qa_portal_request_duration_seconds_sum", view) or 0
    client.get("/healthz")
    client.get("/healthz")
    assert counted("qa_portal_request_duration_seconds_count", view) == count + 2
    assert counted("qa_portal_request_duration_seconds_sum", view) > total
    body, _ = metrics.exposition()
    infinite = sample(body, "qa_portal_request_duration_seconds_bucket", {**view, "le": "+Inf"})
    assert infinite == count + 2


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_an_unreachable_redis_is_counted_by_operation(settings):
    """Each cache call that could not reach Redis, by operation; the calls skipped while
    the backend leaves Redis alone are not errors and are not counted."""
    settings.CACHES = {
        "default": {
            "BACKEND": "machinery.redis_cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
        },
        "fragments": settings.CACHES["fragments"],
    }
    cache = caches["default"]
    cache._down_until = RedisCache._warned_at = 0.0
    counted = metrics.COUNTED.get_sample_value
    before = counted("qa_portal_cache_errors_total", {"operation": "get"}) or 0
    assert cache.get("page", "default") == "default"
    assert cache.get("page", "default") == "default"  # backing off: not tried
    assert counted("qa_portal_cache_errors_total", {"operation": "get"}) == before + 1
    announced = counted("qa_portal_cache_errors_total", {"operation": "announce"}) or 0
    assert cache.announce("channel", "message") is None
    assert counted("qa_portal_cache_errors_total", {"operation": "announce"}) == announced + 1


def test_only_database_errors_are_counted_as_such():
    """django.db's errors by class; anything else passed in is not a database error."""
    counted = metrics.COUNTED.get_sample_value
    before = counted("qa_portal_database_errors_total", {"error": "IntegrityError"}) or 0
    metrics.database_error(IntegrityError("duplicate key"))
    metrics.database_error(ValueError("a bug"))
    metrics.database_error(None)
    assert counted("qa_portal_database_errors_total", {"error": "IntegrityError"}) == before + 1
    assert counted("qa_portal_database_errors_total", {"error": "ValueError"}) is None


# Several gunicorn workers.

WORKER = """
import sys
from machinery import metrics
metrics.REQUESTS.labels("home", "200").inc(int(sys.argv[1]))
metrics.LATENCY.labels("home").observe(0.02)
metrics.cache_error("get")
"""


def _worker(directory, count: int) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    env.setdefault("DJANGO_SETTINGS_MODULE", "qa_portal.settings")
    subprocess.run([sys.executable, "-c", WORKER, str(count)], cwd=ROOT, env=env, check=True)


def test_multiprocess_mode_adds_up_every_workers_numbers(tmp_path):
    """Two processes count into PROMETHEUS_MULTIPROC_DIR; one scrape gives their sums."""
    _worker(tmp_path, 3)
    _worker(tmp_path, 4)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2  # one file per process
    body, content_type = metrics.exposition(multiprocess_dir=str(tmp_path))
    assert content_type.startswith("text/plain")
    assert sample(body, "qa_portal_requests_total", {"view": "home", "status": "200"}) == 7
    assert sample(body, "qa_portal_request_duration_seconds_count", {"view": "home"}) == 2
    assert sample(body, "qa_portal_cache_errors_total", {"operation": "get"}) == 2


def test_the_gunicorn_hooks_start_empty_and_forget_dead_workers(tmp_path, monkeypatch):
    """gunicorn.conf.py: the directory is emptied when gunicorn starts, and a worker that
    exits has its live gauges removed (its counters stay in the sums)."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    (tmp_path / "counter_99.db").write_bytes(b"")
    config["on_starting"](SimpleNamespace())
    assert list(tmp_path.iterdir()) == []
    (tmp_path / "counter_123.db").write_bytes(b"")
    (tmp_path / "gauge_livesum_123.db").write_bytes(b"")
    config["child_exit"](SimpleNamespace(), SimpleNamespace(pid=123))
    assert sorted(path.name for path in tmp_path.iterdir()) == ["counter_123.db"]


def test_the_gunicorn_hooks_do_nothing_without_the_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["on_starting"](SimpleNamespace())
    config["child_exit"](SimpleNamespace(), SimpleNamespace(pid=123))
