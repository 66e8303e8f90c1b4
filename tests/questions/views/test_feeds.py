"""RSS and Atom feeds of the latest answers, a department's and a topic's: only public Q&A,
no personal data; feeds and sitemaps cost a fixed number of queries."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import answered_question

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    ("url", "queries"),
    [("/sitemap.xml", 5), ("/sitemap-questions.xml", 2), ("/feeds/latest.rss", 1),
     ("/departments/neurology/feed.atom", 2), ("/topics/sleep/feed.rss", 2)],
)  # fmt: skip
def test_feed_and_sitemap_query_counts(
    client, archive, django_assert_max_num_queries, url, queries
):
    """Sitemaps, feeds and the API cost a fixed number of queries."""
    for _ in range(5):
        answered_question(department=archive["department"], topics=[archive["topic"]])
    with django_assert_max_num_queries(queries):
        assert client.get(url).status_code == 200
