"""The read-only JSON API of public Q&A: filters, pages, errors and visibility."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import AnsweredQuestionFactory, DepartmentFactory, days_ago

pytestmark = pytest.mark.django_db


class TestApi:
    def test_list_filters_paginates_and_keeps_visibility(
        self, client, archive, django_assert_num_queries
    ):
        other = DepartmentFactory(slug="cardiology")
        for day in range(22):
            AnsweredQuestionFactory(department=other, answered_at=days_ago(day + 1))
        with django_assert_num_queries(4):
            data = client.get(reverse("questions:api-list")).json()
        assert data["count"] == 23 and data["pages"] == 2 and len(data["results"]) == 20
        assert data["next"].endswith("page=2")
        ids = {item["id"] for item in data["results"]}
        ids |= {item["id"] for item in client.get(data["next"]).json()["results"]}
        assert archive["hidden"].pk not in ids and archive["waiting"].pk not in ids
        neuro = client.get(reverse("questions:api-list"), {"department": "neurology"}).json()
        assert [item["id"] for item in neuro["results"]] == [archive["public"].pk]
        by_topic = client.get(reverse("questions:api-list"), {"topic": "sleep"}).json()
        assert by_topic["count"] == 1
        # `since` is a date in the site's time zone (Taipei), not in UTC: between 16:00 and
        # midnight UTC the two differ by a day.
        since = timezone.localdate(days_ago(5))
        recent = client.get(reverse("questions:api-list"), {"since": since}).json()
        assert recent["count"] == 6  # answered today (archive) plus 5 days of the others

    def test_detail_and_privacy(self, client, archive):
        public = archive["public"]
        data = client.get(reverse("questions:api-detail", args=[public.pk])).json()
        assert data["headline"] == "Sleep Jerks Explained"
        assert data["replies"][0]["doctor"]["name"] == public.replies.get().doctor.name
        assert data["topics"] == [
            {"name": "Sleep", "names": {"en": "Sleep", "zh-hant": "Sleep"}, "slug": "sleep"}
        ]
        assert "very.private" not in json.dumps(data) and "Private Person" not in json.dumps(data)
        for private in (archive["hidden"], archive["waiting"]):
            assert client.get(reverse("questions:api-detail", args=[private.pk])).status_code == 404

    @pytest.mark.parametrize(
        ("params", "status"),
        [({"since": "yesterday"}, 400), ({"since": "2026-02-30"}, 400), ({"page": "x"}, 400),
         ({"page": "99"}, 404)],
    )  # fmt: skip
    def test_bad_parameters_get_a_clear_error(self, client, params, status):
        response = client.get(reverse("questions:api-list"), params)
        assert response.status_code == status
        assert response["Content-Type"] == "application/json"

    def test_read_only(self, client):
        assert client.post(reverse("questions:api-list")).status_code == 405
