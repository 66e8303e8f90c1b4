"""The site has a real name in both languages (QA_PORTAL_SITE_NAME still overrides it), a
mark in the header, and an image for shared links drawn by the site itself."""

import struct

import pytest
from django.urls import reverse

from machinery.site import site_name

pytestmark = pytest.mark.django_db


def test_the_default_name_speaks_the_readers_language(client, settings):
    settings.SITE_NAME = ""
    english = client.get("/").content.decode()
    assert "<title>Ask a Hospital Doctor" in english
    assert '<meta property="og:site_name" content="Ask a Hospital Doctor">' in english
    chinese = client.get("/", headers={"Accept-Language": "zh-Hant"}).content.decode()
    assert "醫院醫師線上問答" in chinese and "Ask a Hospital Doctor" not in chinese
    settings.SITE_NAME = "Hsinchu Hospital Q&A"
    assert site_name() == "Hsinchu Hospital Q&A"


def test_pages_carry_the_mark_and_an_image_for_shared_links(client):
    text = client.get("/").content.decode()
    assert 'class="site-header__mark"' in text
    assert '<meta property="og:image" content="http://testserver/og-image.png">' in text
    image = client.get(reverse("og-image"))
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    data = image.content
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1200, 630)
    assert "max-age=86400" in image["Cache-Control"]
