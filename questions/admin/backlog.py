"""The staff backlog page: per department, what waits, how long, how fast doctors answer,
and twelve weeks of questions asked and answered as a server-rendered SVG chart."""

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.db.models import Count, Min
from django.db.models.functions import TruncDate
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from questions.models import Question
from specialists.models import Department

WEEKS = 12
CHART_WIDTH, CHART_HEIGHT, BAR_GAP = 240, 60, 2


@dataclass
class Row:
    name: str
    open_count: int = 0
    oldest: datetime | None = None
    median_hours: float | None = None
    asked: list[int] = field(default_factory=lambda: [0] * WEEKS)
    answered: list[int] = field(default_factory=lambda: [0] * WEEKS)
    bars: list[dict] = field(default_factory=list)


def _week_index(day, start) -> int | None:
    index = (day - start).days // 7
    return index if 0 <= index < WEEKS else None


def backlog_rows(now: datetime | None = None) -> list[Row]:
    """One row per department (and one for triage), computed in five queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    start = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))  # a Monday
    rows = {department.pk: Row(department.name) for department in Department.objects.all()}
    rows[None] = Row(_("Triage (no department)"))

    waiting = (
        Question.objects.filter(status__in=[Question.Status.OPEN, Question.Status.TRIAGE])
        .values("department_id")
        .annotate(count=Count("pk"), oldest=Min("asked_at"))
    )
    for item in waiting:
        row = rows.get(item["department_id"])
        if row is not None:
            row.open_count, row.oldest = item["count"], item["oldest"]

    waits: dict = {}
    recent = Question.objects.filter(answered_at__gte=now - timedelta(days=30)).values_list(
        "department_id", "asked_at", "answered_at"
    )
    for department_id, asked_at, answered_at in recent:
        waits.setdefault(department_id, []).append((answered_at - asked_at).total_seconds())
    for department_id, seconds in waits.items():
        if department_id in rows:
            rows[department_id].median_hours = round(statistics.median(seconds) / 3600, 1)

    since = timezone.make_aware(datetime.combine(start, datetime.min.time()))
    for field_name, attribute in (("asked_at", "asked"), ("answered_at", "answered")):
        per_day = (
            Question.objects.filter(**{f"{field_name}__gte": since})
            .annotate(day=TruncDate(field_name))
            .values("department_id", "day")
            .annotate(count=Count("pk"))
        )
        for item in per_day:
            row, week = rows.get(item["department_id"]), _week_index(item["day"], start)
            if row is not None and week is not None:
                getattr(row, attribute)[week] += item["count"]

    # One scale for every department, so that the charts compare at a glance.
    top = max([1, *(count for row in rows.values() for count in (*row.asked, *row.answered))])
    for row in rows.values():
        row.bars = _bars(row.asked, row.answered, top)
    return list(rows.values())


def week_starts(now: datetime | None = None) -> list:
    """The Mondays of the chart's weeks, the oldest first."""
    today = timezone.localdate(now or timezone.now())
    start = today - timedelta(days=today.weekday() + 7 * (WEEKS - 1))
    return [start + timedelta(weeks=week) for week in range(WEEKS)]


def _bars(asked: list[int], answered: list[int], top: int) -> list[dict]:
    """Rectangles for a small grouped bar chart: per week, asked then answered, `top`
    questions a week reaching the chart's height."""
    slot = CHART_WIDTH / WEEKS
    width = (slot - BAR_GAP) / 2
    bars = []
    for week, (asked_count, answered_count) in enumerate(zip(asked, answered, strict=True)):
        for offset, count, kind in ((0, asked_count, "asked"), (width, answered_count, "answered")):
            height = round(count / top * (CHART_HEIGHT - 2), 1)
            bars.append(
                {
                    "x": round(week * slot + offset, 1),
                    "y": round(CHART_HEIGHT - height, 1),
                    "width": round(width, 1),
                    "height": height,
                    "kind": kind,
                    "count": count,
                    "week": week,
                }
            )
    return bars


@staff_member_required
def backlog(request):
    now = timezone.now()
    rows = backlog_rows(now)
    weeks = week_starts(now)
    return render(
        request,
        "admin/questions/backlog.html",
        {
            **admin.site.each_context(request),
            "title": _("Backlog"),
            "rows": rows,
            "now": now,
            # The axis, once for the table: the scale's top and the weeks' Mondays.
            "top": max([1, *(count for row in rows for count in (*row.asked, *row.answered))]),
            "first_week": weeks[0],
            "middle_week": weeks[WEEKS // 2],
            "middle_x": CHART_WIDTH / WEEKS * (WEEKS // 2),
            "last_week": weeks[-1],
            "weeks": WEEKS,
            "chart_width": CHART_WIDTH,
            "chart_height": CHART_HEIGHT,
        },
    )
