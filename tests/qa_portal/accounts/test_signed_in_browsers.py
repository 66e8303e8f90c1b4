"""The browsers signed in now, on the account page: what kind of browser and roughly where
from (never the full address); signing out another browser, or all the others."""

import pytest
from django.test import Client
from django.urls import reverse

from qa_portal.accounts import browsers
from qa_portal.models import SignedInSession
from tests.factories import UserFactory
from tests.signing_in import PASSWORD, second_step, with_authenticator

pytestmark = pytest.mark.django_db

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0"
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
ACCOUNT = reverse("account")


@pytest.fixture
def patient():
    return UserFactory()


def _signed_in(user, *, address, agent) -> Client:
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_the_account_page_lists_browsers_without_full_addresses(patient):
    laptop = _signed_in(patient, address="203.0.113.77", agent=FIREFOX)
    _signed_in(patient, address="2001:db8:abcd:12::7", agent=IPHONE)
    page = laptop.get(ACCOUNT).content.decode()
    assert "Firefox / Windows" in page and "Mobile Safari / iPhone" in page
    assert "203.0.113.x" in page and "2001:db8:abcd::/48" in page
    assert "203.0.113.77" not in page and "2001:db8:abcd:12::7" not in page
    assert page.count("This browser") == 1
    assert not SignedInSession.objects.filter(network__contains="77").exists()


def test_signing_out_another_browser(patient):
    laptop = _signed_in(patient, address="203.0.113.77", agent=FIREFOX)
    phone = _signed_in(patient, address="198.51.100.5", agent=IPHONE)
    row = SignedInSession.objects.get(description="Mobile Safari / iPhone")
    response = laptop.post(reverse("account-session-end", args=[row.pk]))
    assert response["Location"] == ACCOUNT + "#browsers"
    assert phone.get(ACCOUNT).status_code == 302  # signed out
    assert laptop.get(ACCOUNT).status_code == 200
    assert SignedInSession.objects.count() == 1


def test_nobody_signs_out_another_persons_browser(patient):
    _signed_in(patient, address="203.0.113.77", agent=FIREFOX)
    row = SignedInSession.objects.get()
    stranger = Client()
    stranger.force_login(UserFactory())
    stranger.post(reverse("account-session-end", args=[row.pk]))
    assert SignedInSession.objects.filter(pk=row.pk).exists()


def test_this_browser_is_not_signed_out_by_its_own_row(patient):
    laptop = _signed_in(patient, address="203.0.113.77", agent=FIREFOX)
    row = SignedInSession.objects.get()
    laptop.post(reverse("account-session-end", args=[row.pk]))
    assert laptop.get(ACCOUNT).status_code == 200


def test_signing_out_all_the_others(patient):
    laptop = _signed_in(patient, address="203.0.113.77", agent=FIREFOX)
    others = [_signed_in(patient, address="198.51.100.5", agent=IPHONE) for _ in range(2)]
    response = laptop.post(reverse("account-sessions-end-others"), follow=True)
    assert "2 other browsers are signed out." in response.content.decode()
    for other in others:
        assert other.get(ACCOUNT).status_code == 302
    assert laptop.get(ACCOUNT).status_code == 200
    assert SignedInSession.objects.count() == 1


def test_logging_out_removes_the_row(patient):
    laptop = _signed_in(patient, address="203.0.113.77", agent=FIREFOX)
    assert SignedInSession.objects.count() == 1
    laptop.post(reverse("logout"))
    assert not SignedInSession.objects.exists()


def test_a_long_device_name_is_shortened_to_fit(patient):
    """A device family is copied from the header: a long one is cut to the column's size
    (PostgreSQL would refuse it, and every page of that session would fail)."""
    agent = (
        f"Mozilla/5.0 (Linux; Android 10; {'A' * 100} Build/QQ) AppleWebKit/537.36 "
        "Chrome/120 Mobile Safari/537.36"
    )
    assert len(browsers.describe(agent)) == 100
    client = _signed_in(patient, address="203.0.113.77", agent=agent)
    assert client.get(ACCOUNT).status_code == 200
    assert len(SignedInSession.objects.get().description) == 100


@pytest.mark.parametrize(
    ("address", "network"),
    [("203.0.113.77", "203.0.113.x"), ("2001:db8:abcd:12::7", "2001:db8:abcd::/48"), ("", "")],
)
def test_the_network_never_holds_the_whole_address(address, network):
    assert browsers.network(address) == network


def test_signing_out_of_the_admin_removes_the_row_too():
    staff = UserFactory(is_staff=True)
    device = with_authenticator(staff)
    desk = _signed_in(staff, address="203.0.113.7", agent=FIREFOX)
    assert second_step(desk, device).status_code == 302
    assert SignedInSession.objects.filter(user=staff).count() == 1
    desk.post(reverse("admin:logout"))
    assert not SignedInSession.objects.filter(user=staff).exists()
