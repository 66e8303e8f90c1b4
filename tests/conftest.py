import time

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests run with production settings, less what needs HTTPS or collected static files."""
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.LANGUAGE_CODE = "en"
    # Hashing with production strength costs seconds per user created.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Page views are written in batches; tests that count queries must not hit a flush.
    settings.VIEW_COUNT_FLUSH_EVERY = 1_000_000
    # Each test starts with an empty page cache.
    from django.core.cache import caches

    for alias in ("default", "fragments"):
        caches[alias].clear()
    from questions.archive import viewcounts

    viewcounts.discard()
    # A request in another language leaves it active in the thread: each test starts in
    # English, as translated model fields (name_en, name_zh_hant) are written in the active
    # language.
    from django.utils import translation

    translation.activate("en")


@pytest.fixture(autouse=True)
def _second_factor_given(monkeypatch):
    """A test that logs someone in with `client.force_login` or `client.login` gets a
    session that has given its second factor, as a doctor or staff member would have after
    the real second step: hundreds of tests are about what comes after signing in. The
    second step itself is tested through the pages (tests/qa_portal/accounts/), which use
    `tests.signing_in.password_only` to get a session that has not."""
    from django.test.client import ClientMixin

    from qa_portal.accounts import twofactor

    original = ClientMixin._login

    def _login(self, user, backend=None):
        # As a sign-in reads the account: the hash it signs the session with may have
        # changed since the test made its object (sessions_ended_at).
        user.refresh_from_db(fields=["sessions_ended_at"])
        original(self, user, backend)
        if getattr(self, "password_only", False):
            return
        session = self.session
        session[twofactor.PROVEN_KEY] = "test"
        session[twofactor.RECENT_KEY] = int(time.time())  # as just after signing in
        session.save()

    monkeypatch.setattr(ClientMixin, "_login", _login)


def pytest_report_header(config):
    from django.db import connection

    return f"database: {connection.vendor} ({connection.settings_dict['NAME']})"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL: they are skipped on SQLite and run in CI.

    Tests on the live server (the browser's) run last. Each ends by emptying every table,
    what the migrations put there too (crisis terms, crisis examples), which the other
    tests read. pytest-django puts them after the others, but pytest's own grouping by
    parametrized fixtures, run after it, can move them back among them."""
    items.sort(key=lambda item: "live_server" in item.fixturenames)
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
