"""Resetting an account's second factor, for the person who lost every factor and every
recovery code: staff do it in the admin, the operator with `manage.py
reset_second_factor` (when the locked-out account is the hospital's last superuser). The
account keeps its password; a doctor or staff member sets up a new factor at the next
sign-in, as the middleware sends an account that must have one and has none to
enrolment."""

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from machinery.mail import send_templated
from machinery.site import site_name

from ..models import KnownBrowser, Passkey, RecoveryCode, SecurityEvent, User
from . import browsers, twofactor

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Factors:
    """What an account has that a reset takes away."""

    authenticators: int
    passkeys: int
    recovery_codes: int  # the unused ones
    remembered_browsers: int


@dataclass(frozen=True)
class Reset:
    factors: Factors
    sessions_ended: int  # listed ones; every other session ends at its next request


def factors_of(user) -> Factors:
    """What a reset of this account would take away, for the page that asks to confirm."""
    return Factors(
        authenticators=TOTPDevice.objects.filter(user=user, confirmed=True).count(),
        passkeys=Passkey.objects.filter(user=user).count(),
        recovery_codes=RecoveryCode.objects.filter(user=user, used_at__isnull=True).count(),
        remembered_browsers=KnownBrowser.objects.filter(
            user=user, trusted_until__gt=timezone.now()
        ).count(),
    )


def reset_second_factor(
    *, user, actor=None, by_operator: bool = False, note: str = "", new_password: bool = False
) -> Reset:
    """Take every factor away (authenticator apps, passkeys, recovery codes), make every
    remembered browser ask again and end every session, so that nobody holding an old
    session or a stolen factor keeps a way in. Recorded in the account's security log;
    the person is e-mailed once it is done (if they did not ask for it, they call the
    hospital).

    With `new_password` the old password stops working too (replaced by a random one
    nobody knows): the person chooses a new one through "Forgot your password?", which
    proves they hold the mailbox. Otherwise whoever next signs in with the password sets
    up the new factor — fine when it is known the password was not leaked."""
    if by_operator and actor is not None:
        raise ValueError("A reset is done by staff (actor) or by the operator, not both.")
    with transaction.atomic():
        factors = factors_of(user)
        TOTPDevice.objects.filter(user=user).delete()  # a key being set up goes too
        Passkey.objects.filter(user=user).delete()
        RecoveryCode.objects.filter(user=user).delete()
        browsers.forget_all(user=user)
        if new_password:
            user.set_password(secrets.token_urlsafe(32))
            user.save(update_fields=["password"])
        ended = browsers.end_every_session(user=user)
        SecurityEvent.objects.create(
            user=user,
            action=SecurityEvent.Action.FACTORS_RESET,
            actor=actor,
            by_operator=by_operator,
            note=note.strip()[:200],
        )
        transaction.on_commit(
            lambda: send_factors_reset_email.enqueue(user_id=user.pk, new_password=new_password)
        )
    logger.info(
        "Second factor of user %s reset by %s",
        user.pk,
        "the operator" if by_operator else f"user {actor.pk}" if actor else "the account",
    )
    return Reset(factors=factors, sessions_ended=ended)


@task()
def send_factors_reset_email(*, user_id: int, new_password: bool = False) -> bool:
    """Tell the person their factors were reset: they set up a new one at their next
    sign-in, and call the hospital if they did not ask for this. Nothing about their
    health; in the site's language, as staff or an operator did it, not the person."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "site_name": site_name(),
        "login_url": settings.BASE_URL + reverse("login"),
        "account_url": settings.BASE_URL + reverse("two-factor-setup"),
        "required": twofactor.required_of(user),
        "new_password": new_password,
        "password_reset_url": settings.BASE_URL + reverse("password_reset"),
    }
    send_templated(to=user.email, name="registration/factors_reset_email", context=context)
    logger.info("Sent a second-factor reset notice to user %s", user_id)
    return True
