"""CSRF on every state-changing request: a POST without the token is refused (403) on
every URL pattern of the site, whoever sends it, and changes nothing; the same POST with
the token goes through, so the refusals are the token's doing.

Four routes are exempt, on purpose:
- /i18n/setlang/ (the footer's language form): the cached anonymous pages must carry no
  per-visitor token. It can only set the language cookie: no session, no database, and
  no redirect off the site.
- /my/unsubscribe/<token>/: RFC 8058 one-click unsubscribe, posted by mail clients
  without a CSRF token. The signed token in the address authorises it, and it can only
  turn reply e-mails off.
- /dashboard/unsubscribe/<token>/: the same for a doctor's e-mails; it can only turn one
  kind of them off.
- /metrics: read-only for Prometheus; a POST is a 405 to an allowed client and, like any
  request from anyone else, the 404 of an address that does not exist (a CSRF refusal
  would tell that it does).
"""

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from qa_portal.models import SignedInSession, User
from questions.models import Question, Reply, ReplyAgreement, Report
from tests.security_world import build_world, route_url, snapshot
from tests.url_patterns import all_routes

pytestmark = pytest.mark.django_db

CSRF_EXEMPT = {
    "set_language",
    "questions:unsubscribe",
    "questions:doctor-unsubscribe",
    "metrics",
}
ROUTES = [route for route in all_routes() if route.key not in CSRF_EXEMPT]


@pytest.fixture
def world():
    return build_world()


def _client(world, role=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role is not None:
        client.force_login(world.users[role])
    return client


def _token(client, url) -> str:
    client.get(url)
    return client.cookies[settings.CSRF_COOKIE_NAME].value


@pytest.mark.parametrize("route", ROUTES, ids=[route.key for route in ROUTES])
def test_every_post_without_a_token_is_refused(world, route):
    """Anonymous and logged in (as the superuser, whom no view turns away): 403, and
    nothing changes. The check runs before any view, so no other role differs."""
    url = route_url(route, world)
    data = {"title": "x" * 20, "body": "y" * 40, "reason": "spam", "action": "publish"}
    for role in (None, "superuser"):
        caches["default"].clear()
        client = _client(world, role)
        before = snapshot()
        response = client.post(url, data)
        assert response.status_code == 403, (role, url)
        assert snapshot() == before, (role, url)


def test_the_exempt_routes_are_the_documented_ones():
    """A new csrf_exempt view shows up here."""
    exempt = set()
    for route in all_routes():
        if route.name is None or route.key.startswith("admin:"):
            continue
        from django.urls import resolve

        try:
            url = reverse(route.name, kwargs={name: "1" for name in route.converters})
        except Exception:  # noqa: BLE001 - a converter that wants another shape
            continue
        if getattr(resolve(url).func, "csrf_exempt", False):
            exempt.add(route.key)
    assert exempt == CSRF_EXEMPT


class TestWithTheToken:
    """The same requests with the token succeed: the 403s above are CSRF's."""

    def test_ask(self, world):
        client = _client(world, "patient_b")
        token = _token(client, reverse("questions:ask"))
        data = {
            "title": "Dizzy every morning lately",
            "body": "I feel dizzy when I get up in the morning, since two weeks now.",
            "nickname": "Sun",
            "age_range": "30~39",
            "gender": "male",
            "department": world.department.pk,
            "consent": "on",
            "submission_token": "5f0e2c9a-8c4b-4f8e-9d7a-0c1b2a3d4e5f",
        }
        assert client.post(reverse("questions:ask"), data).status_code == 403
        assert not Question.objects.filter(title=data["title"]).exists()
        response = client.post(reverse("questions:ask"), {**data, "csrfmiddlewaretoken": token})
        assert response.status_code == 302
        assert Question.objects.filter(title=data["title"]).exists()

    def test_withdraw(self, world):
        client = _client(world, "patient_a")
        url = reverse("questions:withdraw", args=[world.open_question.pk])
        token = _token(client, url)
        assert client.post(url).status_code == 403
        assert Question.objects.get(pk=world.open_question.pk).status == "open"
        assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
        assert Question.objects.get(pk=world.open_question.pk).status == "withdrawn"

    def test_report(self, world):
        client = _client(world)
        url = reverse("questions:report", args=[world.public.pk])
        token = _token(client, url)
        before = Report.objects.count()
        assert client.post(url, {"reason": "spam"}).status_code == 403
        assert Report.objects.count() == before
        response = client.post(url, {"reason": "spam", "csrfmiddlewaretoken": token})
        assert response.status_code == 200
        assert Report.objects.count() == before + 1

    def test_claim_and_publish(self, world):
        client = _client(world, "doctor")
        token = _token(client, reverse("questions:dashboard"))
        question = world.open_question
        claim = reverse("questions:dashboard-claim", args=[question.pk])
        assert client.post(claim).status_code == 403
        assert Question.objects.get(pk=question.pk).claimed_by is None
        assert client.post(claim, {"csrfmiddlewaretoken": token}).status_code == 302
        assert Question.objects.get(pk=question.pk).claimed_by == world.doctor
        work = reverse("questions:dashboard-question", args=[question.pk])
        reply = {
            "body": "Headaches in the morning have many causes; see a doctor.",
            "action": "publish",
        }
        assert client.post(work, reply).status_code == 403
        assert not Reply.objects.filter(question=question, doctor=world.doctor).exists()
        assert client.post(work, {**reply, "csrfmiddlewaretoken": token}).status_code == 302
        assert Question.objects.get(pk=question.pk).status == "answered"

    def test_agree(self, world):
        client = _client(world, "doctor")
        token = _token(client, reverse("questions:dashboard"))
        url = reverse("questions:dashboard-agree", args=[world.colleague_reply.pk])
        assert client.post(url).status_code == 403
        assert not ReplyAgreement.objects.exists()
        assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
        assert ReplyAgreement.objects.count() == 1

    def test_account_preferences_and_logout(self, world):
        client = _client(world, "patient_a")
        token = _token(client, reverse("account"))
        assert client.post(reverse("account"), {}).status_code == 403
        assert User.objects.get(pk=world.users["patient_a"].pk).email_on_reply
        assert client.post(reverse("account"), {"csrfmiddlewaretoken": token}).status_code == 302
        assert not User.objects.get(pk=world.users["patient_a"].pk).email_on_reply
        assert client.post(reverse("logout")).status_code == 403
        assert client.get(reverse("questions:my-questions")).status_code == 200
        assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
        assert client.get(reverse("questions:my-questions")).status_code == 302

    def test_the_passkey_ceremonies_take_the_token_in_a_header(self, world):
        """static/js/passkeys.js posts JSON with the token in X-CSRFToken."""
        client = _client(world, "patient_b")
        token = _token(client, reverse("two-factor-setup"))
        url = reverse("passkey-register-options")
        assert client.post(url, "{}", content_type="application/json").status_code == 403
        response = client.post(
            url, "{}", content_type="application/json", headers={"X-CSRFToken": token}
        )
        assert response.status_code == 200 and response.json()["challenge"]

    def test_forget_a_browser_and_sign_out_elsewhere(self, world):
        client = _client(world, "patient_a")
        token = _token(client, reverse("account"))
        forget = reverse("account-browser-forget", args=[world.known_browser.pk])
        end = reverse("account-session-end", args=[world.signed_in_session.pk])
        for url in (forget, end):
            assert client.post(url).status_code == 403
        world.known_browser.refresh_from_db()
        assert world.known_browser.trusted_until is not None
        for url in (forget, end):
            assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 302
        world.known_browser.refresh_from_db()
        assert world.known_browser.trusted_until is None
        assert not SignedInSession.objects.filter(pk=world.signed_in_session.pk).exists()


def test_language_form_sets_only_the_language_cookie(world):
    """The exempt language form changes the language cookie and nothing else: no session,
    no database row, no redirect to another site, nothing for an unknown language."""
    client = _client(world, "patient_a")
    session_before = client.session.session_key
    before = snapshot()
    response = client.post(
        reverse("set_language"), {"language": "zh-hant", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert set(response.cookies) == {"django_language"}
    assert response.cookies["django_language"].value == "zh-hant"
    assert snapshot() == before
    assert client.session.session_key == session_before
    unknown = client.post(reverse("set_language"), {"language": "<script>", "next": "/"})
    assert unknown.status_code == 302 and "django_language" not in unknown.cookies


def test_unsubscribe_needs_the_signed_token(world):
    """The exempt one-click unsubscribe does nothing with a forged or altered token."""
    client = _client(world)
    token = world.unsubscribe_token
    for forged in (token[:-2] + "xx", "1:abc:def", token.replace(token.split(":")[0], "2", 1)):
        response = client.post(reverse("questions:unsubscribe", args=[forged]))
        assert response.status_code == 404
    assert User.objects.get(pk=world.users["patient_a"].pk).email_on_reply
    assert client.post(reverse("questions:unsubscribe", args=[token])).status_code == 200
    assert not User.objects.get(pk=world.users["patient_a"].pk).email_on_reply
