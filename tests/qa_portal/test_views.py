import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    FAQTopicFactory,
    QuestionFactory,
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
    assert 'call <a class="tel" href="tel:119">119</a>' in response.content.decode()


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


def test_robots_txt_points_to_the_sitemap_and_keeps_private_paths_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/ask/", "/my/", "/dashboard/", "/admin/", "/search/"):
        assert f"Disallow: {path}" in text
