"""Who must give a second factor, and what a session that has not yet reaches: nothing but
the second step (or enrolment), whatever kind of page it asks for."""

from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories import DoctorFactory, UserFactory
from tests.signing_in import PASSWORD, password_only, with_authenticator

pytestmark = pytest.mark.django_db

VERIFY = reverse("two-factor-verify")
SETUP = reverse("two-factor-setup")
PAGES = ["/dashboard/", "/admin/", "/ask/", "/api/questions/", "/my/account/", "/"]


def _account(kind):
    if kind == "doctor":
        return DoctorFactory().user
    if kind == "staff":
        return UserFactory(is_staff=True)
    return UserFactory()  # a patient who turned two-factor sign-in on


@pytest.mark.parametrize("kind", ["doctor", "staff", "patient"])
def test_a_password_alone_reaches_only_the_second_step(client, kind):
    """Every page, the admin and the API redirect to the second step, keeping where the
    person was going; a form's POST is refused the same way, without its address."""
    user = _account(kind)
    with_authenticator(user)
    password_only(client, user)
    for page in PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == f"{VERIFY}?next={quote(page, safe='')}", page
    response = client.post("/my/account/", {"email_on_reply": ""})
    assert response.status_code == 302
    assert response["Location"] == VERIFY
    user.refresh_from_db()
    assert user.email_on_reply  # the form did nothing
    assert client.get(VERIFY).status_code == 200


@pytest.mark.parametrize("kind", ["doctor", "staff"])
def test_doctors_and_staff_without_a_factor_reach_only_enrolment(client, kind):
    """No factor yet: every page sends them to set one up, and the second step's page does
    too; the enrolment pages open."""
    user = _account(kind)
    password_only(client, user)
    for page in PAGES:
        response = client.get(page)
        assert response["Location"] == f"{SETUP}?next={quote(page, safe='')}", page
    assert client.post("/ask/", {"title": "x"})["Location"] == SETUP
    assert client.get(SETUP).status_code == 200
    assert client.get(reverse("two-factor-authenticator")).status_code == 200
    assert client.get(VERIFY).status_code == 302


def test_a_patient_without_a_factor_is_never_asked(client):
    patient = UserFactory()
    password_only(client, patient)
    for page in ("/ask/", "/my/questions/", "/my/account/", "/api/questions/"):
        assert client.get(page).status_code == 200, page
    assert client.get(VERIFY)["Location"] == "/"
    assert client.get(SETUP).status_code == 200  # where to turn it on


def test_signing_out_and_the_language_stay_open(client):
    """Cancel and sign out, and the language menu, work before the second step."""
    user = DoctorFactory().user
    with_authenticator(user)
    password_only(client, user)
    response = client.post(reverse("set_language"), {"language": "zh-hant", "next": VERIFY})
    assert response["Location"] == VERIFY
    client.post(reverse("logout"))
    assert client.get("/my/account/")["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("kind", "has_factor", "step"),
    [("doctor", True, VERIFY), ("doctor", False, SETUP), ("staff", True, VERIFY)],
)
def test_the_login_page_goes_straight_to_the_step_keeping_next(client, kind, has_factor, step):
    user = _account(kind)
    if has_factor:
        with_authenticator(user)
    response = client.post(
        reverse("login") + "?next=/dashboard/me/", {"username": user.email, "password": PASSWORD}
    )
    assert response["Location"] == f"{step}?next=%2Fdashboard%2Fme%2F"
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response["Location"] in (VERIFY, SETUP)


def test_the_login_page_sends_a_patient_on(client):
    """A patient without a factor lands where they were going, as before."""
    patient = UserFactory()
    response = client.post(
        reverse("login") + "?next=/ask/", {"username": patient.email, "password": PASSWORD}
    )
    assert response["Location"] == "/ask/"


def test_the_header_offers_only_signing_out_before_the_second_step(client):
    doctor = DoctorFactory().user
    with_authenticator(doctor)
    password_only(client, doctor)
    page = client.get("/accounts/two-factor/").content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert "Log out" in header
    assert "/dashboard/" not in header and "/my/account/" not in header
