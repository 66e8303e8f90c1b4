"""Account changes a person makes themselves: exporting their data and deleting it."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from questions.models import Question, Reply
from questions.serialization import own_question_data
from questions.services import withdraw_waiting_questions


class AccountError(Exception):
    """The account cannot be changed this way; the message says why."""


def export_account_data(*, user) -> dict:
    """Everything the site keeps about a patient: their account and their questions with
    the replies, as plain JSON-ready data."""
    questions = Question.objects.asked_by(user).prefetch_related(
        Prefetch("replies", queryset=Reply.objects.published().with_doctor()), "topics"
    )
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "email_on_reply": user.email_on_reply,
        },
        "questions": [own_question_data(question) for question in questions],
    }


def delete_account(*, user) -> None:
    """A patient deletes their account. Their answered questions stay published under the
    nickname only; questions still waiting are withdrawn, since nobody would read a reply;
    their e-mail address and login are gone."""
    if hasattr(user, "doctor") or user.is_staff:
        raise AccountError(_("Doctors' and staff accounts are closed by an administrator."))
    with transaction.atomic():
        withdraw_waiting_questions(author=user)
        user.delete()
