"""Changes to the directory of doctors."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import invitations
from .models import Doctor


def create_doctor(*, email: str, profile: Doctor) -> Doctor:
    """Staff add a doctor: an account without a password for the e-mail address, the
    profile, and an invitation e-mail with a link to choose a password."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(User.objects.normalize_email(email), password=None)
        profile.user = user
        profile.save()
        transaction.on_commit(lambda: invitations.send_invitation.enqueue(doctor_id=profile.pk))
    return profile


def resend_invitation(*, doctor: Doctor) -> None:
    invitations.send_invitation.enqueue(doctor_id=doctor.pk)


def confirm_invited_email(*, user) -> None:
    """A doctor who chose a password from the invitation link has shown the e-mail address
    is theirs: it counts as verified."""
    if user.email_verified_at is not None:
        return
    now = timezone.now()
    get_user_model().objects.filter(pk=user.pk, email_verified_at__isnull=True).update(
        email_verified_at=now
    )
    user.email_verified_at = now
