"""Remember this browser: the second step is skipped there, for that account, for
REMEMBER_BROWSER_DAYS, until the person forgets it; a forged cookie does nothing."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from qa_portal.accounts import browsers
from qa_portal.models import KnownBrowser
from tests.factories import DoctorFactory, UserFactory
from tests.signing_in import PASSWORD, password_only, second_step, with_authenticator

pytestmark = pytest.mark.django_db

VERIFY = reverse("two-factor-verify")


@pytest.fixture
def doctor():
    user = DoctorFactory().user
    user.device = with_authenticator(user)
    return user


def _sign_in(client, user):
    client.post(reverse("logout"))
    return client.post(reverse("login"), {"username": user.email, "password": PASSWORD})


def _remembered(client, user):
    password_only(client, user)
    assert second_step(client, user.device, remember="on").status_code == 302
    return KnownBrowser.objects.get(user=user)


def test_a_remembered_browser_skips_the_step_for_the_days_set(client, doctor, settings):
    browser = _remembered(client, doctor)
    expected = timezone.now() + timedelta(days=settings.REMEMBER_BROWSER_DAYS)
    assert abs(browser.trusted_until - expected) < timedelta(minutes=1)
    response = _sign_in(client, doctor)
    assert response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_not_after_the_days_set(client, doctor):
    browser = _remembered(client, doctor)
    later = browser.trusted_until + timedelta(seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert _sign_in(client, doctor)["Location"] == VERIFY


def test_not_without_the_tick(client, doctor):
    password_only(client, doctor)
    second_step(client, doctor.device)
    assert KnownBrowser.objects.get(user=doctor).trusted_until is None
    assert _sign_in(client, doctor)["Location"] == VERIFY


def test_not_for_another_account_on_the_same_browser(client, doctor):
    _remembered(client, doctor)
    colleague = DoctorFactory().user
    with_authenticator(colleague)
    assert _sign_in(client, colleague)["Location"] == VERIFY


def test_not_after_forget_on_the_account_page(client, doctor):
    browser = _remembered(client, doctor)
    page = client.get(reverse("account")).content.decode()
    forget = reverse("account-browser-forget", args=[browser.pk])
    assert forget in page
    assert client.post(forget)["Location"] == reverse("account") + "#browsers"
    browser.refresh_from_db()
    assert browser.trusted_until is None
    assert _sign_in(client, doctor)["Location"] == VERIFY


def test_nobody_forgets_another_persons_browser(client, doctor):
    browser = _remembered(client, doctor)
    client.force_login(DoctorFactory().user)
    client.post(reverse("account-browser-forget", args=[browser.pk]))
    browser.refresh_from_db()
    assert browser.trusted_until is not None


@pytest.mark.parametrize(
    "cookie",
    [
        "forged",
        signing.get_cookie_signer(salt="another.salt").sign("token"),
        signing.get_cookie_signer(salt=browsers.COOKIE_SALT + "x").sign("token"),
    ],
)
def test_a_forged_cookie_does_nothing(client, doctor, cookie):
    _remembered(client, doctor)
    client.cookies[browsers.cookie_name()] = cookie
    assert _sign_in(client, doctor)["Location"] == VERIFY


def test_another_browsers_real_token_unsigned_does_nothing(client, doctor):
    """The row keeps only a hash; the unsigned token itself is refused as a cookie."""
    _remembered(client, doctor)
    signed = client.cookies[browsers.cookie_name()].value
    token = signed.split(":")[0]  # value:timestamp:signature
    assert not KnownBrowser.objects.filter(token_hash=token).exists()
    client.cookies[browsers.cookie_name()] = token
    assert _sign_in(client, doctor)["Location"] == VERIFY


def test_browsers_unseen_longer_than_their_cookie_lives_are_forgotten(client):
    """A private window leaves a known browser behind at each sign-in: rows older than the
    cookie's lifetime go at the account's next sign-in."""
    patient = UserFactory()
    old = KnownBrowser.objects.create(
        user=patient,
        token_hash="1" * 64,
        last_sign_in_at=timezone.now() - timedelta(seconds=browsers.COOKIE_MAX_AGE + 60),
    )
    client.post(reverse("login"), {"username": patient.email, "password": PASSWORD})
    assert not KnownBrowser.objects.filter(pk=old.pk).exists()
    assert KnownBrowser.objects.filter(user=patient).count() == 1
