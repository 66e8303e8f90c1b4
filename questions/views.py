"""The public archive (question pages and the department, topic and doctor pages that list
answered questions) and the patient's pages: asking, and following their own questions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from specialists.models import Department, Doctor

from . import (
    notifications,
    pagecache,
    search,
    services,
    structured_data,
    totals,
    viewcounts,
)
from .forms import AskForm, QuestionForm, ReportForm
from .models import (
    CrisisTerm,
    FAQTopic,
    Question,
    Reply,
    TopicRedirect,
    public_question,
)
from .precompiled import Precompiled
from .ratelimit import ratelimit_post

ARCHIVE_PAGE_SIZE = 20


# The question page's queries for anonymous readers, the most frequent request of all,
# compiled to SQL once per connection (precompiled.py). One query reads the replies with
# their question (a public Q&A has published replies); the question alone is read only
# when there are none.
_public_question = Precompiled(lambda pk: Question.objects.public().with_department().filter(pk=pk))
_public_replies = Precompiled(
    lambda pk: (
        Reply.objects.filter(public_question("question__"), question_id=pk)
        .for_page()
        .select_related("question__department")
        .defer("question__search_vector")
    )
)
_page_replies = Precompiled(lambda pk: Reply.objects.filter(question_id=pk).for_page())


def _public_page(pk: int):
    """The public question `pk` and its published replies, or (None, [])."""
    replies = _public_replies(pk)
    if replies:
        return replies[0].question, replies
    return next(iter(_public_question(pk)), None), []


@require_safe  # read-only pages answer 405 to POST, PUT, DELETE
@pagecache.cache_question_page
def question_detail(request, pk: int, slug: str = ""):
    if request.user.is_authenticated:
        question = get_object_or_404(
            Question.objects.visible_to(request.user).with_department(), pk=pk
        )
        replies = _page_replies(question.pk)
    else:
        question, replies = _public_page(pk)
        if question is None:
            raise Http404
    if slug != question.slug:
        return redirect(question, permanent=True)
    if question.is_public:
        viewcounts.record_view(question.pk)
        question.view_count += viewcounts.pending(question.pk)  # shown, not saved

    def similar():
        # Evaluated (lazily, once) only when the cached fragment holding it has expired.
        return Question.objects.similar_list(question, for_page=True)

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
            "similar_questions": SimpleLazyObject(similar),
            "related_topics": SimpleLazyObject(lambda: list(FAQTopic.objects.related_to(question))),
            "page_generation": pagecache.generation(request),
            # Doctors reading a page may mark "I agree" on other doctors' replies.
            "viewer_doctor": getattr(request.user, "doctor", None),
        },
    )


@ratelimit_post("report", limit_setting="REPORTS_PER_HOUR")
def report(request, pk: int):
    """Any reader, logged in or not, reports a public Q&A to staff."""
    question = get_object_or_404(Question.objects.public(), pk=pk)
    form = ReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.report_question(
            question=question,
            reason=form.cleaned_data["reason"],
            text=form.cleaned_data["text"],
            reporter=request.user,
        )
        return render(request, "questions/reported.html", {"question": question})
    return render(request, "questions/report.html", {"question": question, "form": form})


@require_safe
def search_page(request):
    """Search the answered archive: ranked results with the matched words marked, filters by
    department and topic, 20 a page, and "Did you mean" when nothing matched."""
    department = topic = None  # no query for a filter that was not chosen
    if slug := request.GET.get("department"):
        department = Department.objects.filter(slug=slug).first()
    if slug := request.GET.get("topic"):
        topic = FAQTopic.objects.filter(slug=slug).first()
    result = search.run(
        request.GET.get("q", ""),
        department=department,
        topic=topic,
        page_number=request.GET.get("page"),
        page_size=ARCHIVE_PAGE_SIZE,
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "questions/search.html",
        {
            "parsed": result.parsed,
            "q": result.typed,
            "page_obj": result.page,
            "questions": result.page.object_list,
            "departments": Department.objects.all(),
            "department": department,
            "topic": topic,
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
    paginator_class = totals.CachedCountPaginator
    context_object_name = "questions"

    def get_paginator(self, queryset, per_page, **kwargs):
        key = f"archive-count:{self.request.path}"
        return self.paginator_class(queryset, per_page, count_key=key, **kwargs)


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
            page_generation=pagecache.generation(self.request),
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


# The patient's side: asking, following and changing their own questions.


def _patient_defaults(user) -> dict:
    """Nickname, age range and gender from the patient's last question, to save typing."""
    last = Question.objects.filter(author=user).order_by("-asked_at").first()
    if last is None:
        return {}
    return {"nickname": last.nickname, "age_range": last.age_range, "gender": last.gender}


def _ask_context(form) -> dict:
    return {
        "form": form,
        "crisis_terms": list(
            CrisisTerm.objects.filter(is_active=True).values_list("term", flat=True)
        ),
    }


@login_required
@never_cache
@ratelimit_post("ask", limit_setting="ASKS_PER_HOUR")
def ask(request):
    if request.method != "POST":
        form = AskForm(initial=_patient_defaults(request.user))
        return render(request, "questions/ask.html", _ask_context(form))
    form = AskForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            asked = services.ask_question(
                author=request.user,
                title=data["title"],
                body=data["body"],
                nickname=data["nickname"],
                age_range=data["age_range"],
                gender=data["gender"],
                department=data["department"],
                submission_token=data["submission_token"],
                language=getattr(request, "LANGUAGE_CODE", ""),
            )
        except services.DailyLimitReached as limit:
            form.add_error(
                None,
                ValidationError(
                    _(
                        "You can ask %(count)s questions in 24 hours. You can ask again from "
                        "%(when)s."
                    ),
                    code="daily_limit",
                    params={
                        "count": settings.QUESTIONS_PER_DAY,
                        "when": date_format(timezone.localtime(limit.retry_at), "Y/m/d H:i"),
                    },
                ),
            )
        else:
            return redirect("questions:asked", pk=asked.question.pk)
    return render(request, "questions/ask.html", _ask_context(form))


@require_safe
def ask_suggestions(request):
    """JSON for the ask page: answered questions and FAQ topics that match a title."""
    text = request.GET.get("q", "")
    questions = Question.objects.matching(text)
    topics = FAQTopic.objects.matching(text)
    response = JsonResponse(
        {
            "questions": [
                {
                    "title": question.display_title,
                    "url": question.get_absolute_url(),
                    "department": question.department.name if question.department else "",
                }
                for question in questions
            ],
            "topics": [
                {
                    "name": topic.name,
                    "url": topic.get_absolute_url(),
                    "department": topic.department.name if topic.department else "",
                }
                for topic in topics
            ],
        }
    )
    patch_cache_control(response, public=True, max_age=300)
    return response


@login_required
@never_cache
def asked(request, pk: int):
    """After asking: what happens next."""
    question = get_object_or_404(Question.objects.asked_by(request.user), pk=pk)
    return render(request, "questions/asked.html", {"question": question})


@method_decorator([login_required, never_cache], name="dispatch")
class MyQuestionsView(ListView):
    template_name = "questions/my_questions.html"
    context_object_name = "questions"
    paginate_by = ARCHIVE_PAGE_SIZE

    def get_queryset(self):
        return Question.objects.asked_by(self.request.user).annotate(
            reply_count=Count("replies", filter=Q(replies__published_at__isnull=False))
        )


def _own_question(request, pk: int) -> Question:
    return get_object_or_404(Question.objects.asked_by(request.user), pk=pk)


@login_required
@never_cache
def edit_question(request, pk: int):
    question = _own_question(request, pk)
    if not question.can_be_changed_by_author:
        messages.info(request, _("A doctor has already taken up this question."))
        return redirect("questions:my-questions")
    form = QuestionForm(request.POST if request.method == "POST" else None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_question(question=question, author=request.user, **form.cleaned_data)
        except services.QuestionError as error:
            messages.error(request, str(error))
            return redirect("questions:my-questions")
        messages.success(request, _("Your question has been saved."))
        return redirect("questions:my-questions")
    return render(request, "questions/question_edit.html", {"form": form, "question": question})


@login_required
@never_cache
def withdraw_question(request, pk: int):
    question = _own_question(request, pk)
    if not question.can_be_changed_by_author:
        messages.info(request, _("A doctor has already taken up this question."))
        return redirect("questions:my-questions")
    if request.method == "POST":
        try:
            services.withdraw_question(question=question, author=request.user)
        except services.QuestionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Your question has been withdrawn."))
        return redirect("questions:my-questions")
    return render(request, "questions/question_withdraw.html", {"question": question})


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the signed token
@never_cache  # in the URL is what authorises the change, and it can only turn e-mails off.
def unsubscribe(request, token: str):
    user = notifications.user_from_unsubscribe_token(token)
    if user is None:
        raise Http404
    if request.method == "POST":
        services.stop_reply_emails(user=user)
        return render(request, "questions/unsubscribed.html", {"done": True})
    return render(request, "questions/unsubscribed.html", {"done": False})
