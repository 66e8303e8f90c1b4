"""A read-only JSON API of the public archive, with the site's visibility rules: only
answered, visible questions; patients by nickname only.

    GET /api/questions/?department=<slug>&topic=<slug>&since=YYYY-MM-DD&page=N
    GET /api/questions/<id>/
"""

from datetime import datetime, time

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from questions.models import Question, Reply
from questions.serialization import public_question_data

PAGE_SIZE = 20


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _questions():
    return Question.objects.latest_answered().prefetch_related(
        Prefetch("replies", queryset=Reply.objects.for_page()), "topics"
    )


def _serialize(request, question) -> dict:
    return public_question_data(question, absolute=request.build_absolute_uri)


@require_GET
def question_list(request):
    questions = _questions()
    if department := request.GET.get("department"):
        questions = questions.filter(department__slug=department)
    if topic := request.GET.get("topic"):
        questions = questions.filter(topics__slug=topic)
    if since := request.GET.get("since"):
        try:
            day = parse_date(since)
        except ValueError:
            day = None
        if day is None:
            return _error(_("since must be a date: YYYY-MM-DD."), 400)
        start = timezone.make_aware(datetime.combine(day, time.min))
        questions = questions.filter(answered_at__gte=start)
    paginator = Paginator(questions, PAGE_SIZE)
    try:
        page = paginator.page(request.GET.get("page") or 1)
    except PageNotAnInteger:
        return _error(_("page must be a whole number."), 400)
    except EmptyPage:
        return _error(_("No such page."), 404)

    def page_url(number):
        query = request.GET.copy()
        query["page"] = number
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "count": paginator.count,
            "page": page.number,
            "pages": paginator.num_pages,
            "next": page_url(page.next_page_number()) if page.has_next() else None,
            "previous": page_url(page.previous_page_number()) if page.has_previous() else None,
            "results": [_serialize(request, question) for question in page.object_list],
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def question_detail(request, pk: int):
    question = _questions().filter(pk=pk).first()
    if question is None:
        return _error(_("No public question with this id."), 404)
    return JsonResponse(_serialize(request, question), json_dumps_params={"ensure_ascii": False})
