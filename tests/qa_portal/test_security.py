"""Production posture: security headers, the Content-Security-Policy and what it forbids in
templates, cookies, password rules, sessions that end on the server, and rate limits."""

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from qa_portal.models import User
from questions.models import Question, Reply
from tests.factories import (
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
    UserFactory,
    answered_question,
)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "a-long-test-password"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


class TestHeaders:
    """Each header on an ordinary page (the home page), as a browser receives it."""

    @pytest.fixture
    def response(self, client):
        answered_question()
        return client.get(reverse("home"), secure=True)

    def test_csp_is_strict(self, response):
        """CSP: nothing by default; scripts, styles and form posts from this site only; no
        plugins, no <base>, no framing; never unsafe-inline or unsafe-eval."""
        directives = csp_directives(response)
        assert directives["default-src"] == ["'none'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["base-uri"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        assert "Content-Security-Policy-Report-Only" not in response

    def test_referrer_policy(self, response):
        assert response["Referrer-Policy"] == "same-origin"

    def test_cross_origin_opener_policy(self, response):
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"

    def test_cross_origin_resource_policy(self, response):
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"

    def test_permissions_policy_denies_everything_it_names(self, response):
        """Every feature the policy names is granted to no origin: `feature=()`."""
        features = [part.strip() for part in response["Permissions-Policy"].split(",")]
        assert {"camera=()", "microphone=()", "geolocation=()", "payment=()"} <= set(features)
        assert all(re.fullmatch(r"[a-z-]+=\(\)", feature) for feature in features), features

    def test_nosniff(self, response):
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_frame_options_deny(self, response):
        assert response["X-Frame-Options"] == "DENY"

    def test_hsts_one_year_over_https(self, response):
        hsts = response["Strict-Transport-Security"]
        max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
        assert max_age >= 365 * 24 * 3600
        assert "includeSubDomains" in hsts

    def test_plain_http_is_redirected_to_https(self, client, settings):
        """With SECURE_SSL_REDIRECT (production), an http:// request goes to https://."""
        settings.SECURE_SSL_REDIRECT = True
        response = client.get(reverse("home"))
        assert response.status_code == 301
        assert response["Location"].startswith("https://")


# An inline <script> (one without src) that is not a JSON data block, which CSP allows as
# it is never executed; any <style> element or style="" attribute; on* event handlers.
INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I
)
INLINE_STYLE = re.compile(r"<style[\s>]|\sstyle\s*=", re.I)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)


def inline_code(text: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER):
        found += [match.group(0) for match in pattern.finditer(text)]
    return found


def test_inline_code_finder_finds_what_csp_blocks():
    """The checker below can fail: it spots each kind of inline code CSP would block."""
    assert inline_code('<p style="color:red">') == [" style="]
    assert inline_code("<script>alert(1)</script>") == ["<script>"]
    assert inline_code('<img src="x" onerror="alert(1)">') == ['<img src="x" onerror=']
    assert inline_code("<style>p{}</style>") == ["<style>"]
    assert inline_code('<script src="/static/js/site.js" defer></script>') == []
    assert inline_code('<script id="t" type="application/json">[]</script>') == []


def test_no_template_has_inline_script_or_style():
    """No project template has an inline script, a <style> element, a style="" attribute
    or an on… handler: the CSP would block them."""
    offenders = {}
    for path in (ROOT / "templates").rglob("*.html"):
        found = inline_code(path.read_text())
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert offenders == {}


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_rendered_pages_have_no_inline_code(client, staff_client):
    """Pages as served, including the admin and the doctors' dashboard, carry no inline
    code, so they work under the CSP."""
    question = answered_question()
    open_question = QuestionFactory(department=question.department)
    doctor = DoctorFactory(department=question.department)
    doctor_client = Client()
    doctor_client.force_login(doctor.user)
    patient_client = Client()
    patient_client.force_login(UserFactory())
    pages = [
        (client, reverse("home")),
        (client, question.get_absolute_url()),
        (client, reverse("privacy")),
        (client, reverse("signup")),
        (client, reverse("login")),
        (patient_client, reverse("questions:ask")),
        (patient_client, reverse("account")),
        (doctor_client, reverse("questions:dashboard")),
        (doctor_client, reverse("questions:dashboard-question", args=[open_question.pk])),
        (staff_client, reverse("admin:index")),
        (staff_client, reverse("admin:questions_question_changelist")),
        (staff_client, reverse("admin:questions_question_change", args=[question.pk])),
        (staff_client, reverse("admin:qa_portal_user_changelist")),
    ]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        assert inline_code(response.content.decode()) == [], url
        assert "Content-Security-Policy" in response, url


PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_PATH, s.CSRF_COOKIE_PATH, "
    "s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN, s.SECURE_PROXY_SSL_HEADER)"
)


def settings_in_fresh_process(**env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="qa_portal.settings")
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_cookies_use_the_host_prefix():
    """In production the session and CSRF cookies are __Host- cookies: Secure, Path=/ and no
    Domain, so no other host can set or shadow them; the proxy's X-Forwarded-Proto counts."""
    out = settings_in_fresh_process(DJANGO_SECRET_KEY="x" * 50)
    assert out == (
        "__Host-sessionid __Host-csrftoken True True / / None None "
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_proxy_header_can_be_turned_off_and_debug_keeps_plain_cookies():
    """Without a proxy (DJANGO_BEHIND_PROXY=0) X-Forwarded-Proto is not trusted; a DEBUG run
    on http://127.0.0.1 keeps plain cookie names (browsers refuse __Host- over HTTP)."""
    no_proxy = settings_in_fresh_process(DJANGO_SECRET_KEY="x" * 50, DJANGO_BEHIND_PROXY="0")
    assert no_proxy.endswith(" None")
    assert no_proxy.startswith("__Host-sessionid")
    debug = settings_in_fresh_process(DJANGO_DEBUG="1")
    assert debug.startswith("sessionid csrftoken False False")


def test_check_deploy_passes_with_production_settings():
    """`manage.py check --deploy --fail-level WARNING` is clean with production settings."""
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    clean.update(
        DJANGO_SECRET_KEY="a-production-like-key-" + "k3y" * 20,
        DJANGO_ALLOWED_HOSTS="qa.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_login_sets_host_prefixed_secure_cookies(client, settings):
    """The cookies a browser receives after logging in over HTTPS."""
    settings.SESSION_COOKIE_NAME = "__Host-sessionid"
    settings.CSRF_COOKIE_NAME = "__Host-csrftoken"
    UserFactory(email="alex@example.org")
    client.get(reverse("login"), secure=True)
    response = client.post(
        reverse("login"), {"username": "alex@example.org", "password": PASSWORD}, secure=True
    )
    assert response.status_code == 302
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"]
    assert session["path"] == "/" and not session["domain"]
    csrf = client.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["path"] == "/" and not csrf["domain"]
    # The whole-page cache still tells a logged-in reader by the renamed cookie.
    question = answered_question()
    client.get(question.get_absolute_url(), secure=True)
    assert "Log out" in client.get(question.get_absolute_url(), secure=True).content.decode()


class TestPasswords:
    @pytest.mark.parametrize(
        ("email", "password", "message"),
        [
            ("p@example.org", "short pass", "This password is too short"),
            ("p@example.org", "password1234", "This password is too common"),
            ("p@example.org", "839201748265019", "This password is entirely numeric"),
            ("marigold.fenwick@example.org", "marigold.fenwick", "too similar to the"),
        ],
    )
    def test_weak_passwords_are_refused_at_signup(self, client, email, password, message):
        """Length ≥ 12, not a common password, not all digits, not like the e-mail address:
        the form says which, and no account is made."""
        response = client.post(
            reverse("signup"), {"email": email, "password1": password, "password2": password}
        )
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not User.objects.filter(email=email).exists()

    def test_reset_link_lasts_about_an_hour(self):
        """A reset token made at noon works at 12:59 and no longer at 13:01."""
        user = UserFactory()
        generator = type(default_token_generator)
        noon = datetime(2026, 3, 2, 12, 0)  # noqa: DTZ001 - the generator's clock is naive
        with mock.patch.object(generator, "_now", return_value=noon):
            token = default_token_generator.make_token(user)
        for minutes, valid in ((59, True), (61, False)):
            later = noon + timedelta(minutes=minutes)
            with mock.patch.object(generator, "_now", return_value=later):
                assert default_token_generator.check_token(user, token) is valid, minutes


def logged_in_client(user) -> tuple[Client, str]:
    client = Client()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    from django.conf import settings

    return client, client.cookies[settings.SESSION_COOKIE_NAME].value


def cookie_works(session_key: str) -> bool:
    """Whether a browser holding this old session cookie is still logged in."""
    from django.conf import settings

    thief = Client()
    thief.cookies[settings.SESSION_COOKIE_NAME] = session_key
    return thief.get(reverse("account")).status_code == 200


class TestSessionsEnd:
    def test_logout_ends_the_session_on_the_server(self):
        """After logging out, a copy of the old session cookie logs nobody in."""
        client, key = logged_in_client(UserFactory())
        assert cookie_works(key)
        client.post(reverse("logout"))
        assert not Session.objects.filter(session_key=key).exists()
        assert not cookie_works(key)

    def test_password_change_ends_other_sessions_but_keeps_this_one(self):
        """Changing the password logs out every other browser; the one used stays in."""
        user = UserFactory()
        here, here_key = logged_in_client(user)
        _elsewhere, other_key = logged_in_client(user)
        assert cookie_works(other_key)
        response = here.post(
            reverse("password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": "a brand new passphrase",
                "new_password2": "a brand new passphrase",
            },
        )
        assert response.status_code == 302
        assert here.get(reverse("account")).status_code == 200
        assert not cookie_works(other_key)

    def test_account_deletion_ends_every_session(self):
        """Deleting the account ends this session and any other browser's."""
        user = UserFactory()
        here, here_key = logged_in_client(user)
        _elsewhere, other_key = logged_in_client(user)
        response = here.post(reverse("account-delete"), {"password": PASSWORD, "confirm": "on"})
        assert response.status_code == 302, response.content.decode()[:2000]
        assert not User.objects.filter(pk=user.pk).exists()
        assert not cookie_works(here_key)
        assert not cookie_works(other_key)


def ask_data(department, number: int) -> dict:
    return {
        "department": str(department.pk),
        "title": f"Hands twitch when I fall asleep ({number})",
        "body": "After I fall asleep my hands and feet twitch. I do not feel any pain.",
        "nickname": "ALEX",
        "age_range": "20~29",
        "gender": "female",
        "consent": "on",
        "submission_token": f"00000000-0000-4000-8000-{number:012d}",
    }


class TestRateLimits:
    def test_asking_is_rate_limited_per_address(self, settings):
        """More question posts from one address than ASKS_PER_HOUR (even from different
        accounts): a 429 that says when to try again, and nothing saved."""
        settings.ASKS_PER_HOUR = 2
        settings.QUESTIONS_PER_DAY = 10
        department = DepartmentFactory()
        for number in range(2):
            client = Client()
            client.force_login(UserFactory())
            assert (
                client.post(reverse("questions:ask"), ask_data(department, number)).status_code
                == 302
            )
        client = Client()
        client.force_login(UserFactory())
        response = client.post(reverse("questions:ask"), ask_data(department, 9))
        assert response.status_code == 429
        assert 0 < int(response["Retry-After"]) <= 3600
        assert "before trying again" in response.content.decode()
        assert Question.objects.count() == 2

    def test_publishing_is_rate_limited_per_doctor(self, settings):
        """A doctor publishing more than REPLIES_PER_HOUR replies gets a 429; drafts are
        not counted, and other doctors are not affected."""
        settings.REPLIES_PER_HOUR = 1
        department = DepartmentFactory()
        questions = QuestionFactory.create_batch(3, department=department)
        doctor, other = (DoctorFactory(department=department) for _ in range(2))
        client = Client()
        client.force_login(doctor.user)

        def post(who, question, action):
            url = reverse("questions:dashboard-question", args=[question.pk])
            return who.post(url, {"body": "Rest and see your doctor.", "action": action})

        assert post(client, questions[0], "draft").status_code == 302
        assert post(client, questions[0], "publish").status_code == 302
        response = post(client, questions[1], "publish")
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert not Reply.objects.filter(question=questions[1]).exists()
        other_client = Client()
        other_client.force_login(other.user)
        assert post(other_client, questions[2], "publish").status_code == 302


@pytest.mark.django_db
def test_a_refused_form_gets_the_sites_page_without_inline_style():
    """A POST without its CSRF token: 403 with the site's own page (Django's default has
    inline styles that the CSP blocks), in the reader's language."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "The form has expired" in text and "<style" not in text and "style=" not in text
    chinese = client.post("/accounts/login/", {}, headers={"Accept-Language": "zh-Hant"})
    assert "表單已過期" in chinese.content.decode()
