"""Settings come from the environment only; each case starts a fresh interpreter."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], "
    "s.DATABASES['default'].get('NAME'))"
)


def run_settings(code=PRINT, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_URL"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="qa_portal.settings")
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_production_start_without_secret_key_fails_clearly():
    """With DEBUG off and no DJANGO_SECRET_KEY, the site refuses to start and says why."""
    result = run_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_defaults_are_sqlite_locmem_and_debug_off():
    """Without DATABASE_URL and REDIS_URL: an SQLite file, a local-memory cache, DEBUG off."""
    result = run_settings(DJANGO_SECRET_KEY="x" * 50)
    assert result.returncode == 0, result.stderr
    debug, engine, cache, name = result.stdout.split()
    assert debug == "False"
    assert engine == "django.db.backends.sqlite3"
    assert cache.endswith("LocMemCache")
    assert name.endswith("db.sqlite3")


def test_database_url_and_redis_url_select_postgresql_and_redis():
    """DATABASE_URL=postgres://… selects PostgreSQL, REDIS_URL selects Django's Redis cache."""
    result = run_settings(
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://user@127.0.0.1:5432/qa",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stderr
    _debug, engine, cache, name = result.stdout.split()
    assert engine == "machinery.postgresql"  # Django's, with a cheaper health check
    assert cache == "machinery.redis_cache.RedisCache"
    assert name == "qa"


def test_debug_run_needs_no_key():
    """DJANGO_DEBUG=1 starts without a key, for `make run`."""
    result = run_settings(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True")


REPLICAS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DATABASE_REPLICAS); r = s.DATABASES.get('replica_1', {}); d = s.DATABASES['default']; "
    "print(r.get('ENGINE'), r.get('NAME'), r.get('PORT'), r.get('TEST', {}).get('MIRROR')); "
    "print(r.get('OPTIONS') == d['OPTIONS'], r.get('CONN_MAX_AGE') == d['CONN_MAX_AGE'], "
    "r.get('CONN_HEALTH_CHECKS'))"
)


def test_replica_urls_become_databases_with_the_primarys_connection_settings():
    """Each DATABASE_REPLICA_URLS entry is DATABASES["replica_N"], with the primary's
    backend, timeouts, prepared statements and health checks, mirrored in tests."""
    result = run_settings(
        REPLICAS,
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://user@127.0.0.1:5432/qa",
        DATABASE_REPLICA_URLS=" postgres://user@127.0.0.1:5433/qa , ",
    )
    assert result.returncode == 0, result.stderr
    aliases, replica, same = result.stdout.splitlines()
    assert aliases == "['replica_1']"
    assert replica == "machinery.postgresql qa 5433 default"
    assert same == "True True True"


def test_a_wrong_replica_url_is_logged_and_the_site_starts():
    """A replica URL that is not PostgreSQL's (or not a URL) is left out and logged at
    start, without the password; the site starts and reads from the primary."""
    result = run_settings(
        REPLICAS,
        DJANGO_SECRET_KEY="x" * 50,
        DATABASE_REPLICA_URLS="mysql://u:hunter2@db/qa,postgres://u:hunter2@db:x/qa",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "[]"
    assert "DATABASE_REPLICA_URLS: entry 1 is not a PostgreSQL URL; ignored" in result.stderr
    assert "DATABASE_REPLICA_URLS: entry 2 is not a PostgreSQL URL; ignored" in result.stderr
    assert "hunter2" not in result.stderr + result.stdout
