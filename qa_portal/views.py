"""Site-wide pages: the home page and the health check."""

from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from questions.models import FAQTopic, Question, departments_with_answered_counts

HOME_LATEST = 10
HOME_TOPICS = 16


def home(request):
    return render(
        request,
        "qa_portal/home.html",
        {
            "latest_questions": Question.objects.latest_answered()[:HOME_LATEST],
            "departments": departments_with_answered_counts(),
            "featured_topics": FAQTopic.objects.featured()[:HOME_TOPICS],
        },
    )


@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
