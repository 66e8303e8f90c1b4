"""What a scrape of /metrics computes at that moment: the questions waiting in each
department's queue (as the doctors' dashboard lists them) and in staff triage, and how long
the oldest has waited. Three queries, whatever the size of the archive; the departments are
few and named by slug."""

from django.db.models import Count, Min
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily

from machinery.metrics import seconds_waited
from specialists.models import Department

from .models import Question


class QueueCollector:
    """A prometheus_client collector, run at each scrape."""

    def collect(self):
        now = timezone.now()
        waiting = GaugeMetricFamily(
            "qa_portal_questions_waiting",
            "Questions waiting in a department's queue for a doctor's reply.",
            labels=["department"],
        )
        oldest = GaugeMetricFamily(
            "qa_portal_questions_waiting_oldest_seconds",
            "How long the longest-waiting question of a department's queue has waited "
            "(0: none waits).",
            labels=["department"],
        )
        queued = {
            row["department_id"]: row
            for row in Question.objects.queue()
            .order_by()
            .values("department_id")
            .annotate(count=Count("pk"), oldest=Min("asked_at"))
        }
        for pk, slug in Department.objects.order_by("slug").values_list("pk", "slug"):
            row = queued.get(pk, {"count": 0, "oldest": None})
            waiting.add_metric([slug], row["count"])
            oldest.add_metric([slug], seconds_waited(row["oldest"], now))
        yield waiting
        yield oldest

        triage = Question.objects.in_triage().aggregate(count=Count("pk"), oldest=Min("asked_at"))
        yield GaugeMetricFamily(
            "qa_portal_triage_questions_waiting",
            "Questions with no department, waiting for staff to choose one.",
            value=triage["count"],
        )
        yield GaugeMetricFamily(
            "qa_portal_triage_waiting_oldest_seconds",
            "How long the longest-waiting question in triage has waited (0: none waits).",
            value=seconds_waited(triage["oldest"], now),
        )
