"""Invitations for doctors: staff add a doctor in the admin, and the doctor gets an e-mail
with a link to choose a password. The link is a Django password-reset token with its own
salt and a longer life than a reset link."""

import logging

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.tasks import task
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode

from machinery.mail import send_templated
from machinery.site import site_name

from .models import Doctor

logger = logging.getLogger(__name__)


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """Django's reset token (invalid once the password is set), valid for
    DOCTOR_INVITATION_DAYS instead of PASSWORD_RESET_TIMEOUT."""

    key_salt = "specialists.invitations.InvitationTokenGenerator"

    def check_token(self, user, token):
        if not (user and token):
            return False
        try:
            timestamp_b36, _signature = token.split("-")
            timestamp = base36_to_int(timestamp_b36)
        except ValueError:
            return False
        if not any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        ):
            return False
        age = self._num_seconds(self._now()) - timestamp
        return age <= settings.DOCTOR_INVITATION_DAYS * 24 * 3600


invitation_tokens = InvitationTokenGenerator()


def invitation_url(user) -> str:
    path = reverse(
        "specialists:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_tokens.make_token(user),
        },
    )
    return settings.BASE_URL + path


@task()
def send_invitation(*, doctor_id: int) -> bool:
    """E-mail a doctor the link to choose their password."""
    doctor = Doctor.objects.select_related("user", "department").filter(pk=doctor_id).first()
    if doctor is None or not doctor.user.is_active:
        return False
    context = {
        "doctor": doctor,
        "url": invitation_url(doctor.user),
        "days": settings.DOCTOR_INVITATION_DAYS,
        "site_name": site_name(),
    }
    send_templated(to=doctor.user.email, name="specialists/email/invitation", context=context)
    logger.info("Sent an invitation to doctor %s", doctor_id)
    return True
