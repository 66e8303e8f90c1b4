"""Confirming the e-mail address: the link sent at sign-up, what each state of a link
answers, the resend button and its limit, and asking only from a confirmed address."""

import re
import time
import uuid
from importlib import import_module

import pytest
from django.apps import apps
from django.core import signing
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from machinery import mail
from qa_portal import services, verification
from qa_portal.models import User
from questions import notifications
from questions.models import Question
from tests.factories import DepartmentFactory, DoctorFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"
ASK = reverse("questions:ask")
RESEND = reverse("verify-email-resend")


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.BASE_URL = "http://testserver"
    cache.clear()
    yield
    cache.clear()


def link_path(body: str) -> str:
    return re.search(r"http://testserver(/accounts/verify/\S+/)", body).group(1)


def verify_url(user) -> str:
    return reverse("verify-email", kwargs={"token": verification.verification_token(user)})


def old_token(user, *, hours: float) -> str:
    """A token signed `hours` ago."""
    signer = signing.TimestampSigner(salt=verification.VERIFY_SALT)
    payload = {"user": user.pk, "email": user.email}
    then = time.time() - hours * 3600
    original = signer.timestamp
    signer.timestamp = lambda: signing.b62_encode(int(then))
    try:
        return signer.sign_object(payload, serializer=signing.JSONSerializer, compress=True)
    finally:
        signer.timestamp = original


def ask_data(department) -> dict:
    return {
        "title": "Twitching legs when falling asleep",
        "body": "Every night my legs twitch as I fall asleep. Is this dangerous at all?",
        "nickname": "Moonlight",
        "age_range": "20~29",
        "gender": "female",
        "department": department.pk,
        "consent": "on",
        "submission_token": str(uuid.uuid4()),
    }


class TestSignup:
    def test_signup_sends_one_email_whose_link_confirms_the_address(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        """Sign-up logs in and sends exactly one e-mail; its link, opened and confirmed,
        verifies the address and leads to the ask page."""
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("signup"),
                {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
            )
        assert response.status_code == 302
        user = User.objects.get(email="new@example.org")
        assert user.email_verified_at is None
        assert len(mailoutbox) == 1
        message = mailoutbox[0]
        assert message.to == ["new@example.org"]
        assert "Confirm your e-mail address" in message.subject
        assert "48 hours" in message.body
        path = link_path(message.body)

        page = client.get(path)
        assert page.status_code == 200
        assert "Confirm my e-mail address" in page.content.decode()
        done = client.post(path)
        assert done.status_code == 302 and done["Location"] == ASK
        user.refresh_from_db()
        assert user.email_verified_at is not None

    def test_the_email_is_in_the_language_of_the_request(
        self, client, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
    ):
        """Signed up in Traditional Chinese: the e-mail is rendered in it."""
        languages = []
        original = mail.render_to_string

        def recording(*args, **kwargs):
            languages.append(translation.get_language())
            return original(*args, **kwargs)

        monkeypatch.setattr(mail, "render_to_string", recording)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("signup"),
                {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
                HTTP_ACCEPT_LANGUAGE="zh-TW",
            )
        assert languages == ["zh-hant", "zh-hant"]
        assert len(mailoutbox) == 1


class TestLink:
    def test_get_changes_nothing(self, client):
        """Mail scanners open links: a GET only shows the button."""
        user = UserFactory(unverified=True)
        response = client.get(verify_url(user))
        assert response.status_code == 200
        assert '<form method="post"' in response.content.decode()
        user.refresh_from_db()
        assert user.email_verified_at is None

    def test_post_verifies_without_being_logged_in(self, client):
        """The signed link is what authorises: it works in a browser that is logged out."""
        user = UserFactory(unverified=True)
        response = client.post(verify_url(user), follow=True)
        user.refresh_from_db()
        assert user.email_verified_at is not None
        assert "your e-mail address is confirmed" in response.content.decode()

    def test_used_twice_says_already_verified(self, client):
        """A second click is no error: it says the address is confirmed."""
        user = UserFactory(unverified=True)
        url = verify_url(user)
        client.post(url)
        first = User.objects.get(pk=user.pk).email_verified_at
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 200
            assert "already confirmed" in response.content.decode()
        assert User.objects.get(pk=user.pk).email_verified_at == first

    def test_expired_link_offers_a_new_one_when_logged_in(self, client, settings):
        """Past VERIFY_HOURS the link says it expired, confirms nothing, and offers to
        send a new one to the logged-in person."""
        settings.VERIFY_HOURS = 48
        user = UserFactory(unverified=True)
        url = reverse("verify-email", kwargs={"token": old_token(user, hours=49)})
        response = client.post(url)
        assert response.status_code == 400
        assert "This link has expired" in response.content.decode()
        assert RESEND not in response.content.decode()
        assert "Log in to ask for a new link" in response.content.decode()
        user.refresh_from_db()
        assert user.email_verified_at is None
        client.force_login(user)
        page = client.get(url).content.decode()
        assert f'action="{RESEND}"' in page and "Send the link again" in page

    def test_a_link_just_within_its_life_works(self, client, settings):
        settings.VERIFY_HOURS = 48
        user = UserFactory(unverified=True)
        client.post(reverse("verify-email", kwargs={"token": old_token(user, hours=47)}))
        user.refresh_from_db()
        assert user.email_verified_at is not None

    @pytest.mark.parametrize(
        "token",
        ["garbled", "eyJ1c2VyIjoxfQ:1tEST:forgedsignatureforgedsignature", "a" * 300],
    )
    def test_forged_or_garbled_link(self, client, token):
        """A forged or cut-short link: a clear 400 page, nothing verified."""
        user = UserFactory(unverified=True)
        for method in (client.get, client.post):
            response = method(reverse("verify-email", kwargs={"token": token}))
            assert response.status_code == 400
            assert "This link is not valid" in response.content.decode()
        user.refresh_from_db()
        assert user.email_verified_at is None

    def test_a_token_signed_for_another_purpose_is_refused(self, client):
        """An unsubscribe token (same secret, other salt) does not verify anything."""
        user = UserFactory(unverified=True)
        token = notifications.unsubscribe_token(user)
        response = client.post(reverse("verify-email", kwargs={"token": token}))
        assert response.status_code == 400
        user.refresh_from_db()
        assert user.email_verified_at is None

    def test_link_for_a_deleted_account(self, client):
        user = UserFactory(unverified=True)
        url = verify_url(user)
        user.delete()
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 404
            assert "This account no longer exists" in response.content.decode()

    def test_link_for_an_address_since_changed(self, client):
        """The account's address changed after the link was sent: the link confirms
        neither address."""
        user = UserFactory(unverified=True, email="old@example.org")
        url = verify_url(user)
        user.email = "new@example.org"
        user.save()
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 400
            assert "This link is for another e-mail address" in response.content.decode()
        user.refresh_from_db()
        assert user.email_verified_at is None

    def test_the_service_verifies_only_the_address_the_link_was_for(self):
        user = UserFactory(unverified=True, email="now@example.org")
        assert not services.verify_email(user=user, email="before@example.org")
        assert services.verify_email(user=user, email="NOW@example.org")
        assert not services.verify_email(user=user, email="now@example.org")


class TestAsking:
    def test_unverified_patient_sees_the_notice_instead_of_the_form(self, client):
        user = UserFactory(unverified=True, email="me@example.org")
        client.force_login(user)
        page = client.get(ASK)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Confirm your e-mail address to ask: we sent a link to" in html
        assert "<strong>me@example.org</strong>" in html
        assert f'action="{RESEND}"' in html and "Send the link again" in html
        assert 'name="title"' not in html

    def test_unverified_patient_cannot_post_a_question(self, client):
        """Posting the form anyway is refused and nothing is saved."""
        client.force_login(UserFactory(unverified=True))
        response = client.post(ASK, ask_data(DepartmentFactory()))
        assert response.status_code == 403
        assert Question.objects.count() == 0

    def test_verified_patient_asks(self, client):
        client.force_login(UserFactory())
        response = client.post(ASK, ask_data(DepartmentFactory()))
        assert response.status_code == 302
        assert Question.objects.count() == 1

    @pytest.mark.parametrize("role", ["doctor", "staff"])
    def test_doctors_and_staff_are_never_held_back(self, client, role):
        if role == "doctor":
            user = DoctorFactory(user__email_verified_at=None).user
        else:
            user = UserFactory(unverified=True, is_staff=True)
        client.force_login(user)
        assert 'name="title"' in client.get(ASK).content.decode()


class TestResend:
    def test_resend_sends_a_new_link(self, client, mailoutbox, django_capture_on_commit_callbacks):
        user = UserFactory(unverified=True)
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(RESEND, {"next": reverse("account")})
        assert response.status_code == 302 and response["Location"] == reverse("account")
        assert len(mailoutbox) == 1
        client.post(link_path(mailoutbox[0].body))
        user.refresh_from_db()
        assert user.email_verified_at is not None

    @pytest.mark.parametrize("next_url", ["https://evil.example.com/", "//evil.example.com/", "-1"])
    def test_resend_goes_back_only_to_a_path_on_this_site(self, client, next_url):
        client.force_login(UserFactory(unverified=True))
        response = client.post(RESEND, {"next": next_url})
        assert response["Location"] == ASK

    def test_resend_is_rate_limited_per_account(
        self, client, mailoutbox, django_capture_on_commit_callbacks, settings
    ):
        """Past VERIFY_EMAILS_PER_HOUR the button answers 429 and sends nothing more; another
        account is not affected."""
        settings.VERIFY_EMAILS_PER_HOUR = 3
        client.force_login(UserFactory(unverified=True))
        with django_capture_on_commit_callbacks(execute=True):
            statuses = [client.post(RESEND).status_code for _ in range(4)]
        assert statuses == [302, 302, 302, 429]
        assert len(mailoutbox) == 3
        client.force_login(UserFactory(unverified=True))
        assert client.post(RESEND).status_code == 302

    def test_resend_when_already_verified_sends_nothing(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        client.force_login(UserFactory())
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(RESEND, follow=True)
        assert "already confirmed" in response.content.decode()
        assert mailoutbox == []

    def test_resend_needs_login_and_post(self, client):
        assert client.post(RESEND)["Location"].startswith(reverse("login"))
        client.force_login(UserFactory(unverified=True))
        assert client.get(RESEND).status_code == 405

    def test_task_sends_nothing_for_a_verified_or_gone_account(self, mailoutbox):
        assert not verification.send_verification_email.call(user_id=UserFactory().pk)
        assert not verification.send_verification_email.call(user_id=0)
        assert mailoutbox == []


class TestAccountPage:
    def test_account_page_says_whether_the_address_is_confirmed(self, client):
        user = UserFactory(unverified=True)
        client.force_login(user)
        page = client.get(reverse("account")).content.decode()
        assert "not confirmed yet" in page and f'action="{RESEND}"' in page
        services.verify_email(user=user, email=user.email)
        page = client.get(reverse("account")).content.decode()
        assert "Your e-mail address is confirmed." in page and RESEND not in page


def test_reply_emails_go_only_to_verified_addresses(mailoutbox):
    """A patient who never confirmed the address gets no e-mail about their question."""
    unverified = QuestionFactory(author=UserFactory(unverified=True), status="declined")
    assert not notifications.send_question_email.call(question_id=unverified.pk, kind="declined")
    verified = QuestionFactory(status="declined")
    assert notifications.send_question_email.call(question_id=verified.pk, kind="declined")
    assert [message.to for message in mailoutbox] == [[verified.author.email]]


def test_migration_marks_existing_users_verified():
    """Accounts from before sign-up checked the address count as verified."""
    migration = import_module("qa_portal.migrations.0003_mark_existing_users_verified")
    old = UserFactory(unverified=True)
    already = UserFactory()
    before = already.email_verified_at
    migration.mark_existing_users_verified(apps, None)
    old.refresh_from_db()
    already.refresh_from_db()
    assert old.email_verified_at is not None
    assert already.email_verified_at == before
