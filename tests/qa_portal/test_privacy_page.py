"""The privacy page: what is published, what is kept, how to download and delete it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PRIVACY = reverse("privacy")


def test_privacy_page_says_what_is_published_kept_and_how_to_delete(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(PRIVACY)
    assert response.status_code == 200
    text = response.content.decode()
    for words in (
        "What is published",
        "the nickname you chose, and your age range and gender",
        "the doctors' replies",
        "What we keep",
        "Your IP address, only to limit",
        "kept for an hour at most",
        "An audit trail of what happened to each question",
        "never the question's text",
        "Download or delete your data",
    ):
        assert words in text, words
    assert f'href="{reverse("account")}"' in text
    assert f'href="{reverse("account-delete")}"' in text


def test_privacy_page_is_linked_from_footer_ask_and_signup(client):
    """The footer of every page, the ask page and the sign-up page link to it."""
    link = f'href="{PRIVACY}"'
    assert link in client.get(reverse("home")).content.decode()
    assert link in client.get(reverse("signup")).content.decode()
    patient = Client()
    patient.force_login(UserFactory())
    ask = patient.get(reverse("questions:ask")).content.decode()
    footer_start = ask.index('class="site-footer"')
    assert link in ask[:footer_start]  # in the page itself, not only in the footer


def test_privacy_page_is_in_the_sitemap(client):
    text = client.get(reverse("sitemap-section", args=["pages"])).content.decode()
    assert f"http://testserver{PRIVACY}</loc>" in text
