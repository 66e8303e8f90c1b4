"""A doctor or staff member who signs in from a browser the account has not used before is
e-mailed (someone else may have the password and the factor); a known browser, or a
patient, is not."""

import pytest
from django.test import Client
from django.urls import reverse

from qa_portal.models import SecurityEvent
from tests.factories import DoctorFactory, UserFactory
from tests.signing_in import PASSWORD, second_step, with_authenticator

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.77"


def _sign_in(client, user, device=None):
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    if device is not None:
        assert second_step(client, device).status_code == 302


@pytest.fixture
def web_browser():
    return Client(
        REMOTE_ADDR=ADDRESS,
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    )


def test_a_doctor_on_a_new_browser_is_told_once(
    web_browser, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    doctor = DoctorFactory().user
    device = with_authenticator(doctor)
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(web_browser, doctor, device)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [doctor.email]
    assert "Firefox / Linux" in message.body
    assert "203.0.113.x" in message.body and ADDRESS not in message.body
    assert SecurityEvent.objects.filter(action=SecurityEvent.Action.NEW_BROWSER).count() == 1
    device.refresh_from_db()
    device.last_t -= 1  # the same 30 seconds: let the app's code be used again
    device.save()
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(web_browser, doctor, device)  # the browser is known now
    assert len(mailoutbox) == 1


def test_enrolment_is_no_new_browser_alert(
    web_browser, mailoutbox, django_capture_on_commit_callbacks
):
    """Setting up the first factor is not a sign-in to warn about (the one e-mail says an
    authenticator app was added)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.signing_in import totp_code

    doctor = DoctorFactory().user
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(web_browser, doctor)
        web_browser.get(reverse("two-factor-authenticator"))
        device = TOTPDevice.objects.get(user=doctor)
        web_browser.post(reverse("two-factor-authenticator"), {"code": totp_code(device)})
    assert [message.subject for message in mailoutbox] == [
        "A change to how you sign in to Ask a Hospital Doctor"
    ]


@pytest.mark.parametrize("with_factor", [False, True])
def test_a_patient_is_not_emailed(
    web_browser, mailoutbox, django_capture_on_commit_callbacks, with_factor
):
    patient = UserFactory()
    device = with_authenticator(patient) if with_factor else None
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(web_browser, patient, device)
    assert web_browser.get(reverse("account")).status_code == 200
    assert mailoutbox == []
