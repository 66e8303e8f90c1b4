"""What doctors were told by e-mail about waiting questions (questions.doctor_emails): a
question is never in two e-mails of the same kind to the same doctor."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DoctorNotice(models.Model):
    class Kind(models.TextChoices):
        PRIORITY = "priority", _("priority e-mail")
        DIGEST = "digest", _("digest")
        FOLLOW_UP = "follow_up", _("priority follow-up e-mail")

    doctor = models.ForeignKey(
        "specialists.Doctor",
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("doctor"),
    )
    question = models.ForeignKey(
        "questions.Question",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("question"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail to a doctor")
        verbose_name_plural = _("e-mails to doctors")
        constraints = [
            models.UniqueConstraint(
                fields=["doctor", "question", "kind"], name="one_notice_of_a_kind"
            )
        ]
        indexes = [models.Index(fields=["doctor", "kind", "sent_at"], name="notice_doctor_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: #{self.question_id} to {self.doctor_id}"
