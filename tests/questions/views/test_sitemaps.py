"""The sitemaps: every section in the index, only public Q&A in the questions section."""

import xml.etree.ElementTree as ET

import pytest

pytestmark = pytest.mark.django_db
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


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
