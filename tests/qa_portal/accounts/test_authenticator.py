"""The authenticator app: setting it up (QR code and key, confirmed by a code) and the
second step with its codes: wrong, old, reused, too many."""

import re

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.accounts import twofactor
from qa_portal.models import RecoveryCode, SecurityEvent
from tests.factories import DoctorFactory
from tests.signing_in import (
    PASSWORD,
    password_only,
    second_step,
    totp_code,
    with_authenticator,
)

pytestmark = pytest.mark.django_db

VERIFY = reverse("two-factor-verify")
AUTHENTICATOR = reverse("two-factor-authenticator")


@pytest.fixture
def doctor():
    return DoctorFactory().user


class TestSetUp:
    def test_the_page_shows_a_qr_code_and_the_same_key_on_reload(self, client, doctor):
        password_only(client, doctor)
        first = client.get(AUTHENTICATOR).content.decode()
        assert re.search(r"<svg [^>]*class=\"qr-code\"", first)
        device = TOTPDevice.objects.get(user=doctor)
        assert not device.confirmed
        key = twofactor.key_text(device)
        assert key in first
        again = client.get(AUTHENTICATOR).content.decode()
        assert key in again
        assert TOTPDevice.objects.filter(user=doctor).count() == 1

    def test_an_unconfirmed_key_is_no_factor(self, client, doctor):
        """A key shown but never confirmed lets nobody skip the step: the next sign-in is
        sent to enrolment again, not to a code prompt."""
        password_only(client, doctor)
        client.get(AUTHENTICATOR)
        assert not twofactor.has_second_factor(doctor)
        other = client.__class__()
        password_only(other, doctor)
        response = other.get("/dashboard/")
        assert response["Location"].startswith(reverse("two-factor-setup"))

    def test_a_wrong_code_says_so_next_to_the_field_and_saves_nothing(self, client, doctor):
        password_only(client, doctor)
        client.get(AUTHENTICATOR)
        device = TOTPDevice.objects.get(user=doctor)
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        response = client.post(AUTHENTICATOR, {"code": wrong})
        assert response.status_code == 200
        assert "This code does not match" in response.context["form"].errors["code"][0]
        device.refresh_from_db()
        assert not device.confirmed
        assert not RecoveryCode.objects.filter(user=doctor).exists()
        assert not SecurityEvent.objects.filter(user=doctor).exists()
        assert client.get("/dashboard/")["Location"].startswith(reverse("two-factor-setup"))

    def test_the_right_code_proves_the_session_and_shows_recovery_codes_once(self, client, doctor):
        password_only(client, doctor)
        client.get(AUTHENTICATOR)
        device = TOTPDevice.objects.get(user=doctor)
        response = client.post(AUTHENTICATOR, {"code": totp_code(device), "next": "/dashboard/"})
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("two-factor-recovery-codes") + "?next=%2Fdashboard%2F"
        )
        device.refresh_from_db()
        assert device.confirmed
        page = client.get(response["Location"])
        codes = page.context["codes"]
        assert len(codes) == twofactor.RECOVERY_CODE_COUNT
        assert codes[0] in page.content.decode()
        again = client.get(reverse("two-factor-recovery-codes")).content.decode()
        assert codes[0] not in again  # shown only once
        assert client.get("/dashboard/").status_code == 200
        assert SecurityEvent.objects.filter(
            user=doctor, action=SecurityEvent.Action.AUTHENTICATOR_ADDED
        ).exists()

    def test_a_new_app_replaces_the_old_one_once_confirmed(self, client, doctor):
        old = with_authenticator(doctor)
        client.force_login(doctor)
        client.get(AUTHENTICATOR)
        new = TOTPDevice.objects.get(user=doctor, confirmed=False)
        assert client.post(AUTHENTICATOR, {"code": totp_code(new)}).status_code == 302
        assert list(TOTPDevice.objects.filter(user=doctor)) == [new]
        assert not TOTPDevice.objects.filter(pk=old.pk).exists()

    def test_removing_the_last_factor_of_a_doctor_is_refused(self, client, doctor):
        with_authenticator(doctor)
        client.force_login(doctor)
        response = client.post(reverse("two-factor-authenticator-remove"), follow=True)
        assert "must keep a second factor" in response.content.decode()
        assert twofactor.has_second_factor(doctor)


class TestSecondStep:
    def test_the_right_code_signs_in_with_a_new_session_key(self, client, doctor):
        """No session fixation across the step: the key changes."""
        device = with_authenticator(doctor)
        password_only(client, doctor)
        client.get(VERIFY + "?next=/dashboard/me/")
        before = client.session.session_key
        response = second_step(client, device, next="/dashboard/me/")
        assert response["Location"] == "/dashboard/me/"
        assert client.session.session_key != before
        assert client.get("/dashboard/").status_code == 200

    def test_elsewhere_than_this_site_is_not_followed(self, client, doctor):
        device = with_authenticator(doctor)
        password_only(client, doctor)
        response = second_step(client, device, next="https://evil.example/")
        assert response["Location"] == "/dashboard/"

    def test_a_wrong_code_says_so(self, client, doctor):
        device = with_authenticator(doctor)
        password_only(client, doctor)
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        response = client.post(VERIFY, {"code": wrong})
        assert response.status_code == 200
        assert (
            "This code is wrong, expired or already used"
            in (response.context["form"].errors["code"][0])
        )
        assert client.get("/dashboard/").status_code == 302

    def test_an_expired_code_is_refused(self, client, doctor):
        device = with_authenticator(doctor)
        password_only(client, doctor)
        response = client.post(VERIFY, {"code": totp_code(device, steps_ago=3)})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]

    def test_a_code_is_never_accepted_twice(self, client, doctor):
        device = with_authenticator(doctor)
        password_only(client, doctor)
        code = totp_code(device)
        assert client.post(VERIFY, {"code": code}).status_code == 302
        other = client.__class__()
        password_only(other, doctor)
        response = other.post(VERIFY, {"code": code})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]

    def test_failures_lock_the_account_out_like_wrong_passwords(self, client, doctor, settings):
        """After AXES_FAILURE_LIMIT wrong codes the lockout page, even for the right code,
        and the password login is locked too."""
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        device = with_authenticator(doctor)
        password_only(client, doctor)
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            assert client.post(VERIFY, {"code": wrong}).status_code == 200
        assert client.post(VERIFY, {"code": wrong}).status_code == 429
        assert AccessAttempt.objects.get().failures_since_start == settings.AXES_FAILURE_LIMIT
        response = second_step(client, device)
        assert response.status_code == 429
        assert "Too many failed log-in attempts" in response.content.decode()
        assert client.get("/dashboard/").status_code == 302
        client.post(reverse("logout"))
        response = client.post(reverse("login"), {"username": doctor.email, "password": PASSWORD})
        assert response.status_code == 429

    def test_the_password_again_does_not_reset_the_count_of_wrong_codes(
        self, client, doctor, settings
    ):
        """Someone who has the password cannot sign in again between guesses to start the
        count of wrong codes over."""
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        device = with_authenticator(doctor)
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            response = client.post(
                reverse("login"), {"username": doctor.email, "password": PASSWORD}
            )
            assert response["Location"] == VERIFY
            assert client.post(VERIFY, {"code": wrong}).status_code == 200
            client.post(reverse("logout"))
        client.post(reverse("login"), {"username": doctor.email, "password": PASSWORD})
        assert client.post(VERIFY, {"code": wrong}).status_code == 429

    def test_the_right_code_starts_the_count_over(self, client, doctor, settings):
        settings.OTP_TOTP_THROTTLE_FACTOR = 0
        device = with_authenticator(doctor)
        password_only(client, doctor)
        wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
        client.post(VERIFY, {"code": wrong})
        assert AccessAttempt.objects.exists()
        assert second_step(client, device).status_code == 302
        assert not AccessAttempt.objects.exists()
