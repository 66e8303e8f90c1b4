"""The admin's side of the second factor: staff reset a doctor's or patient's (a superuser
also another staff member's, nobody their own), the user list says who has one, and the
security log is there to read and never to edit."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.models import Passkey, SecurityEvent
from tests.factories import DoctorFactory, UserFactory
from tests.signing_in import PASSWORD

from .accounts.second_factors import give_every_factor

pytestmark = pytest.mark.django_db


def reset_url(user) -> str:
    return f"/admin/qa_portal/user/{user.pk}/reset-second-factor/"


def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


def staff_who_may(*codenames):
    """A staff member (not a superuser) with these permissions on accounts."""
    staff = UserFactory(is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(content_type__app_label="qa_portal", codename__in=codenames)
    )
    return staff


def test_staff_confirm_then_reset_a_doctors_second_factor(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """The page says what goes; the POST does it, logs who did it and why, e-mails the
    doctor and returns to the account with a message."""
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    staff = staff_who_may("change_user", "view_user")
    client.force_login(staff)
    page = client.get(reset_url(doctor))
    assert page.status_code == 200
    text = page.content.decode()
    assert doctor.email in text
    assert "removes 1 authenticator app;" in text and "removes 10 unused recovery codes;" in text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reset_url(doctor), {"reason": "Lost phone; called back"})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/qa_portal/user/{doctor.pk}/change/"
    assert not TOTPDevice.objects.filter(user=doctor).exists()
    assert not Passkey.objects.filter(user=doctor).exists()
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.FACTORS_RESET)
    assert (event.user, event.actor, event.by_operator) == (doctor, staff, False)
    assert event.note == "Lost phone; called back"
    assert [message.to for message in mailoutbox] == [[doctor.email]]
    assert "is reset" in client.get(response["Location"]).content.decode()


def test_the_password_is_replaced_too_unless_staff_untick_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    """Ticked by default: whoever knew the old password cannot take the account over by
    setting up the new factor; the person chooses a new password through their mailbox."""
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    client.force_login(staff_who_may("change_user", "view_user"))
    form = client.get(reset_url(doctor)).context["form"]
    assert form["new_password"].initial is True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reset_url(doctor), {"reason": "", "new_password": "on"})
    doctor.refresh_from_db()
    assert not doctor.check_password(PASSWORD) and doctor.has_usable_password()
    body = mailoutbox[0].body
    assert "Your old password no longer works either" in body
    assert "/accounts/password-reset/" in body


@pytest.mark.parametrize(
    ("who", "whose", "status"),
    [
        ("staff without change_user", "doctor", 403),
        ("staff with change_user", "doctor", 200),
        ("staff with change_user", "patient", 200),
        ("staff with change_user", "staff", 403),
        ("staff with change_user", "superuser", 403),
        ("staff with change_user", "self", 403),
        ("superuser", "staff", 200),
        ("superuser", "superuser", 200),
        ("superuser", "self", 403),
        ("patient", "doctor", 302),  # the admin's login page
        ("doctor", "patient", 302),
    ],
)
def test_who_may_reset_whose_second_factor(client, who, whose, status):
    """The page (GET) and the reset (POST) answer the same; a refused POST resets nothing."""
    people = {
        "staff without change_user": lambda: staff_who_may("view_user"),
        "staff with change_user": lambda: staff_who_may("change_user"),
        "superuser": superuser,
        "patient": UserFactory,
        "doctor": lambda: DoctorFactory().user,
        "staff": lambda: UserFactory(is_staff=True),
    }
    actor = people[who]()
    target = actor if whose == "self" else people[whose]()
    give_every_factor(target)
    client.force_login(actor)
    assert client.get(reset_url(target)).status_code == status
    response = client.post(reset_url(target), {"reason": ""})
    assert response.status_code == (302 if status == 200 else status)
    reset = SecurityEvent.objects.filter(action=SecurityEvent.Action.FACTORS_RESET).exists()
    assert reset == (status == 200)


def test_the_change_page_offers_the_reset_only_to_who_may_do_it(client):
    doctor = DoctorFactory().user
    boss = superuser()
    client.force_login(boss)
    page = client.get(f"/admin/qa_portal/user/{doctor.pk}/change/").content.decode()
    assert reset_url(doctor) in page
    assert f"/admin/qa_portal/securityevent/?user__id__exact={doctor.pk}" in page
    own = client.get(f"/admin/qa_portal/user/{boss.pk}/change/").content.decode()
    assert reset_url(boss) not in own
    client.force_login(staff_who_may("change_user"))
    page = client.get(f"/admin/qa_portal/user/{boss.pk}/change/").content.decode()
    assert reset_url(boss) not in page
    assert "securityevent" not in page, "no link to a log they may not read"


def test_an_unknown_account_is_not_found(client):
    client.force_login(superuser())
    assert client.get("/admin/qa_portal/user/999999/reset-second-factor/").status_code == 404
    assert client.get("/admin/qa_portal/user/nope/reset-second-factor/").status_code == 404


def test_the_reset_needs_the_csrf_token():
    """A POST without the page's token is refused and resets nothing; with it, it works."""
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser())
    assert client.post(reset_url(doctor), {"reason": ""}).status_code == 403
    assert TOTPDevice.objects.filter(user=doctor, confirmed=True).exists()
    page = client.get(reset_url(doctor)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(reset_url(doctor), {"reason": "", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=doctor).exists()


def test_the_reset_page_has_no_inline_script_or_style(client):
    """The admin runs under the same Content-Security-Policy as the site."""
    client.force_login(superuser())
    response = client.get(reset_url(DoctorFactory().user))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    page = response.content.decode()
    assert " style=" not in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))


def test_the_reset_page_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    client.force_login(superuser())
    # session, staff member, the account, its five counts of what goes
    with django_assert_num_queries(7):
        assert client.get(reset_url(doctor)).status_code == 200


def test_the_user_list_says_who_has_a_second_factor_in_its_one_query(
    client, django_assert_num_queries
):
    with_app, with_passkey, without = UserFactory(), UserFactory(), UserFactory()
    TOTPDevice.objects.create(user=with_app, name="App", confirmed=True)
    TOTPDevice.objects.create(user=without, name="Half set up", confirmed=False)
    Passkey.objects.create(user=with_passkey, name="Key", credential_id="c1", public_key=b"k")
    client.force_login(superuser())
    # session, staff member, two counts, the page of accounts with their second factor
    with django_assert_num_queries(5):
        response = client.get("/admin/qa_portal/user/")
    rows = {user.email: user.has_second_factor for user in response.context["cl"].result_list}
    assert rows[with_app.email] and rows[with_passkey.email] and not rows[without.email]
    for user in (UserFactory(), UserFactory()):
        TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    with django_assert_num_queries(5):
        client.get("/admin/qa_portal/user/")
    ordered = client.get("/admin/qa_portal/user/?o=5")
    assert ordered.status_code == 200


def test_the_security_log_is_read_only(client, django_assert_num_queries):
    """Staff read the log, filtered by account or by what happened; nobody adds, edits or
    deletes an entry."""
    doctor = DoctorFactory().user
    give_every_factor(doctor)
    boss = superuser()
    SecurityEvent.objects.create(
        user=doctor, action=SecurityEvent.Action.FACTORS_RESET, actor=boss, note="called"
    )
    SecurityEvent.objects.create(user=UserFactory(), action=SecurityEvent.Action.NEW_BROWSER)
    client.force_login(boss)
    # session, staff member, two counts, the page of events with their accounts
    with django_assert_num_queries(5):
        listed = client.get(f"/admin/qa_portal/securityevent/?user__id__exact={doctor.pk}")
    assert listed.status_code == 200
    assert len(listed.context["cl"].result_list) == 2  # codes issued, the reset
    by_action = client.get("/admin/qa_portal/securityevent/?action__exact=factors_reset")
    assert len(by_action.context["cl"].result_list) == 1
    event = SecurityEvent.objects.get(action=SecurityEvent.Action.FACTORS_RESET)
    change = f"/admin/qa_portal/securityevent/{event.pk}/change/"
    assert client.get(change).status_code == 200
    assert client.post(change, {"note": "edited"}).status_code == 403
    assert client.get("/admin/qa_portal/securityevent/add/").status_code == 403
    assert client.post(f"/admin/qa_portal/securityevent/{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.note == "called"
