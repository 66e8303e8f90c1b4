"""The staff backlog page (questions.admin.backlog)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from questions.admin.backlog import backlog_rows
from tests.factories import (
    AnsweredQuestionFactory,
    DepartmentFactory,
    DoctorFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


class TestBacklog:
    def test_figures_against_a_known_data_set(self, client, staff, django_assert_num_queries):
        """Waiting count and oldest wait, median time to first reply over 30 days, and the
        weekly counts of the chart."""
        neurology = DepartmentFactory(name="Neurology")
        DepartmentFactory(name="Quiet department")
        now = timezone.now()
        QuestionFactory(department=neurology, asked_at=now - timedelta(days=5))
        QuestionFactory(department=neurology, asked_at=now - timedelta(days=1))
        QuestionFactory(department=None, status="triage", asked_at=now - timedelta(hours=3))
        for hours in (2, 4, 9):
            AnsweredQuestionFactory(
                department=neurology,
                asked_at=now - timedelta(hours=hours + 1),
                answered_at=now - timedelta(hours=1),
            )
        AnsweredQuestionFactory(
            department=neurology,
            asked_at=now - timedelta(days=60),
            answered_at=now - timedelta(days=40),
        )
        rows = {row.name: row for row in backlog_rows(now)}
        row = rows["Neurology"]
        assert row.open_count == 2
        assert row.oldest == now - timedelta(days=5)
        assert row.median_hours == 4.0
        assert sum(row.asked) == 6 and sum(row.answered) == 4  # all within 12 weeks
        assert rows["Quiet department"].open_count == 0
        assert rows["Quiet department"].median_hours is None
        assert rows["Triage (no department)"].open_count == 1
        with django_assert_num_queries(7):
            response = client.get(reverse("staff-backlog"))
        text = response.content.decode()
        assert "<svg" in text and "Neurology" in text and "4.0 h" in text

    def test_staff_only(self, client):
        assert client.get(reverse("staff-backlog")).status_code == 302
        client.force_login(DoctorFactory().user)
        assert client.get(reverse("staff-backlog")).status_code == 302


def test_the_charts_share_one_scale_and_say_which_weeks(client, staff):
    """A department with few questions draws short bars (one scale for all), the axis
    names the weeks' Mondays, and each chart's text alternative says from which week."""
    busy, quiet = DepartmentFactory(name="Busy"), DepartmentFactory(name="Quiet")
    now = timezone.now()
    for _ in range(8):
        QuestionFactory(department=busy, asked_at=now - timedelta(hours=2))
    QuestionFactory(department=quiet, asked_at=now - timedelta(hours=2))
    rows = {row.name: row for row in backlog_rows(now)}
    tallest = {name: max(bar["height"] for bar in rows[name].bars) for name in ("Busy", "Quiet")}
    assert tallest["Quiet"] < tallest["Busy"] / 4
    text = client.get(reverse("staff-backlog")).content.decode()
    assert "the full height is 8 questions a week" in text
    monday = timezone.localdate(now) - timedelta(days=timezone.localdate(now).weekday())
    assert f'text-anchor="end">{monday:%m/%d}</text>' in text
    assert "Per week from " in text and "Weeks starting " in text
