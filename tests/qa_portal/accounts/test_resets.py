"""Resetting an account's second factor: every factor goes, every session ends, the log
says who did it, the person is e-mailed, and their next sign-in lands on enrolment."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.accounts import resets
from qa_portal.models import KnownBrowser, Passkey, RecoveryCode, SecurityEvent, SignedInSession
from tests.factories import DoctorFactory, UserFactory
from tests.signing_in import password_only

from .second_factors import give_every_factor

pytestmark = pytest.mark.django_db


def test_a_reset_takes_every_factor_away_and_says_who_did_it(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Authenticator apps (a key half set up too), passkeys, recovery codes and remembered
    browsers go; the security log names the staff member and the reason; one e-mail."""
    settings.SITE_NAME = "Hsinchu Q&A"
    doctor = DoctorFactory().user
    staff = UserFactory(is_staff=True, is_superuser=True)
    give_every_factor(doctor)
    other = UserFactory()
    give_every_factor(other)

    with django_capture_on_commit_callbacks(execute=True):
        done = resets.reset_second_factor(user=doctor, actor=staff, note="  Lost phone, called  ")

    assert done.factors == resets.Factors(
        authenticators=1, passkeys=1, recovery_codes=10, remembered_browsers=1,
    )  # fmt: skip
    assert not TOTPDevice.objects.filter(user=doctor).exists()
    assert not Passkey.objects.filter(user=doctor).exists()
    assert not RecoveryCode.objects.filter(user=doctor).exists()
    assert not KnownBrowser.objects.filter(user=doctor, trusted_until__isnull=False).exists()
    assert KnownBrowser.objects.filter(user=doctor).exists(), "known, no longer remembered"
    event = SecurityEvent.objects.get(user=doctor, action=SecurityEvent.Action.FACTORS_RESET)
    assert (event.actor, event.by_operator, event.note) == (staff, False, "Lost phone, called")
    assert SecurityEvent.objects.filter(user=doctor).count() == 2  # codes issued, then reset
    assert TOTPDevice.objects.filter(user=other).count() == 2, "nobody else's factors go"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [doctor.email]
    assert message.subject == "The second factor of your Hsinchu Q&A account was reset"
    assert "set up a new second factor" in message.body
    assert "contact the hospital" in message.body
    assert "http://" in message.body and "/accounts/login/" in message.body


def test_a_reset_ends_every_session_listed_or_not():
    """A browser that came back after the password (listed) and one that never did (its
    session in the table only) are both signed out; another account's session stays."""
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    unlisted, listed, bystander = Client(), Client(), Client()
    unlisted.force_login(doctor)
    assert unlisted.get("/dashboard/").status_code == 200
    password_only(listed, doctor)
    assert listed.get("/dashboard/").status_code == 302  # the second step
    assert SignedInSession.objects.filter(user=doctor).count() == 1
    bystander.force_login(DoctorFactory().user)

    done = resets.reset_second_factor(user=doctor, by_operator=True)

    assert done.sessions_ended == 1  # the listed one; the other ends at its next request
    for client in (unlisted, listed):
        response = client.get("/dashboard/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not SignedInSession.objects.filter(user=doctor).exists()
    assert bystander.get("/dashboard/").status_code == 200
    assert Session.objects.count() == 1


def test_after_a_reset_a_doctors_next_sign_in_lands_on_enrolment(client):
    """The password still works; the doctor then sets up a new factor before anything."""
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    resets.reset_second_factor(user=doctor, by_operator=True)
    password_only(client, doctor)
    response = client.get("/dashboard/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/setup/?next=%2Fdashboard%2F"


def test_a_reset_is_by_staff_or_by_the_operator_not_both():
    user = UserFactory()
    with pytest.raises(ValueError):
        resets.reset_second_factor(user=user, actor=UserFactory(is_staff=True), by_operator=True)
    assert not SecurityEvent.objects.exists()


def test_no_email_to_an_account_closed_before_it_is_sent(mailoutbox):
    """The task reads the account when it runs: a deactivated account gets nothing."""
    user = UserFactory(is_active=False)
    assert resets.send_factors_reset_email.call(user_id=user.pk) is False
    assert mailoutbox == []


def test_a_patient_is_told_their_password_alone_signs_them_in(
    mailoutbox, django_capture_on_commit_callbacks, settings
):
    """A patient who had turned the second factor on is not made to set one up again."""
    settings.BASE_URL = "https://qa.example.org"
    patient = UserFactory()
    give_every_factor(patient)
    with django_capture_on_commit_callbacks(execute=True):
        resets.reset_second_factor(user=patient, actor=UserFactory(is_staff=True))
    body = mailoutbox[0].body
    assert "signs you in alone" in body
    assert "https://qa.example.org/accounts/two-factor/setup/" in body
    assert "set up a new second factor" not in body
