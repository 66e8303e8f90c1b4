"""/metrics for Prometheus: the counted numbers (machinery.metrics), the queues (questions)
and the background tasks waiting, for the addresses and the token the settings allow. To
anyone else it is a 404, as for an address the site does not have."""

from django.conf import settings
from django.db.models import Count, Min
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django_tasks_db.models import DBTaskResult
from prometheus_client.core import GaugeMetricFamily

from machinery import metrics
from questions.metrics import QueueCollector


class TasksCollector:
    """Background tasks (e-mails, vectors of meaning, purges) due and not yet taken by a
    `db_worker`, by queue: one query. Always 0 with the immediate backend."""

    def collect(self):
        now = timezone.now()
        queues = {
            queue
            for backend in settings.TASKS.values()
            for queue in backend.get("QUEUES") or ["default"]
        }
        rows = {
            row["queue_name"]: row
            for row in DBTaskResult.objects.ready()
            .order_by()
            .values("queue_name")
            .annotate(count=Count("pk"), oldest=Min("enqueued_at"))
        }
        waiting = GaugeMetricFamily(
            "qa_portal_tasks_waiting",
            "Background tasks ready to run, not yet taken by a worker, by queue.",
            labels=["queue"],
        )
        oldest = GaugeMetricFamily(
            "qa_portal_tasks_waiting_oldest_seconds",
            "How long the longest-waiting ready task of a queue has waited (0: none waits).",
            labels=["queue"],
        )
        for queue in sorted(queues | set(rows)):
            row = rows.get(queue, {"count": 0, "oldest": None})
            waiting.add_metric([queue], row["count"])
            oldest.add_metric([queue], metrics.seconds_waited(row["oldest"], now))
        yield waiting
        yield oldest


# Read-only; exempt so that a POST from a client not allowed gets the 404 of an unknown
# address, not the CSRF refusal that would show the address exists.
@csrf_exempt
@never_cache
def scrape(request):
    if not metrics.may_scrape(request):
        raise Http404
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    body, content_type = metrics.exposition(QueueCollector(), TasksCollector())
    response = HttpResponse(body, content_type=content_type)
    response["X-Robots-Tag"] = "noindex"
    return response
