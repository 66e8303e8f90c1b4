"""The doctors' dashboard: the department's queue, claiming, replying (draft, preview,
publish), referring, declining, second opinions, "I agree", and the doctor's own figures.

Open only to users with an active Doctor profile: anonymous visitors are sent to log in,
everyone else gets a 403.
"""

import statistics
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from machinery import ratelimit
from questions import doctor_emails, services
from questions.forms import (
    DeclineForm,
    DoctorEmailsForm,
    FollowUpAnswerForm,
    InformationRequestForm,
    ReferForm,
    ReplyForm,
)
from questions.meaning.hybrid import answered_like_question
from questions.models import Question, Referral, Reply, ReplyThanks, public_question
from specialists.models import Doctor

QUEUE_PAGE_SIZE = 50


def doctor_required(view):
    """Let in users with an active Doctor profile, as ``request.doctor``."""

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        doctor = (
            Doctor.objects.select_related("department")
            .filter(user=request.user, user__is_active=True)
            .first()
        )
        if doctor is None:
            raise PermissionDenied
        doctor.user = request.user  # also fills request.user.doctor for the page header
        request.doctor = doctor
        return view(request, *args, **kwargs)

    return wrapped


def _questions_for(doctor):
    """What a doctor may open here: open questions of their department, and answered
    questions for a second opinion."""
    return Question.objects.filter(
        Q(status=Question.Status.OPEN, department_id=doctor.department_id) | public_question()
    ).select_related("department", "claimed_by")


@doctor_required
def queue(request):
    doctor = request.doctor
    questions = Question.objects.queue()
    scope = request.GET.get("scope")
    if scope != "all":
        questions = questions.filter(department_id=doctor.department_id)
    mine = request.GET.get("mine") == "1"
    if mine:
        questions = questions.filter(claimed_by=doctor, claimed_until__gt=timezone.now())
    page = Paginator(questions, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    referrals = Referral.objects.latest_into({row.pk: row.department_id for row in rows})
    for row in rows:
        row.referral = referrals.get(row.pk)
    # The patients' follow-ups waiting in the department (not in "all departments").
    follow_ups = (
        []
        if scope == "all"
        else list(Reply.objects.follow_ups_waiting(doctor.department_id)[:QUEUE_PAGE_SIZE])
    )
    return render(
        request,
        "questions/dashboard/queue.html",
        {
            "doctor": doctor,
            "page_obj": page,
            "questions": rows,
            "follow_ups": follow_ups,
            "scope_all": scope == "all",
            "mine": mine,
            # Which of the dashboard's links is this page (aria-current in _nav.html).
            "section": "mine" if mine else "all" if scope == "all" else "queue",
            "now": timezone.now(),
        },
    )


@doctor_required
@require_POST
def claim(request, pk: int):
    question = get_object_or_404(_questions_for(request.doctor), pk=pk)
    try:
        services.claim_question(doctor=request.doctor, question=question)
    except services.QuestionError as error:
        messages.error(request, str(error))
        return redirect("questions:dashboard")
    return redirect("questions:dashboard-question", pk=pk)


@doctor_required
@require_POST
def release(request, pk: int):
    question = get_object_or_404(_questions_for(request.doctor), pk=pk)
    services.release_claim(doctor=request.doctor, question=question)
    messages.info(request, _("The question is back in the queue."))
    return redirect("questions:dashboard")


def _draft_form(doctor, question) -> ReplyForm:
    """The reply form holding the doctor's saved draft, if any."""
    draft = Reply.objects.filter(question=question, doctor=doctor).first()
    return ReplyForm(initial={"body": draft.body} if draft else {})


def _reply_page(request, question, reply_form, *, preview=None, status=200, **forms):
    doctor = request.doctor
    return render(
        request,
        "questions/dashboard/question.html",
        {
            "doctor": doctor,
            "question": question,
            "holder": question.claim_holder(),
            "replies": question.replies.for_page(),
            "referrals": Referral.objects.filter(question=question).select_related(
                "doctor", "from_department", "to_department"
            ),
            "reply_form": reply_form,
            "refer_form": forms.get("refer_form") or ReferForm(exclude=question.department),
            "decline_form": forms.get("decline_form") or DeclineForm(),
            "information_form": forms.get("information_form") or InformationRequestForm(),
            "preview": preview,
            # Read only when the template shows them (after the reply form).
            "answered_like": SimpleLazyObject(lambda: answered_like_question(question)),
            "may_act": question.status == Question.Status.OPEN
            and question.department_id == doctor.department_id,
        },
        status=status,
    )


@doctor_required
def work_on_question(request, pk: int):
    """The reply page: the question, other doctors' replies, and this doctor's reply form
    with Save draft, Preview and Publish."""
    doctor = request.doctor
    question = get_object_or_404(_questions_for(doctor), pk=pk)
    mine = Reply.objects.filter(question=question, doctor=doctor).first()
    if mine is not None and mine.is_published:
        return redirect("questions:dashboard-reply-edit", pk=mine.pk)
    if request.method != "POST":
        initial = {"body": mine.body} if mine else {}
        return _reply_page(request, question, ReplyForm(initial=initial))

    form = ReplyForm(request.POST)
    action = request.POST.get("action", "draft")
    if not form.is_valid():
        return _reply_page(request, question, form)
    body = form.cleaned_data["body"]
    if action == "publish" and (
        wait := ratelimit.check(request, "publish", limit_setting="REPLIES_PER_HOUR", per="user")
    ):
        return ratelimit.too_many_requests(request, wait)
    try:
        if action == "publish":
            reply = services.publish_reply(doctor=doctor, question=question, body=body)
            messages.success(request, _("Your reply is published."))
            return redirect(reply.get_absolute_url())
        services.save_draft(doctor=doctor, question=question, body=body)
    except services.QuestionError as error:
        form.add_error(None, str(error))
        return _reply_page(request, question, form)
    if action == "preview":
        preview = Reply(question=question, doctor=doctor, body=body, published_at=timezone.now())
        return _reply_page(request, question, form, preview=preview)
    messages.success(request, _("Your draft is saved."))
    return redirect("questions:dashboard-question", pk=pk)


@doctor_required
@require_POST
def refer(request, pk: int):
    question = get_object_or_404(_questions_for(request.doctor), pk=pk)
    form = ReferForm(request.POST, exclude=question.department)
    if not form.is_valid():
        return _reply_page(
            request, question, _draft_form(request.doctor, question), refer_form=form
        )
    try:
        services.refer_question(
            doctor=request.doctor,
            question=question,
            department=form.cleaned_data["department"],
            note=form.cleaned_data["note"],
        )
    except services.QuestionError as error:
        messages.error(request, str(error))
        return redirect("questions:dashboard-question", pk=pk)
    messages.success(
        request,
        _("The question was referred to %(department)s.")
        % {"department": form.cleaned_data["department"].name},
    )
    return redirect("questions:dashboard")


@doctor_required
@require_POST
def ask_information(request, pk: int):
    """The doctor asks the patient one more thing; the question waits for the answer,
    held for this doctor."""
    question = get_object_or_404(_questions_for(request.doctor), pk=pk)
    form = InformationRequestForm(request.POST)
    if not form.is_valid():
        return _reply_page(
            request, question, _draft_form(request.doctor, question), information_form=form
        )
    try:
        services.ask_for_information(
            doctor=request.doctor, question=question, request=form.cleaned_data["request"]
        )
    except services.QuestionError as error:  # held by a colleague, or no longer open
        messages.error(request, str(error))
        return redirect("questions:dashboard-question", pk=pk)
    messages.success(
        request,
        _("The patient is asked. The question is held for you for %(days)s days.")
        % {"days": settings.CLARIFICATION_DAYS},
    )
    return redirect("questions:dashboard")


@doctor_required
@require_POST
def decline(request, pk: int):
    question = get_object_or_404(_questions_for(request.doctor), pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _reply_page(
            request, question, _draft_form(request.doctor, question), decline_form=form
        )
    try:
        services.decline_question(
            question=question,
            code=form.cleaned_data["reason"],
            reason=form.cleaned_data["note"],
            doctor=request.doctor,
        )
    except services.QuestionError as error:
        messages.error(request, str(error))
        return redirect("questions:dashboard-question", pk=pk)
    messages.success(request, _("The question was declined; the patient is told why."))
    return redirect("questions:dashboard")


@doctor_required
def reply_edit(request, pk: int):
    """A doctor corrects their own published reply; never another doctor's."""
    reply = get_object_or_404(
        Reply.objects.published().select_related("question__department"),
        pk=pk,
        doctor=request.doctor,
    )
    form = ReplyForm(
        request.POST if request.method == "POST" else None, initial={"body": reply.body}
    )
    if request.method == "POST" and form.is_valid():
        services.edit_reply(doctor=request.doctor, reply=reply, body=form.cleaned_data["body"])
        messages.success(request, _("Your reply is updated."))
        return redirect(reply.get_absolute_url())
    return render(
        request,
        "questions/dashboard/reply_edit.html",
        {"doctor": request.doctor, "reply": reply, "question": reply.question, "form": form},
    )


@doctor_required
@require_POST
def agree(request, pk: int):
    reply = get_object_or_404(Reply.objects.published().select_related("question"), pk=pk)
    try:
        agrees = services.agree_with_reply(doctor=request.doctor, reply=reply)
    except services.QuestionError as error:
        messages.error(request, str(error))
    else:
        if agrees:
            messages.success(request, _("You agree with this reply."))
        else:
            messages.info(request, _("You no longer mark this reply as agreed."))
    return redirect(reply.get_absolute_url())


@doctor_required
def me(request):
    """The doctor's own figures: replies published, median time to reply, last 30 days."""
    doctor = request.doctor
    since = timezone.now() - timedelta(days=30)
    mine = Reply.objects.published().filter(doctor=doctor)
    recent = list(
        mine.filter(published_at__gte=since).select_related("question").order_by("-published_at")
    )
    waits = [reply.published_at - reply.question.asked_at for reply in recent]
    median = statistics.median(waits) if waits else None
    figures = mine.aggregate(
        total=Count("pk"), helped=Sum("helped_count", default=0), thanked=Count("thanks")
    )
    return render(
        request,
        "questions/dashboard/me.html",
        {
            "doctor": doctor,
            "section": "me",
            "total": figures["total"],
            "helped": figures["helped"],
            "thanked": figures["thanked"],
            # The patients' notes: for this doctor only, never published.
            "thanks": ReplyThanks.objects.filter(reply__doctor=doctor)
            .select_related("reply__question")
            .order_by("-created_at", "-pk")[:10],
            "recent": recent,
            "median_hours": round(median.total_seconds() / 3600, 1) if median else None,
            "drafts": Reply.objects.filter(doctor=doctor, published_at__isnull=True)
            .select_related("question")
            .order_by("-pk"),
            "profile_url": reverse("questions:doctor-detail", kwargs={"slug": doctor.slug}),
        },
    )


@doctor_required
def email_settings(request):
    """What the doctor is e-mailed: priority questions at once, a digest of what waits."""
    form = DoctorEmailsForm(request.POST or None, instance=request.doctor)
    if request.method == "POST" and form.is_valid():
        doctor_emails.choose(request.doctor, **form.cleaned_data)
        messages.success(request, _("Your e-mail settings are saved."))
        return redirect("questions:dashboard-settings")
    return render(
        request,
        "questions/dashboard/settings.html",
        {"doctor": request.doctor, "form": form, "section": "settings"},
    )


@csrf_exempt  # RFC 8058 mail clients POST with no cookie: the signed token is the proof
@never_cache
def doctor_unsubscribe(request, token: str):
    """The one-click link of a doctor's e-mail (no login: the signed token is the proof);
    a POST stops that kind of e-mail (RFC 8058 clients POST to it directly)."""
    found = doctor_emails.from_unsubscribe_token(token)
    if found is None:
        raise Http404
    doctor, kind = found
    if request.method == "POST":
        doctor_emails.stop(doctor, kind)
    return render(
        request,
        "questions/dashboard/unsubscribed.html",
        {"done": request.method == "POST", "kind": kind},
    )


@doctor_required
def follow_up(request, pk: int):
    """A patient's follow-up on a reply, with the question and the reply, and the form to
    answer it (doctors of the question's department, and the doctor who replied)."""
    doctor = request.doctor
    reply = get_object_or_404(Reply.objects.follow_ups_for(doctor), pk=pk)
    form = FollowUpAnswerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_follow_up(doctor=doctor, reply=reply, body=form.cleaned_data["body"])
        except services.QuestionError as error:  # held for a colleague, or answered meanwhile
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your answer to the follow-up is published."))
            return redirect(reply.get_absolute_url())
    return render(
        request,
        "questions/dashboard/follow_up.html",
        {"doctor": doctor, "reply": reply, "question": reply.question, "form": form},
    )
