import pytest
from django.contrib.auth import authenticate
from django.db import IntegrityError

from qa_portal.models import User

pytestmark = pytest.mark.django_db


def test_email_is_unique_regardless_of_case():
    """Two accounts cannot share an e-mail address that differs only in case."""
    User.objects.create_user("Alex@Example.org", "a-long-test-password")
    with pytest.raises(IntegrityError):
        User.objects.create_user("alex@example.ORG", "another-long-password")


def test_login_with_email_in_any_case(rf):
    """A person logs in with their e-mail address, whatever case they type it in."""
    user = User.objects.create_user("alex@example.org", "a-long-test-password")
    request = rf.post("/accounts/login/")
    assert (
        authenticate(request, username="ALEX@example.org", password="a-long-test-password") == user
    )
    assert authenticate(request, username="alex@example.org", password="wrong") is None


def test_create_superuser_is_staff():
    """createsuperuser makes a staff superuser without a username."""
    user = User.objects.create_superuser("boss@example.org", "a-long-test-password")
    assert user.is_staff and user.is_superuser
    assert str(user) == "boss@example.org"


def test_user_requires_email():
    """An account without an e-mail address is refused."""
    with pytest.raises(ValueError):
        User.objects.create_user("", "a-long-test-password")
