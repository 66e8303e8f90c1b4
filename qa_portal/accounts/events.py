"""The account's security log, and telling its owner. A factor added or removed, or new
recovery codes made, is e-mailed to the person: someone with their password, or at a
computer they left signed in, could have done it."""

import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import translation

from machinery.mail import send_templated
from machinery.site import site_name

from ..models import SecurityEvent, User

logger = logging.getLogger(__name__)


def record(
    *, user, action: str, note: str = "", actor=None, by_operator: bool = False, tell=False
) -> SecurityEvent:
    """A line in the account's security log; with `tell`, the person is e-mailed once the
    change has committed."""
    event = SecurityEvent.objects.create(
        user=user, action=action, note=note[:200], actor=actor, by_operator=by_operator
    )
    if tell:
        language = translation.get_language() or settings.LANGUAGE_CODE
        transaction.on_commit(
            lambda: send_security_notice.enqueue(
                user_id=user.pk, action=str(action), language=language
            )
        )
    return event


@task()
def send_security_notice(*, user_id: int, action: str, language: str) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or action not in SecurityEvent.Action.values:
        return False
    context = {
        "what": SecurityEvent.Action(action).label,
        "site_name": site_name(),
        "factors_url": settings.BASE_URL + reverse("two-factor-setup"),
        "password_url": settings.BASE_URL + reverse("password_reset"),
    }
    send_templated(
        to=user.email, name="registration/security_notice_email", context=context, language=language
    )
    logger.info("Sent a security notice (%s) to user %s", action, user_id)
    return True
