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
