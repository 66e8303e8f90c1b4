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


def run_settings(**env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="qa_portal.settings")
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=clean, capture_output=True, text=True
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
