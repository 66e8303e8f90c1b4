"""The second factor's pages and the account page cost a fixed number of queries, however
many browsers, passkeys and recovery codes the account has."""

import pytest
from django.test import Client
from django.urls import reverse

from qa_portal.accounts import twofactor
from qa_portal.models import Passkey
from tests.factories import DoctorFactory
from tests.signing_in import PASSWORD, password_only, with_authenticator

pytestmark = pytest.mark.django_db


@pytest.fixture
def doctor():
    """A doctor with an app, three passkeys, recovery codes and three browsers signed in."""
    user = DoctorFactory().user
    with_authenticator(user)
    for number in range(3):
        Passkey.objects.create(
            user=user, name=f"Key {number}", credential_id=f"id{number}", public_key=b"k"
        )
    twofactor.issue_recovery_codes(user=user)
    for _browser in range(3):
        browser = Client(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0")
        browser.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    return user


def test_the_second_step(client, doctor, django_assert_num_queries):
    """Session, user, the lockout, the app, whether there are passkeys, the header."""
    password_only(client, doctor)
    client.get(reverse("two-factor-verify"))  # the first request works out the step
    with django_assert_num_queries(5):
        assert client.get(reverse("two-factor-verify")).status_code == 200


@pytest.mark.parametrize(
    ("name", "queries"),
    [("two-factor-setup", 7), ("two-factor-authenticator", 6), ("account", 7)],
)
def test_the_pages_once_signed_in(client, doctor, django_assert_num_queries, name, queries):
    client.force_login(doctor)
    client.get(reverse(name))  # the authenticator page's key is made on the first visit
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
