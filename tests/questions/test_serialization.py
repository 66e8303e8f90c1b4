"""The two shapes of a question as data (questions.serialization): the public API's and
the patient's own download, their keys in a fixed order."""

import json

import pytest
from django.urls import reverse

from tests.factories import answered_question

pytestmark = pytest.mark.django_db

API_KEYS = [
    "id", "url", "title", "headline", "body", "added_information", "nickname", "age_range",
    "gender", "department", "topics", "asked_at", "answered_at", "views", "replies",
]  # fmt: skip
API_REPLY_KEYS = [
    "doctor", "body", "published_at", "edited_at", "agree_count", "helped_count", "follow_up",
]  # fmt: skip
OWN_KEYS = [
    "id", "url", "status", "department", "title", "body", "added_information", "nickname",
    "age_range", "gender", "asked_at", "answered_at", "decline_reason_code", "decline_reason",
    "replies",
]  # fmt: skip
OWN_REPLY_KEYS = ["doctor", "department", "body", "published_at", "follow_up"]


def test_the_api_shape(client):
    question = answered_question()
    data = client.get(reverse("questions:api-detail", args=[question.pk])).json()
    assert list(data) == API_KEYS
    assert list(data["replies"][0]) == API_REPLY_KEYS
    assert data["url"].startswith("http") and data["replies"][0]["doctor"]["url"].startswith("http")
    assert "email" not in json.dumps(data)


def test_the_patients_own_shape(client):
    question = answered_question()
    client.force_login(question.author)
    data = json.loads(client.get(reverse("account-export")).content)
    own = data["questions"][0]
    assert list(own) == OWN_KEYS
    assert list(own["replies"][0]) == OWN_REPLY_KEYS
    assert own["url"] == question.get_absolute_url() and own["status"] == "answered"
