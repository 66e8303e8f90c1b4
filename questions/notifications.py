"""E-mails to patients about their questions, sent by Django's tasks framework after the
change that causes them has committed.

Each e-mail carries a link to the question and a one-click link to stop such e-mails
(also as List-Unsubscribe headers, RFC 8058). Question bodies are never put in an e-mail
or a log line: the e-mail says what happened and links to the page.
"""

import email.policy
import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from machinery.links import tel_text
from machinery.site import site_name

from .models import Question

logger = logging.getLogger(__name__)

REPLIED = "replied"
DECLINED = "declined"
INFORMATION = "information"  # a doctor asks for more information
INFORMATION_REMINDER = "information_reminder"
FOLLOW_UP_ANSWERED = "follow_up_answered"
UNSUBSCRIBE_SALT = "questions.unsubscribe"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(token: str):
    """The user a token was made for, or None if it is forged or their account is gone."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=pk).first()


class NotificationEmail(EmailMultiAlternatives):
    """An e-mail whose header lines are not folded before RFC 5322's 998 characters: Python
    folds a long List-Unsubscribe URL into RFC 2047 encoded words, which mail clients do not
    read as a URL."""

    def message(self, *, policy=email.policy.default):
        return super().message(policy=policy.clone(max_line_length=998))


def absolute(path: str) -> str:
    return settings.BASE_URL + path


@task()
def send_question_email(*, question_id: int, kind: str) -> bool:
    """Tell a question's author that a doctor replied, asked for more information (or is
    still waiting for it), or that it was declined. Returns whether an e-mail was sent: not
    when the account is gone, its address is not verified or the patient opted out."""
    question = Question.objects.select_related("author", "department").filter(pk=question_id)
    question = question.first()
    if question is None or question.author is None or not question.author.is_active:
        return False
    author = question.author
    if author.email_verified_at is None or not author.email_on_reply:
        return False
    unsubscribe_url = absolute(
        reverse("questions:unsubscribe", kwargs={"token": unsubscribe_token(author)})
    )
    context = {
        "question": question,
        "kind": kind,
        "question_url": absolute(question.get_absolute_url()),
        "my_questions_url": absolute(reverse("questions:my-questions")),
        "unsubscribe_url": unsubscribe_url,
        "site_name": site_name(),
        "emergency_number": tel_text(settings.EMERGENCY_NUMBER),
        "clarification_days": settings.CLARIFICATION_DAYS,
    }
    with translation.override(question.language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"questions/email/{kind}_subject.txt", context)
        text = render_to_string(f"questions/email/{kind}.txt", context)
    message = NotificationEmail(
        subject=" ".join(subject.split()),
        body=text,
        to=[author.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.send()
    logger.info("Sent %s e-mail for question %s", kind, question_id)
    return True


def remind_patients(*, now=None) -> int:
    """Remind once each patient whose answer a doctor has awaited CLARIFICATION_REMIND_DAYS
    (run with the doctors' digests, every hour). Returns how many were reminded."""
    now = now or timezone.now()
    due = Question.objects.filter(
        status=Question.Status.OPEN,
        information_asked_at__lte=now - timedelta(days=settings.CLARIFICATION_REMIND_DAYS),
        information_reminded_at__isnull=True,
    ).values_list("pk", flat=True)
    reminded = 0
    for pk in list(due):
        # One conditional UPDATE per question: two runs at once remind once.
        if Question.objects.filter(pk=pk, information_reminded_at__isnull=True).update(
            information_reminded_at=now
        ):
            send_question_email.enqueue(question_id=pk, kind=INFORMATION_REMINDER)
            reminded += 1
    return reminded
