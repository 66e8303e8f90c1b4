"""The site's middleware: security headers on every page, and NUL bytes refused with a 400."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_security_headers_on_every_page(client):
    """Referrer, COOP, CORP, a deny-all Permissions-Policy, nosniff and no framing."""
    response = client.get(reverse("home"))
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "url", ["/api/questions/?department=%00", "/search/?q=sleep%00", "/topics/a%00b/", "/?x=%00"]
)
def test_nul_bytes_in_path_or_query_are_a_400(client, url):
    """A NUL byte would make PostgreSQL raise: every route answers 400 instead."""
    assert client.get(url).status_code == 400
