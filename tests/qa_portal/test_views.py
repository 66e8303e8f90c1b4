import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
    UserFactory,
    days_ago,
)

pytestmark = pytest.mark.django_db


def test_home_shows_latest_answers_departments_and_featured_topics(
    client, django_assert_num_queries
):
    """Home: latest answered questions newest first, departments with answered counts, and
    featured FAQ topics; nothing that is not public."""
    neurology = DepartmentFactory(name="Neurology", position=1)
    cardiology = DepartmentFactory(name="Cardiology", position=2)
    older = AnsweredQuestionFactory(department=neurology, answered_at=days_ago(3))
    newer = AnsweredQuestionFactory(department=neurology, answered_at=days_ago(1))
    private = QuestionFactory(department=neurology, title="Still waiting for a doctor here")
    FAQTopicFactory(name="Sleep", department=neurology, is_featured=True)
    FAQTopicFactory(name="Not featured topic", department=neurology)
    # Latest answers, featured topics; the departments and their counts (two, then cached).
    with django_assert_num_queries(4):
        response = client.get(reverse("home"))
    text = response.content.decode()
    assert list(response.context["latest_questions"]) == [newer, older]
    # Staff's order, not the alphabet (Meta.ordering does not apply to GROUP BY queries).
    assert list(response.context["departments"]) == [neurology, cardiology]
    assert "Neurology" in text and "2 answers" in text
    assert "Sleep" in text and "Not featured topic" not in text
    assert private.title not in text
    # Then only the latest answers: the side column is a cached fragment.
    with django_assert_num_queries(1):
        assert "Sleep" in client.get(reverse("home")).content.decode()


def test_every_page_carries_a_strict_csp_and_the_emergency_notice(client):
    """Pages send a Content-Security-Policy without unsafe-inline and tell people where to go
    in an emergency."""
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "call 119" in response.content.decode()


def test_healthz_reports_database(client):
    """/healthz answers 200 with the database status for load balancers."""
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_500_page_needs_no_database_or_context():
    """The 500 page renders from a bare template, without a request or the database."""
    html = render_to_string("500.html")
    assert "Something went wrong" in html


def test_404_page_in_site_style(client):
    """An unknown URL gets the site's 404 page."""
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    assert "Departments" in response.content.decode()


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


def test_admin_search_and_autocomplete(client):
    """Staff find questions by title and departments through autocomplete."""
    question = AnsweredQuestionFactory(title="Twitching eyelid for two weeks")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/questions/question/", {"q": "eyelid"})
    assert str(question) in response.content.decode()
    change = client.get(f"/admin/questions/question/{question.pk}/change/")
    assert change.status_code == 200
    autocomplete = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "questions",
            "model_name": "question",
            "field_name": "department",
            "term": question.department.name[:5],
        },
    )
    assert autocomplete.status_code == 200
    assert question.department.name in autocomplete.content.decode()


def test_security_headers_on_every_page(client):
    """Referrer, COOP, CORP, a deny-all Permissions-Policy, nosniff and no framing."""
    response = client.get(reverse("home"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
