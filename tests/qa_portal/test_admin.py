"""The admin site: every list and form opens for staff, and for nobody else."""

import pytest

from tests.factories import AnsweredQuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/qa_portal/user/",
        "/admin/specialists/department/",
        "/admin/specialists/doctor/",
        "/admin/questions/question/",
        "/admin/questions/faqtopic/",
        "/admin/questions/reply/",
        "/admin/questions/question/add/",
        "/admin/specialists/doctor/add/",
        "/admin/qa_portal/user/add/",
        "/admin/questions/crisisterm/",
        "/admin/questions/crisisterm/add/",
        "/admin/questions/triagequestion/",
        "/admin/questions/report/",
        "/admin/questions/referral/",
        "/admin/questions/topicredirect/",
        "/admin/questions/question/1/change/",
        "/admin/backlog/",
    ],
)
def test_admin_pages_open_for_staff_only(client, url):
    """Staff (a superuser here) can open every admin list and form; a patient is sent to the
    admin login."""
    AnsweredQuestionFactory(pk=1)
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(url).status_code == 200


def test_a_superuser_is_verified_and_an_address_changed_in_the_admin_is_not(client):
    """createsuperuser's address needs no e-mailed proof; an address staff change must be
    confirmed again by its owner."""
    from qa_portal.models import User

    boss = User.objects.create_superuser("boss@example.org", "pw-123456789012")
    assert boss.email_verified_at is not None
    patient = UserFactory(email="old@example.org")
    assert patient.email_verified_at is not None
    client.force_login(boss)
    response = client.post(
        f"/admin/qa_portal/user/{patient.pk}/change/",
        {"email": "new@example.org", "full_name": "", "email_on_reply": "on", "is_active": "on",
         "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    patient.refresh_from_db()
    assert patient.email == "new@example.org" and patient.email_verified_at is None
