"""The URL configuration's own routes: choosing a language needs no CSRF token."""

import pytest

pytestmark = pytest.mark.django_db


def test_language_switch_works_without_a_token(client):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/i18n/setlang/", {"language": "zh-hant", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "zh-hant"
