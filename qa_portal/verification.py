"""Confirming a patient's e-mail address: the signed link e-mailed at sign-up (and again on
request), what a link says when it comes back, and the task that sends it after commit.

The link holds the account's id and the address it was sent to, signed with a timestamp:
it stops working after VERIFY_HOURS, and when the account's address is no longer the one
it was sent to. Nothing is stored until the person confirms.
"""

import enum
import logging
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.tasks import task
from django.urls import reverse

from machinery.mail import send_templated
from machinery.site import site_name

logger = logging.getLogger(__name__)

VERIFY_SALT = "qa_portal.verification"


class LinkState(enum.StrEnum):
    VALID = "valid"  # unverified, the address unchanged, within VERIFY_HOURS
    ALREADY_VERIFIED = "already-verified"
    EXPIRED = "expired"
    INVALID = "invalid"  # forged or garbled
    ACCOUNT_GONE = "account-gone"
    EMAIL_CHANGED = "email-changed"


@dataclass(frozen=True)
class Link:
    state: LinkState
    user: object = None
    email: str = ""


def verification_token(user) -> str:
    return signing.dumps({"user": user.pk, "email": user.email}, salt=VERIFY_SALT, compress=True)


def verification_url(user) -> str:
    path = reverse("verify-email", kwargs={"token": verification_token(user)})
    return settings.BASE_URL + path


def _payload(token: str, *, max_age) -> tuple[int, str]:
    data = signing.loads(token, salt=VERIFY_SALT, max_age=max_age)
    if not isinstance(data, dict):
        raise signing.BadSignature("not a verification token")
    pk, email = data.get("user"), data.get("email")
    if not isinstance(pk, int) or not isinstance(email, str):
        raise signing.BadSignature("not a verification token")
    return pk, email


def read_link(token: str) -> Link:
    """What a verification link is worth now. An expired link for an address already
    confirmed says so rather than that it expired: the person has nothing left to do."""
    expired = False
    try:
        pk, email = _payload(token, max_age=settings.VERIFY_HOURS * 3600)
    except signing.SignatureExpired:
        # The signature is good, only old: read it again to say what became of the account.
        expired = True
        pk, email = _payload(token, max_age=None)
    except signing.BadSignature:
        return Link(LinkState.INVALID)
    user = get_user_model().objects.filter(pk=pk, is_active=True).first()
    if user is None:
        return Link(LinkState.ACCOUNT_GONE)
    if user.email.casefold() != email.casefold():
        return Link(LinkState.EMAIL_CHANGED, user, email)
    if user.email_verified_at is not None:
        return Link(LinkState.ALREADY_VERIFIED, user, email)
    if expired:
        return Link(LinkState.EXPIRED, user, email)
    return Link(LinkState.VALID, user, email)


@task()
def send_verification_email(*, user_id: int, language: str = "") -> bool:
    """E-mail a person the link that confirms their address, in the language they signed
    up in. Returns whether it was sent: not when the account is gone or already verified."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email_verified_at is not None:
        return False
    context = {
        "url": verification_url(user),
        "hours": settings.VERIFY_HOURS,
        "site_name": site_name(),
    }
    send_templated(
        to=user.email, name="registration/verify_email", context=context, language=language
    )
    logger.info("Sent an e-mail address verification link to user %s", user_id)
    return True
