"""The patient's pages: asking (with suggestions while the title is typed), following
their own questions, changing or withdrawing them, and stopping e-mails."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from django.views.generic import ListView

from machinery.ratelimit import ratelimit_post
from questions import notifications, services
from questions.forms import (
    AskForm,
    FollowUpForm,
    InformationAnswerForm,
    QuestionForm,
    ThanksForm,
)
from questions.meaning.hybrid import answered_like
from questions.models import CrisisTerm, FAQTopic, Question, Reply, ReplyThanks

from .public import ARCHIVE_PAGE_SIZE

MAX_SUGGESTION_TEXT = 500  # a title is at most 120 characters


def _limit_message(limit) -> ValidationError:
    """The daily limit reached, and when the patient may ask again (questions and
    follow-ups count alike)."""
    return ValidationError(
        _("You can ask %(count)s questions in 24 hours. You can ask again from %(when)s."),
        code="daily_limit",
        params={
            "count": settings.QUESTIONS_PER_DAY,
            "when": date_format(timezone.localtime(limit.retry_at), "Y/m/d H:i"),
        },
    )


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


def _must_verify_email(user) -> bool:
    """Patients ask only from an address shown to be theirs; doctors (whose invitation
    proved theirs) and staff are never held back."""
    return user.email_verified_at is None and not user.is_staff and not hasattr(user, "doctor")


@login_required
@never_cache
@ratelimit_post("ask", limit_setting="ASKS_PER_HOUR")
def ask(request):
    if _must_verify_email(request.user):
        # The notice instead of the form; a question posted anyway is not saved.
        status = 403 if request.method == "POST" else 200
        return render(request, "questions/ask.html", {"must_verify_email": True}, status=status)
    if request.method != "POST":
        initial = _patient_defaults(request.user)
        if title := " ".join(request.GET.get("title", "").split())[:120]:
            initial["title"] = title  # from a search that found nothing
        form = AskForm(initial=initial)
        return render(request, "questions/ask.html", _ask_context(form))
    form = AskForm(request.POST)
    if form.caught_a_bot:  # an ordinary-looking answer, and nothing saved
        return redirect("questions:my-questions")
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
            form.add_error(None, _limit_message(limit))
        else:
            return redirect("questions:asked", pk=asked.question.pk)
    return render(request, "questions/ask.html", _ask_context(form))


@require_safe
def ask_suggestions(request):
    """JSON for the ask page: answered questions like the title being typed (by its words
    and by meaning) and FAQ topics that match it."""
    text = request.GET.get("q", "")[:MAX_SUGGESTION_TEXT]
    questions = answered_like(text)
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
            reply_count=Count("replies", filter=Q(replies__published_at__isnull=False)),
            follow_up_waiting=Count(
                "replies",
                filter=Q(
                    replies__follow_up_asked_at__isnull=False,
                    replies__follow_up_answered_at__isnull=True,
                ),
            ),
        )


def _own_question(request, pk: int) -> Question:
    return get_object_or_404(Question.objects.asked_by(request.user), pk=pk)


@login_required
@never_cache
def edit_question(request, pk: int):
    question = _own_question(request, pk)
    if not question.can_be_changed_by_author:
        messages.info(request, question.locked_reason)
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
        messages.info(request, question.locked_reason)
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


@login_required
@never_cache
def thank(request, pk: int):
    """The patient who asked thanks the doctor for a reply, with a short note only the
    doctor sees. Anyone else: 404."""
    reply = get_object_or_404(Reply.objects.to_questions_of(request.user), pk=pk)
    thanks = ReplyThanks.objects.filter(reply=reply).first()
    form = ThanksForm(
        request.POST if request.method == "POST" else None,
        initial={"note": thanks.note if thanks else ""},
    )
    if request.method == "POST" and form.is_valid():
        services.thank_doctor(reply=reply, author=request.user, note=form.cleaned_data["note"])
        messages.success(
            request, _("Thank you. Dr. %(name)s will see it.") % {"name": reply.doctor.name}
        )
        return redirect(reply.get_absolute_url())
    return render(request, "questions/thank.html", {"reply": reply, "form": form, "thanks": thanks})


@login_required
@never_cache
def add_information(request, pk: int):
    """The patient answers a doctor's request for more information (the form is also on
    the question's page); a refusal keeps the text typed."""
    question = _own_question(request, pk)
    form = InformationAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_information(
                question=question, author=request.user, answer=form.cleaned_data["answer"]
            )
        except services.QuestionError as error:
            form.add_error(None, str(error))
        else:
            if question.crisis_terms:  # the emergency help first, as after asking
                return render(
                    request, "questions/add_information.html", {"question": question, "sent": True}
                )
            messages.success(request, _("Your answer is added. The doctor is told."))
            return redirect(question)
    return render(request, "questions/add_information.html", {"question": question, "form": form})


@login_required
@never_cache
def follow_up(request, pk: int):
    """The patient who asked asks one follow-up on a reply. Anyone else: 404. A refusal
    (the limit, the time, hidden meanwhile) keeps the text typed."""
    reply = get_object_or_404(Reply.objects.to_questions_of(request.user), pk=pk)
    if _must_verify_email(request.user):  # as for asking: the ask page says why and how
        return redirect("questions:ask")
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.ask_follow_up(
                author=request.user, reply=reply, body=form.cleaned_data["body"]
            )
        except services.DailyLimitReached as limit:
            form.add_error(None, _limit_message(limit))
        except services.QuestionError as error:
            form.add_error(None, str(error))
        else:
            if asked.crisis_terms:  # the emergency help first, as after asking
                return render(request, "questions/follow_up.html", {"reply": reply, "sent": True})
            messages.success(
                request,
                _("Your follow-up is sent to Dr. %(name)s.") % {"name": reply.doctor.name},
            )
            return redirect(reply.get_absolute_url())
    return render(request, "questions/follow_up.html", {"reply": reply, "form": form})
