"""Being found: sitemaps, robots.txt, feeds, structured data, social meta, the view counter
and the JSON API — with only public Q&A and no personal data."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from questions import services
from questions.archive import viewcounts
from questions.models import Question
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    FAQTopicFactory,
    QuestionFactory,
    ReplyFactory,
    UserFactory,
    answered_question,
    days_ago,
)

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def archive():
    """Public Q&A by a patient with a distinctive e-mail and name, plus ones that are not
    public."""
    author = UserFactory(email="very.private.person@example.org", full_name="Private Person")
    department = DepartmentFactory(name="Neurology", slug="neurology")
    topic = FAQTopicFactory(name="Sleep", slug="sleep", department=department)
    public = answered_question(
        author=author, department=department, topics=[topic], headline="Sleep Jerks Explained"
    )
    hidden = answered_question(department=department, topics=[topic], title="Hidden Q&A title")
    services.hide_question(question=hidden, actor=None)
    waiting = QuestionFactory(department=department, topics=[topic], title="Waiting title here")
    return {"public": public, "hidden": hidden, "waiting": waiting, "topic": topic,
            "department": department}  # fmt: skip


def test_robots_txt_points_to_the_sitemap_and_keeps_private_paths_out(client):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    for path in ("/ask/", "/my/", "/dashboard/", "/admin/", "/search/"):
        assert f"Disallow: {path}" in text


def test_sitemap_lists_public_pages_only_with_last_modified(client, archive):
    """The index names every section; the questions section has only public Q&A, with the
    date of their last change."""
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("s:sitemap/s:loc", SITEMAP_NS)]
    for name in ("questions", "departments", "topics", "doctors", "pages"):
        assert f"http://testserver/sitemap-{name}.xml" in sections
    urls = ET.fromstring(client.get("/sitemap-questions.xml").content)
    locations = [url.findtext("s:loc", namespaces=SITEMAP_NS) for url in urls]
    assert locations == [f"http://testserver{archive['public'].get_absolute_url()}"]
    assert urls[0].findtext("s:lastmod", namespaces=SITEMAP_NS)
    assert "very.private" not in client.get("/sitemap-questions.xml").content.decode()


@pytest.mark.parametrize(
    "url",
    ["/feeds/latest.rss", "/feeds/latest.atom", "/departments/neurology/feed.rss",
     "/departments/neurology/feed.atom", "/topics/sleep/feed.rss", "/topics/sleep/feed.atom"],
)  # fmt: skip
def test_feeds_parse_and_hold_only_public_qa_without_personal_data(client, archive, url):
    response = client.get(url)
    assert response.status_code == 200
    ET.fromstring(response.content)  # well-formed XML
    text = response.content.decode()
    assert "Sleep Jerks Explained" in text
    assert "Hidden Q&amp;A title" not in text and "Waiting title here" not in text
    assert "very.private" not in text and "Private Person" not in text


def test_feed_of_unknown_department_is_404(client):
    assert client.get("/departments/nothing/feed.rss").status_code == 404


def structured(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_qapage_json_ld_matches_the_page(client):
    """QAPage: the question and its answers with authors, dates and agree counts; every
    text in it is visible on the page; breadcrumbs too."""
    question = AnsweredQuestionFactory(title="Twitching at night </script><b>", nickname="ALEX")
    first = ReplyFactory(question=question, body="Take a warm bath.")
    second = ReplyFactory(question=question, doctor=DoctorFactory(), body="Also rest.")
    services.agree_with_reply(doctor=DoctorFactory(), reply=first)
    html = client.get(question.get_absolute_url()).content.decode()
    assert "</script><b>" not in html.split("<body>")[0]  # escaped inside the data block
    qa, crumbs = structured(html)
    assert qa["@type"] == "QAPage"
    main = qa["mainEntity"]
    assert main["name"] == question.title and main["text"] == question.body
    assert main["answerCount"] == 2
    assert main["author"] == {"@type": "Person", "name": "ALEX"}
    assert main["acceptedAnswer"]["text"] == "Take a warm bath."
    assert main["acceptedAnswer"]["upvoteCount"] == 1
    assert main["acceptedAnswer"]["author"]["name"] == f"Dr. {first.doctor.name}"
    assert main["suggestedAnswer"][0]["text"] == "Also rest."
    body = html.split("<body>")[1]
    for text in ("Take a warm bath.", "Also rest.", "ALEX", first.doctor.name):
        assert text in body
    assert crumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in crumbs["itemListElement"]] == [
        "Home", question.department.name, question.display_title,
    ]  # fmt: skip
    assert second


def test_profile_page_json_ld(client):
    doctor = DoctorFactory(name="Yeh Po-Shou", hospital="Hsinchu Hospital", bio="Sleep.")
    profile, _crumbs = structured(client.get(doctor.get_absolute_url()).content.decode())
    assert profile["@type"] == "ProfilePage"
    assert profile["mainEntity"]["name"] == "Dr. Yeh Po-Shou"
    assert profile["mainEntity"]["worksFor"]["name"] == "Hsinchu Hospital"


def test_social_meta_and_canonical(client):
    question = answered_question(headline="Sleep Jerks Explained", body="Line one\nline two")
    html = client.get(question.get_absolute_url() + "?utm_source=x").content.decode()
    canonical = f"http://testserver{question.get_absolute_url()}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert '<meta property="og:title" content="Sleep Jerks Explained">' in html
    assert '<meta property="og:description" content="Line one line two">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    department = question.department
    for _ in range(25):
        AnsweredQuestionFactory(department=department)
    page_two = client.get(department.get_absolute_url() + "?page=2").content.decode()
    assert f'href="http://testserver{department.get_absolute_url()}?page=2"' in page_two


def test_non_public_pages_carry_no_structured_data(client):
    question = QuestionFactory()
    client.force_login(question.author)
    assert structured(client.get(question.get_absolute_url()).content.decode()) == []


class TestViewCounter:
    def test_views_are_batched_not_written_per_view(
        self, client, settings, django_assert_max_num_queries
    ):
        """Views gather in memory and are written in one UPDATE per batch; the page shows
        the count including those not written yet."""
        settings.VIEW_COUNT_FLUSH_EVERY = 3
        settings.PAGE_CACHE_SECONDS = 0  # the count shown comes from a fresh render
        question = answered_question()
        url = question.get_absolute_url()
        with django_assert_max_num_queries(5) as captured:
            client.get(url)
        assert not any(q["sql"].startswith("UPDATE") for q in captured.captured_queries)
        response = client.get(url)
        assert "2 views" in response.content.decode()
        question.refresh_from_db()
        assert question.view_count == 0
        client.get(url)  # the third view writes the batch
        question.refresh_from_db()
        assert question.view_count == 3
        assert viewcounts.pending(question.pk) == 0

    def test_flush_command_and_non_public(self, client):
        question = answered_question()
        private = QuestionFactory()
        client.get(question.get_absolute_url())
        client.force_login(private.author)
        client.get(private.get_absolute_url())
        from django.core.management import call_command

        call_command("flush_view_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115
        question.refresh_from_db()
        private.refresh_from_db()
        assert (question.view_count, private.view_count) == (1, 0)


class TestApi:
    def test_list_filters_paginates_and_keeps_visibility(
        self, client, archive, django_assert_num_queries
    ):
        other = DepartmentFactory(slug="cardiology")
        for day in range(22):
            AnsweredQuestionFactory(department=other, answered_at=days_ago(day + 1))
        with django_assert_num_queries(4):
            data = client.get(reverse("questions:api-list")).json()
        assert data["count"] == 23 and data["pages"] == 2 and len(data["results"]) == 20
        assert data["next"].endswith("page=2")
        ids = {item["id"] for item in data["results"]}
        ids |= {item["id"] for item in client.get(data["next"]).json()["results"]}
        assert archive["hidden"].pk not in ids and archive["waiting"].pk not in ids
        neuro = client.get(reverse("questions:api-list"), {"department": "neurology"}).json()
        assert [item["id"] for item in neuro["results"]] == [archive["public"].pk]
        by_topic = client.get(reverse("questions:api-list"), {"topic": "sleep"}).json()
        assert by_topic["count"] == 1
        # `since` is a date in the site's time zone (Taipei), not in UTC: between 16:00 and
        # midnight UTC the two differ by a day.
        since = timezone.localdate(days_ago(5))
        recent = client.get(reverse("questions:api-list"), {"since": since}).json()
        assert recent["count"] == 6  # answered today (archive) plus 5 days of the others

    def test_detail_and_privacy(self, client, archive):
        public = archive["public"]
        data = client.get(reverse("questions:api-detail", args=[public.pk])).json()
        assert data["headline"] == "Sleep Jerks Explained"
        assert data["replies"][0]["doctor"]["name"] == public.replies.get().doctor.name
        assert data["topics"] == [{"name": "Sleep", "slug": "sleep"}]
        assert "very.private" not in json.dumps(data) and "Private Person" not in json.dumps(data)
        for private in (archive["hidden"], archive["waiting"]):
            assert client.get(reverse("questions:api-detail", args=[private.pk])).status_code == 404

    @pytest.mark.parametrize(
        ("params", "status"),
        [({"since": "yesterday"}, 400), ({"since": "2026-02-30"}, 400), ({"page": "x"}, 400),
         ({"page": "99"}, 404)],
    )  # fmt: skip
    def test_bad_parameters_get_a_clear_error(self, client, params, status):
        response = client.get(reverse("questions:api-list"), params)
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"

    def test_read_only(self, client):
        assert client.post(reverse("questions:api-list")).status_code == 405


def test_only_public_questions_anywhere_in_discovery(client, archive):
    """A crawl of every discovery URL finds the public Q&A and never the others."""
    from questions.search.vectors import refresh_search_vectors

    refresh_search_vectors()
    urls = ["/", "/sitemap-questions.xml", "/feeds/latest.rss", "/api/questions/",
            "/search/?q=hidden+title", "/search/?q=waiting+title",
            archive["department"].get_absolute_url(),
            archive["topic"].get_absolute_url()]  # fmt: skip
    for url in urls:
        text = client.get(url).content.decode()
        assert "Hidden Q&amp;A title" not in text and "Hidden Q&A title" not in text, url
        assert "Waiting title here" not in text, url
    assert Question.objects.count() == 3


@pytest.mark.parametrize(
    "url", ["/api/questions/?department=%00", "/search/?q=sleep%00", "/topics/a%00b/", "/?x=%00"]
)
def test_nul_bytes_in_path_or_query_are_a_400(client, url):
    """A NUL byte would make PostgreSQL raise: every route answers 400 instead."""
    assert client.get(url).status_code == 400


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/sitemap.xml", 5), ("/sitemap-questions.xml", 2), ("/feeds/latest.rss", 1),
     ("/departments/neurology/feed.atom", 2), ("/topics/sleep/feed.rss", 2)],
)  # fmt: skip
def test_discovery_query_counts(client, archive, django_assert_max_num_queries, url, queries):
    """Sitemaps, feeds and the API cost a fixed number of queries."""
    for _ in range(5):
        answered_question(department=archive["department"], topics=[archive["topic"]])
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
