"""Fixtures shared by the tests of the questions app."""

import pytest

from tests.factories import UserFactory


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user
