"""`manage.py reset_second_factor`: the operator's way back in when the account that lost
every factor is the one that would reset it in the admin."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.models import SecurityEvent
from tests.factories import DoctorFactory, UserFactory
from tests.signing_in import PASSWORD, password_only

from .accounts.second_factors import give_every_factor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_stdin(monkeypatch):
    """CI and a locked-out operator's script have nobody to answer a prompt."""
    monkeypatch.setattr("sys.stdin", StringIO(""))


def run(*args) -> str:
    out = StringIO()
    call_command("reset_second_factor", *args, stdout=out)
    return out.getvalue()


def test_an_unknown_address_is_refused_and_nothing_is_reset():
    give_every_factor(UserFactory(email="someone@example.org"))
    with pytest.raises(CommandError, match="No account has the address 'nobody@example.org'"):
        run("nobody@example.org")
    assert not SecurityEvent.objects.filter(action=SecurityEvent.Action.FACTORS_RESET).exists()


def test_a_locked_out_superuser_gets_back_in_through_enrolment(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """The hospital's last superuser lost their phone and codes: the operator resets it
    (the address in any case), it is logged as the operator's, the superuser is e-mailed,
    and their next sign-in sets up a new factor before the admin."""
    boss = UserFactory(email="boss@hospital.example.org", is_staff=True, is_superuser=True)
    give_every_factor(boss)
    with django_capture_on_commit_callbacks(execute=True):
        output = run("Boss@Hospital.example.org", "--reason", "ticket 42")
    assert "Reset the second factor of boss@hospital.example.org" in output
    assert "removed 1 authenticator app(s), 1 passkey(s) and 10 unused recovery code(s)" in output
    assert "they set up a new second factor first" in output
    assert not TOTPDevice.objects.filter(user=boss).exists()
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.FACTORS_RESET)
    assert (event.user, event.actor, event.by_operator, event.note) == (
        boss, None, True, "ticket 42"
    )  # fmt: skip
    assert [message.to for message in mailoutbox] == [[boss.email]]
    boss.refresh_from_db()  # as a sign-in reads the account (sessions_ended_at is new)
    password_only(client, boss)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/setup/")


def test_a_doctor_without_any_factor_can_still_be_reset():
    """Nothing to take away is no error: the sessions still end and the log says so."""
    doctor = DoctorFactory().user
    output = run(doctor.email)
    assert "removed 0 authenticator app(s)" in output
    assert SecurityEvent.objects.filter(user=doctor, by_operator=True).count() == 1


def test_the_operator_may_replace_the_password_too():
    user = UserFactory(is_staff=True)
    give_every_factor(user)
    out = run(user.email, "--new-password")
    user.refresh_from_db()
    assert not user.check_password(PASSWORD)
    assert "Their password is replaced" in out
