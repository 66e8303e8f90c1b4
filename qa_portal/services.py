"""Account changes a person makes themselves: confirming their e-mail address, exporting
their data and deleting it."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from questions.models import Question, Reply
from questions.serialization import own_question_data
from questions.services import withdraw_waiting_questions

from . import verification


class AccountError(Exception):
    """The account cannot be changed this way; the message says why."""


def request_email_verification(*, user, language: str = "") -> None:
    """E-mail the person a link that confirms their address, once the change that asked
    for it (the sign-up, a request for a new link) has committed."""
    transaction.on_commit(
        lambda: verification.send_verification_email.enqueue(user_id=user.pk, language=language)
    )


def verify_email(*, user, email: str) -> bool:
    """Mark the address verified, if it is still the account's and not verified yet (in
    the database, so that two clicks at once or a change of address in between cannot
    verify the wrong one). Returns whether this call verified it."""
    now = timezone.now()
    with transaction.atomic():
        verified = (
            get_user_model()
            .objects.filter(pk=user.pk, email__iexact=email, email_verified_at__isnull=True)
            .update(email_verified_at=now)
        )
    if verified:
        user.email_verified_at = now
    return bool(verified)


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
        "signing_in": {
            "browsers": [
                {
                    "browser": row.description,
                    "network": row.network,
                    "signed_in_at": row.signed_in_at.isoformat(),
                    "last_used_at": row.last_used_at.isoformat(),
                }
                for row in user.signed_in_sessions.all()
            ],
            "authenticator_app": user.totpdevice_set.filter(confirmed=True).exists(),
            "passkeys": [
                {"name": key.name, "added_at": key.created_at.isoformat()}
                for key in user.passkeys.all()
            ],
            "security_events": [
                {"what": event.action, "at": event.at.isoformat()}
                for event in user.security_events.all()
            ],
        },
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
