import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.models import User
from specialists.invitations import invitation_tokens
from specialists.models import Doctor
from tests.factories import DepartmentFactory, DoctorFactory, ReplyFactory, UserFactory
from tests.signing_in import totp_code

pytestmark = pytest.mark.django_db


def add_doctor(client, department, **overrides):
    data = {
        "email": "dr.yeh@hospital.example.org",
        "name_en": "Yeh Po-Shou",
        "name_zh_hant": "葉柏壽",
        "slug": "yeh-po-shou",
        "department": department.pk,
        "title_en": "Attending Physician",
        "title_zh_hant": "主治醫師",
        "hospital_en": "Hsinchu Hospital",
        "hospital_zh_hant": "",
        "bio_en": "",
        "bio_zh_hant": "",
        "license_number": "TW-12345",
        "accepting_questions": "on",
    }
    data.update(overrides)
    return client.post("/admin/specialists/doctor/add/", data)


def test_staff_add_a_doctor_who_sets_a_password_from_the_email(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """Staff add a doctor in the admin with an e-mail address; the doctor gets a link to
    choose a password, is logged in, and the link then no longer works."""
    settings.BASE_URL = "http://testserver"
    department = DepartmentFactory()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = add_doctor(client, department)
    assert response.status_code == 302, response.content.decode()[:2000]
    doctor = Doctor.objects.get(slug="yeh-po-shou")
    assert doctor.user.email == "dr.yeh@hospital.example.org"
    assert not doctor.user.has_usable_password()
    assert doctor.user.email_verified_at is None
    assert len(mailoutbox) == 1
    assert "set up a second factor" in mailoutbox[0].body
    link = re.search(r"http://testserver(/accounts/invitation/\S+)", mailoutbox[0].body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert "Choose your password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a good long passphrase", "new_password2": "a good long passphrase"},
    )
    assert done.status_code == 302
    doctor.user.refresh_from_db()
    assert doctor.user.email_verified_at is not None, "the invitation proves the address"
    # Signed in with a password alone: a doctor sets up a second factor first.
    response = client.get("/dashboard/")
    assert response["Location"] == reverse("two-factor-setup") + "?next=%2Fdashboard%2F"
    client.get(reverse("two-factor-authenticator"))
    device = TOTPDevice.objects.get(user=doctor.user)
    client.post(reverse("two-factor-authenticator"), {"code": totp_code(device)})
    assert client.get("/dashboard/").status_code == 200
    client.logout()
    assert "expired or was already used" in client.get(link, follow=True).content.decode()


def test_an_invited_doctor_sets_a_password_then_the_second_factor_then_reaches_the_dashboard(
    client,
):
    """Password, then straight to enrolment (the dashboard waits), the authenticator app's
    code, the recovery codes shown once, and on to the dashboard."""
    user = DoctorFactory(user__password=None).user
    link = reverse(
        "specialists:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    done = client.post(
        set_url,
        {"new_password1": "a good long passphrase", "new_password2": "a good long passphrase"},
    )
    assert done["Location"] == "/dashboard/"

    enrol = client.get("/dashboard/", follow=True)
    assert enrol.redirect_chain == [("/accounts/two-factor/setup/?next=%2Fdashboard%2F", 302)]
    assert "Next, set up your second factor" in enrol.content.decode()
    app_url = "/accounts/two-factor/authenticator/?next=/dashboard/"
    assert app_url in enrol.content.decode()
    assert client.get(app_url).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    confirmed = client.post(app_url, {"code": totp_code(device), "next": "/dashboard/"})
    assert confirmed["Location"] == "/accounts/two-factor/recovery-codes/?next=%2Fdashboard%2F"
    codes = client.get(confirmed["Location"])
    assert len(codes.context["codes"]) == 10
    assert 'href="/dashboard/"' in codes.content.decode()
    assert client.get("/dashboard/").status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed


def test_admin_refuses_an_address_already_in_use(client):
    UserFactory(email="patient@example.org")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = add_doctor(client, DepartmentFactory(), email="Patient@example.org")
    assert response.status_code == 200
    assert "An account already uses this address" in response.content.decode()
    assert User.objects.count() == 2


def test_invitation_link_lasts_a_week_not_an_hour(settings):
    """A reset link lasts an hour; an invitation lasts DOCTOR_INVITATION_DAYS."""
    settings.DOCTOR_INVITATION_DAYS = 7
    user = DoctorFactory().user
    token = invitation_tokens.make_token(user)
    later = timezone.now().replace(tzinfo=None)
    with mock.patch.object(type(invitation_tokens), "_now", return_value=later + timedelta(days=6)):
        assert invitation_tokens.check_token(user, token)
    with mock.patch.object(type(invitation_tokens), "_now", return_value=later + timedelta(days=8)):
        assert not invitation_tokens.check_token(user, token)
    assert not invitation_tokens.check_token(user, token[:-2] + "xx")


def test_verified_mark(client):
    """A doctor whose licence staff checked shows a verified mark by their reply."""
    reply = ReplyFactory(doctor=DoctorFactory(is_verified=True))
    assert "Verified" in client.get(reply.question.get_absolute_url()).content.decode()
    unverified = ReplyFactory()
    assert ">Verified<" not in client.get(unverified.question.get_absolute_url()).content.decode()
