"""Someone who has only the password of a doctor, staff member or patient must not end up
with a second factor of theirs: not by seeing the key the owner later confirms, not by
setting one up beside (or instead of) the owner's, not through a browser cookie planted
before the owner ticked "remember", not by a session older than the owner's factor or
than a promotion to staff."""

import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.accounts import browsers, twofactor
from tests.factories import DoctorFactory, UserFactory
from tests.qa_portal.accounts.passkey_authenticator import SoftwareAuthenticator
from tests.signing_in import PASSWORD, password_only, totp_code, with_authenticator

pytestmark = pytest.mark.django_db

AUTHENTICATOR = reverse("two-factor-authenticator")
VERIFY = reverse("two-factor-verify")


def _shown_key_device(client, user) -> TOTPDevice:
    client.get(AUTHENTICATOR)
    return TOTPDevice.objects.get(pk=client.session[twofactor.PENDING_KEY], user=user)


def test_each_session_sets_up_its_own_key():
    """A key shown to one session (the attacker's, with the password) is never the one the
    owner's session shows and confirms."""
    doctor = DoctorFactory().user
    attacker, owner = Client(), Client()
    password_only(attacker, doctor)
    password_only(owner, doctor)
    seen = _shown_key_device(attacker, doctor)
    mine = _shown_key_device(owner, doctor)
    assert seen.pk != mine.pk and seen.key != mine.key
    assert owner.post(AUTHENTICATOR, {"code": totp_code(mine)}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=seen.pk).exists()  # gone with the confirmation
    again = Client()
    password_only(again, doctor)
    response = again.post(VERIFY, {"code": totp_code(seen)})
    assert response.status_code == 200 and response.context["form"].errors


def test_the_same_session_sees_the_same_key_on_reload():
    doctor = DoctorFactory().user
    client = Client()
    password_only(client, doctor)
    assert _shown_key_device(client, doctor).pk == _shown_key_device(client, doctor).pk


def test_a_session_held_at_enrolment_cannot_add_a_factor_once_the_owner_has_one():
    """The attacker's session was sent to enrolment; the owner then set up their app
    elsewhere. The attacker's app is refused and the owner's kept: that session must now
    give the owner's factor."""
    doctor = DoctorFactory().user
    attacker = Client()
    password_only(attacker, doctor)
    theirs = _shown_key_device(attacker, doctor)
    owners = with_authenticator(doctor)
    response = attacker.post(AUTHENTICATOR, {"code": totp_code(theirs)})
    assert response["Location"] == VERIFY
    assert list(TOTPDevice.objects.filter(user=doctor, confirmed=True)) == [owners]
    assert attacker.get("/dashboard/")["Location"].startswith(VERIFY)


def test_a_session_held_at_enrolment_cannot_add_a_passkey_once_the_owner_has_a_factor():
    doctor = DoctorFactory().user
    attacker = Client()
    password_only(attacker, doctor)
    options = attacker.post(reverse("passkey-register-options")).json()
    with_authenticator(doctor)
    credential = SoftwareAuthenticator().create(options)
    response = attacker.post(
        reverse("passkey-register"),
        json.dumps({"credential": credential, "name": "Mine"}),
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["redirect"] == VERIFY
    assert not doctor.passkeys.exists()


def test_the_first_factor_signs_out_every_other_browser():
    """A browser signed in with the password alone (an attacker's, perhaps) is signed out
    when the account gets its first factor; the one setting it up stays."""
    patient = UserFactory()
    other, me = Client(), Client()
    other.force_login(patient)
    assert other.get(reverse("account")).status_code == 200
    password_only(me, patient)
    device = _shown_key_device(me, patient)
    assert me.post(AUTHENTICATOR, {"code": totp_code(device)}).status_code == 302
    assert me.get(reverse("account")).status_code == 200
    assert other.get(reverse("account"))["Location"].startswith(reverse("login"))


def test_a_planted_browser_cookie_is_never_the_one_remembered():
    """The attacker signs in to their own account to get a signed browser cookie and
    plants it in the doctor's browser; the doctor ticks "remember". The planted token is
    replaced, so the attacker's copy skips nothing."""
    doctor = DoctorFactory().user
    device = with_authenticator(doctor)
    attacker = Client()
    attacker.post(reverse("login"), {"username": UserFactory().email, "password": PASSWORD})
    planted = attacker.cookies[browsers.cookie_name()].value
    victim = Client()
    victim.cookies[browsers.cookie_name()] = planted
    victim.post(reverse("login"), {"username": doctor.email, "password": PASSWORD})
    victim.post(VERIFY, {"code": totp_code(device), "remember": "on"})
    assert victim.cookies[browsers.cookie_name()].value != planted
    attacker.post(reverse("logout"))
    attacker.post(reverse("login"), {"username": doctor.email, "password": PASSWORD})
    assert attacker.get("/dashboard/")["Location"].startswith(VERIFY)


def test_a_session_made_staff_since_must_enrol():
    """Signed in as a patient (nothing asked), then made staff in the admin: the same
    session reaches nothing of the admin before a second factor."""
    user = UserFactory()
    client = Client()
    password_only(client, user)
    assert client.get(reverse("account")).status_code == 200
    user.is_staff = True
    user.save()
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-setup"))


def test_garbled_passkey_answers_are_refused_not_errors():
    doctor = DoctorFactory().user
    client = Client()
    password_only(client, doctor)
    options = client.post(reverse("passkey-register-options")).json()
    credential = SoftwareAuthenticator().create(options)
    credential["response"]["transports"] = 5
    response = client.post(
        reverse("passkey-register"),
        json.dumps({"credential": credential}),
        content_type="application/json",
    )
    assert response.status_code == 200 and doctor.passkeys.get().transports == []
    deep = "[" * 100_000 + "]" * 100_000
    response = client.post(reverse("passkey-sign-in"), deep, content_type="application/json")
    assert response.status_code in (400, 403)


def test_the_person_is_told_of_each_factor_added_or_removed_and_of_new_codes(
    mailoutbox, django_capture_on_commit_callbacks
):
    """Someone at a computer left signed in could add a factor of their own: the owner
    hears of it. Recovery codes made at enrolment are not told twice."""
    patient = UserFactory()
    client = Client()
    password_only(client, patient)
    with django_capture_on_commit_callbacks(execute=True):
        device = _shown_key_device(client, patient)
        client.post(AUTHENTICATOR, {"code": totp_code(device)})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert "Authenticator app added" in body and "/accounts/password-reset/" in body
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("two-factor-recovery-codes"))
        client.post(reverse("two-factor-authenticator-remove"))
    assert ["Recovery codes issued" in m.body for m in mailoutbox[1:]] == [True, False]
    assert "Authenticator app removed" in mailoutbox[2].body


class TestConfirmingItIsYou:
    """Long after signing in, a factor is changed only after the password again: someone
    at a computer left signed in cannot add their own app or remove the owner's."""

    @pytest.fixture
    def stale(self, client):
        patient = UserFactory()
        device = with_authenticator(patient)
        client.force_login(patient)
        session = client.session
        session[twofactor.RECENT_KEY] -= twofactor.RECENT_MINUTES * 60 + 1
        session.save()
        return patient, device

    def test_each_change_asks_for_the_password_first(self, client, stale):
        confirm = reverse("two-factor-confirm")
        assert client.get(AUTHENTICATOR)["Location"] == (
            f"{confirm}?next=%2Faccounts%2Ftwo-factor%2Fauthenticator%2F"
        )
        setup = "?next=%2Faccounts%2Ftwo-factor%2Fsetup%2F"
        for url in (
            reverse("two-factor-authenticator-remove"),
            reverse("two-factor-recovery-codes"),
        ):
            assert client.post(url)["Location"] == confirm + setup
        response = client.post(reverse("passkey-register-options"))
        assert response.status_code == 403 and response.json()["redirect"] == confirm + setup
        assert TOTPDevice.objects.filter(user=stale[0], confirmed=True).exists()

    def test_the_password_opens_them_again(self, client, stale):
        confirm = reverse("two-factor-confirm")
        response = client.post(
            confirm + "?next=/accounts/two-factor/authenticator/", {"password": PASSWORD}
        )
        assert response["Location"] == AUTHENTICATOR
        assert client.get(AUTHENTICATOR).status_code == 200

    def test_a_wrong_password_says_so_and_counts_towards_the_lockout(self, client, stale):
        response = client.post(reverse("two-factor-confirm"), {"password": "not it"})
        assert response.status_code == 200
        assert response.context["form"].errors["password"] == ["This is not your password."]
        assert AccessAttempt.objects.get().failures_since_start == 1
        assert client.get(AUTHENTICATOR)["Location"].startswith(reverse("two-factor-confirm"))
