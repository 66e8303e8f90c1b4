"""Accounts: sign-up, login with lockout, logout, password reset, preferences, data export
and deletion."""

import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from qa_portal.models import User
from questions.models import Question
from tests.factories import (
    AnsweredQuestionFactory,
    DoctorFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
)
from tests.signing_in import second_step, with_authenticator

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-test-password"
SIGNUP = reverse("signup")
LOGIN = reverse("login")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def signup_data(email="new.patient@example.org", password="correct horse battery"):
    return {"email": email, "password1": password, "password2": password}


class TestSignup:
    def test_signup_logs_in_and_goes_to_ask(self, client):
        """A new patient signs up with e-mail and password, is logged in and sent to ask."""
        response = client.post(SIGNUP, signup_data())
        assert response.status_code == 302
        assert response["Location"] == reverse("questions:ask")
        user = User.objects.get(email="new.patient@example.org")
        assert user.check_password("correct horse battery")
        assert client.get(reverse("questions:ask")).status_code == 200

    def test_email_taken_in_any_case(self, client):
        """An address already used, in any case, is refused with a message that helps."""
        UserFactory(email="Taken@Example.org")
        response = client.post(SIGNUP, signup_data(email="taken@example.ORG"))
        assert response.status_code == 200
        assert "An account with this e-mail address already exists" in response.content.decode()
        assert User.objects.count() == 1

    @pytest.mark.parametrize(
        ("password", "message"),
        [("short", "This password is too short"), ("password1234", "too common")],
    )
    def test_weak_password_is_refused(self, client, password, message):
        response = client.post(SIGNUP, signup_data(password=password))
        assert message in response.content.decode()
        assert not User.objects.exists()

    def test_signup_is_rate_limited(self, client, settings):
        """Too many sign-ups from one address: a 429 page that says when to try again."""
        settings.SIGNUPS_PER_HOUR = 2
        for number in range(2):
            client.post(SIGNUP, signup_data(email=f"p{number}@example.org"))
            client.logout()
        response = client.post(SIGNUP, signup_data(email="p9@example.org"))
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        assert "before trying again" in response.content.decode()
        assert not User.objects.filter(email="p9@example.org").exists()


class TestLogin:
    def test_login_with_email_in_any_case_then_logout(self, client):
        """Log in with the e-mail in another case; log out with a POST."""
        UserFactory(email="alex@example.org")
        response = client.post(LOGIN, {"username": "ALEX@example.org", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("questions:my-questions")).status_code == 200
        client.post(reverse("logout"))
        assert client.get(reverse("questions:my-questions")).status_code == 302

    @pytest.mark.parametrize(
        "role, landing",
        [
            ("patient", "/my/questions/"),
            ("doctor", "/dashboard/"),
            ("staff", "/admin/"),
        ],
    )
    def test_each_role_lands_on_its_own_page(self, client, role, landing):
        """A doctor lands on the dashboard, staff on the admin, a patient on My questions
        (doctors and staff after their second step)."""
        user = UserFactory(email="alex@example.org", is_staff=role == "staff")
        if role == "doctor":
            DoctorFactory(user=user)
        device = with_authenticator(user) if role != "patient" else None
        response = client.post(LOGIN, {"username": "alex@example.org", "password": PASSWORD})
        if device is not None:
            assert response["Location"] == reverse("two-factor-verify")
            response = second_step(client, device)
        assert response["Location"] == landing
        assert client.get(LOGIN)["Location"] == landing  # already logged in: the same page

    def test_where_they_were_going_comes_first(self, client):
        """?next= is kept through the second step."""
        user = UserFactory(email="alex@example.org")
        DoctorFactory(user=user)
        device = with_authenticator(user)
        response = client.post(
            f"{LOGIN}?next=/dashboard/me/", {"username": "alex@example.org", "password": PASSWORD}
        )
        assert response["Location"] == reverse("two-factor-verify") + "?next=%2Fdashboard%2Fme%2F"
        response = second_step(client, device, next="/dashboard/me/")
        assert response["Location"] == "/dashboard/me/"

    def test_wrong_password_says_so(self, client):
        UserFactory(email="alex@example.org")
        response = client.post(LOGIN, {"username": "alex@example.org", "password": "nope"})
        assert response.status_code == 200
        assert "Please enter a correct e-mail address and password" in response.content.decode()

    def test_lockout_after_repeated_failures(self, client, settings):
        """After five failures for one address from one IP, the login is locked for a while,
        with a clear message, even for the right password."""
        UserFactory(email="alex@example.org")
        for attempt in range(settings.AXES_FAILURE_LIMIT):
            # Changing the case of the address does not reset the count.
            username = "ALEX@example.org" if attempt % 2 else "alex@example.org"
            client.post(LOGIN, {"username": username, "password": "wrong"})
        response = client.post(LOGIN, {"username": "alex@example.org", "password": PASSWORD})
        assert response.status_code == 429
        assert "Too many failed log-in attempts" in response.content.decode()
        assert client.get(reverse("questions:my-questions")).status_code == 302


class TestPasswordReset:
    def test_reset_by_email(self, client, mailoutbox):
        """A reset link arrives by e-mail and lets the person choose a new password."""
        user = UserFactory(email="alex@example.org")
        response = client.post(reverse("password_reset"), {"email": "alex@example.org"})
        assert response.status_code == 302
        assert len(mailoutbox) == 1
        link = re.search(r"http://testserver(/accounts/reset/\S+)", mailoutbox[0].body).group(1)
        form_page = client.get(link, follow=True)
        assert form_page.status_code == 200
        client.post(
            form_page.redirect_chain[-1][0],
            {
                "new_password1": "another long passphrase",
                "new_password2": "another long passphrase",
            },
        )
        user.refresh_from_db()
        assert user.check_password("another long passphrase")

    def test_unknown_address_looks_the_same(self, client, mailoutbox):
        """Whether an account exists does not leak: same answer, no e-mail."""
        response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
        assert response.status_code == 302
        assert mailoutbox == []

    def test_reset_is_rate_limited(self, client, settings):
        settings.PASSWORD_RESETS_PER_HOUR = 1
        client.post(reverse("password_reset"), {"email": "a@example.org"})
        assert client.post(reverse("password_reset"), {"email": "a@example.org"}).status_code == 429


class TestAccount:
    def test_email_preference(self, client):
        user = UserFactory()
        client.force_login(user)
        assert client.get(reverse("account")).status_code == 200
        client.post(reverse("account"), {})
        user.refresh_from_db()
        assert not user.email_on_reply

    def test_export_has_own_questions_and_replies_only(self, client):
        """The JSON download holds the patient's questions with their replies, nobody
        else's."""
        user = UserFactory()
        mine = AnsweredQuestionFactory(author=user, body="My own body text here, long enough.")
        ReplyFactory(question=mine, body="The doctor's answer.")
        QuestionFactory(author=user, status="open")
        QuestionFactory(title="Someone else's question title")
        client.force_login(user)
        response = client.get(reverse("account-export"))
        assert response["Content-Disposition"].startswith("attachment;")
        data = json.loads(response.content)
        assert data["account"]["email"] == user.email
        assert len(data["questions"]) == 2
        exported = next(q for q in data["questions"] if q["id"] == mine.pk)
        assert exported["body"] == "My own body text here, long enough."
        assert exported["replies"][0]["body"] == "The doctor's answer."
        assert "Someone else's" not in response.content.decode()

    def test_export_and_delete_need_login(self, client):
        for name in ("account", "account-export", "account-delete"):
            assert client.get(reverse(name)).status_code == 302

    def test_delete_account(self, client):
        """With the password: the account is gone and logged out; answered questions stay
        public with the nickname only; waiting questions are withdrawn."""
        user = UserFactory()
        answered = AnsweredQuestionFactory(author=user, nickname="ALEX")
        waiting = QuestionFactory(author=user, status="open")
        client.force_login(user)
        response = client.post(reverse("account-delete"), {"password": "wrong"})
        assert "This is not your password." in response.content.decode()
        assert User.objects.filter(pk=user.pk).exists()
        response = client.post(reverse("account-delete"), {"password": PASSWORD})
        assert response.status_code == 302
        assert not User.objects.filter(pk=user.pk).exists()
        answered.refresh_from_db()
        waiting.refresh_from_db()
        assert answered.author is None and answered.status == Question.Status.ANSWERED
        assert waiting.status == Question.Status.WITHDRAWN
        page = client.get(answered.get_absolute_url()).content.decode()
        assert "ALEX," in page and user.email not in page
        assert client.get(reverse("account")).status_code == 302

    def test_deleting_an_account_leaves_a_line_on_each_withdrawn_question(self, client):
        """Each question withdrawn because its author left has its audit line, as a
        withdrawal by the patient has (and a claim on it is released); answered and
        already withdrawn questions get none."""
        user = UserFactory()
        waiting = QuestionFactory(author=user, status="open")
        triage = QuestionFactory(author=user, department=None, status="triage")
        answered = AnsweredQuestionFactory(author=user)
        client.force_login(user)
        client.post(reverse("account-delete"), {"password": PASSWORD})
        for question in (waiting, triage):
            question.refresh_from_db()
            assert question.status == Question.Status.WITHDRAWN
            event = question.events.get(action="withdrawn")
            assert event.detail == "account deleted" and event.actor is None  # account gone
            assert question.claimed_by is None
        assert not answered.events.filter(action="withdrawn").exists()

    def test_doctor_cannot_delete_own_account(self, client):
        doctor = DoctorFactory()
        client.force_login(doctor.user)
        response = client.post(reverse("account-delete"), {"password": PASSWORD})
        assert response.status_code == 200
        assert "closed by an administrator" in response.content.decode()
        assert User.objects.filter(pk=doctor.user.pk).exists()


def test_signup_next_cannot_send_people_to_another_site(client):
    response = client.post(
        reverse("signup") + "?next=https://evil.example/",
        {"email": "new@example.org", "password1": "correct horse battery",
         "password2": "correct horse battery"},
    )  # fmt: skip
    assert response["Location"] == reverse("questions:ask")


def test_lockout_page_says_minutes(client, settings):
    UserFactory(email="alex@example.org")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(reverse("login"), {"username": "alex@example.org", "password": "x"})
    assert "Try again in 15 minutes" in response.content.decode()
