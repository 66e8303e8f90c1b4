"""The public archive: question pages, search, and the department, topic and doctor pages
that list answered questions; readers' reports and "This answered my question too"."""

import hashlib
import secrets
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods, require_safe
from django.views.generic import ListView

from machinery import pagecache, ratelimit
from machinery.paginators import CachedCountPaginator
from machinery.ratelimit import ratelimit_post
from questions import services, structured_data
from questions.archive import similar, totals, viewcounts
from questions.archive.pagecache import cache_question_page
from questions.archive.question_page import page_replies, public_page
from questions.forms import InformationAnswerForm, ReportForm
from questions.models import FAQTopic, Question, Reply, TopicRedirect
from questions.search.page import run as run_search
from questions.search.terms import named_in
from specialists.models import Department, Doctor

ARCHIVE_PAGE_SIZE = 20


@require_safe  # read-only pages answer 405 to POST, PUT, DELETE
@cache_question_page
def question_detail(request, pk: int, slug: str = ""):
    if request.user.is_authenticated:
        question = get_object_or_404(
            Question.objects.visible_to(request.user).with_department(), pk=pk
        )
        replies = page_replies(question.pk)
    else:
        question, replies = public_page(pk)
        if question is None:
            raise Http404
    if slug != question.slug:
        return redirect(question, permanent=True)
    if question.is_public:
        viewcounts.record_view(question.pk)
        question.view_count += viewcounts.pending(question.pk)  # shown, not saved

    def similar_questions():
        # Evaluated (lazily, once) only when the cached fragment holding it has expired.
        return similar.similar_list(question, for_page=True)

    for reply in replies:
        reply.question = question  # as question.replies would: no query to find it again
    trail = [(_("Home"), "/"), (question.display_title, question.get_absolute_url())]
    if question.department:
        trail.insert(1, (question.department.name, question.department.get_absolute_url()))
    return render(
        request,
        "questions/question_detail.html",
        {
            "question": question,
            "replies": replies,
            "structured_data": structured_data.qa_page(request, question, replies),
            "breadcrumb_data": structured_data.breadcrumbs(request, trail),
            "similar_questions": SimpleLazyObject(similar_questions),
            "related_topics": SimpleLazyObject(lambda: list(FAQTopic.objects.related_to(question))),
            "page_generation": pagecache.generation(request),
            # Doctors reading a page may mark "I agree" on other doctors' replies.
            "viewer_doctor": getattr(request.user, "doctor", None),
            # The patient answering a doctor's request for more information.
            "information_form": InformationAnswerForm(),
            # The patient who asked: follow-ups and thanks under each reply.
            "viewer_is_author": bool(question.author_id) and question.author_id == request.user.pk,
        },
    )


@ratelimit_post("report", limit_setting="REPORTS_PER_HOUR")
def report(request, pk: int):
    """Any reader, logged in or not, reports a public Q&A to staff."""
    question = get_object_or_404(Question.objects.public(), pk=pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if form.caught_a_bot:  # an ordinary-looking answer, and nothing saved
        return render(request, "questions/reported.html", {"question": question})
    if request.method == "POST" and form.is_valid():
        services.report_question(
            question=question,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            reporter=request.user,
        )
        return render(request, "questions/reported.html", {"question": question})
    return render(request, "questions/report.html", {"question": question, "form": form})


BROWSER_COOKIE = "qa_browser"  # a random token: "answered my question too" counts once


def _browser(request) -> tuple[str, str | None]:
    """(the hash this browser is counted by, a new token to set when it has none)."""
    token = request.COOKIES.get(BROWSER_COOKIE, "")
    new = None
    if not 20 <= len(token) <= 64:
        token = new = secrets.token_urlsafe(24)
    return hashlib.sha256(token.encode()).hexdigest(), new


@require_http_methods(["GET", "HEAD", "POST"])
def reply_helped(request, pk: int):
    """ "This answered my question too", for any reader: a page to confirm (the question
    page stays cacheable: no per-reader form on it), counted once per browser and limited
    per IP address."""
    reply = get_object_or_404(
        Reply.objects.published()
        .with_doctor()
        .select_related("question")
        .filter(question__in=Question.objects.public()),
        pk=pk,
    )
    if request.method != "POST":
        return render(request, "questions/helped.html", {"reply": reply, "done": False})
    if wait := ratelimit.check(request, "helped", limit_setting="HELPED_PER_HOUR"):
        return ratelimit.too_many_requests(request, wait)
    browser, new_token = _browser(request)
    try:
        counted = services.mark_helped(reply=reply, browser=browser)
    except services.QuestionError:
        raise Http404 from None  # hidden meanwhile
    reply.refresh_from_db(fields=["helped_count"])
    response = render(
        request, "questions/helped.html", {"reply": reply, "done": True, "counted": counted}
    )
    if new_token:
        response.set_cookie(
            BROWSER_COOKIE, new_token, max_age=365 * 24 * 3600, secure=request.is_secure(),
            httponly=True, samesite="Lax",
        )  # fmt: skip
    return response


@require_safe
def search_page(request):
    """Search the answered archive: ranked results with the matched words marked, filters by
    department and topic, 20 a page, and "Did you mean" when nothing matched."""
    department = topic = None  # no query for a filter that was not chosen
    if slug := request.GET.get("department"):
        department = Department.objects.filter(slug=slug).first()
    if slug := request.GET.get("topic"):
        topic = FAQTopic.objects.filter(slug=slug).first()
    result = run_search(
        request.GET.get("q", ""),
        department=department,
        topic=topic,
        page_number=request.GET.get("page"),
        page_size=ARCHIVE_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    # Every department and topic, for the filters; those named by the words (in either
    # language) are offered above the results, and as where to look when nothing is found.
    departments = list(Department.objects.all())
    topics = list(FAQTopic.objects.with_department().order_by("name"))
    names = ("name_en", "name_zh_hant")
    return render(
        request,
        "questions/search.html",
        {
            "parsed": result.parsed,
            "q": result.typed,
            "page_obj": result.page,
            "questions": result.page.object_list,
            "departments": departments,
            "department": department,
            "topics": topics,
            "topic": topic,
            "named_departments": named_in(result.typed, departments, names=names, limit=3),
            "named_topics": named_in(result.typed, topics, names=names),
            "ask_url": reverse("questions:ask") + "?" + urlencode({"title": result.typed[:120]}),
            "suggestion": result.suggestion,
            "capped": result.capped,
            "too_common": pgettext("list separator", ", ").join(result.too_common),
            "query_string": query.urlencode(),
        },
    )


@require_safe
def department_list(request):
    return render(
        request, "questions/department_list.html", {"departments": totals.department_counts()}
    )


class ArchiveListView(ListView):
    """A paginated list of answered questions, newest first."""

    paginate_by = ARCHIVE_PAGE_SIZE
    paginator_class = CachedCountPaginator
    context_object_name = "questions"

    def get_paginator(self, queryset, per_page, **kwargs):
        # A page's ids are kept under the page generation, which moves when a question is
        # first answered, hidden, restored or retagged: the list changes at once for those.
        return self.paginator_class(
            queryset,
            per_page,
            count_key=f"archive-count:{self.request.path}",
            rows=Question.objects.public().with_department(),
            version=self.page_generation,
            **kwargs,
        )

    def get(self, request, *args, **kwargs):
        self.page_generation = pagecache.generation(request)
        return super().get(request, *args, **kwargs)


class DepartmentDetailView(ArchiveListView):
    template_name = "questions/department_detail.html"

    def get_queryset(self):
        self.department = get_object_or_404(Department, slug=self.kwargs["slug"])
        return Question.objects.in_department(self.department)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            department=self.department,
            breadcrumb_data=structured_data.breadcrumbs(
                self.request,
                [
                    (_("Home"), "/"),
                    (_("Departments"), reverse("questions:department-list")),
                    (self.department.name, self.department.get_absolute_url()),
                ],
            ),
            # Read only when the sidebar's cached fragment has expired (querysets are lazy).
            topics=self.department.faq_topics.all(),
            doctors=Doctor.objects.listed().filter(department=self.department),
            page_generation=self.page_generation,
            **kwargs,
        )


@require_safe
def topic_list(request):
    return render(request, "questions/topic_list.html", {"topics": totals.topic_counts()})


class TopicDetailView(ArchiveListView):
    template_name = "questions/topic_detail.html"

    def get(self, request, *args, **kwargs):
        slug = self.kwargs["slug"]
        self.topic = FAQTopic.objects.with_department().filter(slug=slug).first()
        if self.topic is None:
            # A topic merged into another keeps its old address as a permanent redirect.
            moved = get_object_or_404(TopicRedirect.objects.select_related("topic"), old_slug=slug)
            return redirect(moved.topic, permanent=True)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Question.objects.with_topic(self.topic)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic=self.topic,
            breadcrumb_data=structured_data.breadcrumbs(
                self.request,
                [
                    (_("Home"), "/"),
                    (_("FAQ topics"), reverse("questions:topic-list")),
                    (self.topic.name, self.topic.get_absolute_url()),
                ],
            ),
            **kwargs,
        )


class DoctorDetailView(ArchiveListView):
    template_name = "questions/doctor_detail.html"

    def get_queryset(self):
        self.doctor = get_object_or_404(Doctor.objects.listed(), slug=self.kwargs["slug"])
        return Question.objects.answered_by(self.doctor)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            doctor=self.doctor,
            structured_data=structured_data.profile_page(self.request, self.doctor),
            breadcrumb_data=structured_data.breadcrumbs(
                self.request,
                [
                    (_("Home"), "/"),
                    (self.doctor.department.name, self.doctor.department.get_absolute_url()),
                    (_("Dr. %(name)s") % {"name": self.doctor.name}, self.request.path),
                ],
            ),
            **kwargs,
        )
