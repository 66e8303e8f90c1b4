"""The directory: hospital departments and the doctors who answer for them.

This app knows nothing of questions; pages that list a department's or a doctor's answers
live in the questions app.
"""

from django.conf import settings
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from machinery.links import link


class DepartmentQuerySet(models.QuerySet):
    def taking_questions(self):
        """Departments with a doctor who accepts questions and whose account is active:
        the only ones a question can be referred to."""
        return self.filter(
            models.Exists(
                Doctor.objects.filter(
                    department=models.OuterRef("pk"),
                    accepting_questions=True,
                    user__is_active=True,
                )
            )
        )


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers are listed first.")
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("questions:department-detail", self.slug)


class DoctorQuerySet(models.QuerySet):
    def listed(self):
        """Doctors shown on public pages: those whose account is active."""
        return self.filter(user__is_active=True).select_related("department")


class Digest(models.TextChoices):
    """How often a doctor is e-mailed the questions waiting in their department."""

    HOURLY = "hourly", _("every hour")
    DAILY = "daily", _("once a day")
    NONE = "none", _("never")


class Doctor(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="doctor",
        verbose_name=_("user"),
    )
    name = models.CharField(_("display name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="doctors",
        verbose_name=_("department"),
    )
    title = models.CharField(
        pgettext_lazy("job title", "title"),
        max_length=100,
        blank=True,
        help_text=_("For example: Attending Physician."),
    )
    hospital = models.CharField(_("hospital"), max_length=150)
    bio = models.TextField(_("biography"), blank=True)
    accepting_questions = models.BooleanField(_("accepting questions"), default=True)
    license_number = models.CharField(
        _("licence number"), max_length=50, blank=True, help_text=_("Never shown publicly.")
    )
    is_verified = models.BooleanField(
        _("licence verified"),
        default=False,
        help_text=_("Tick once staff have checked the licence; pages then show a verified mark."),
    )
    email_priority = models.BooleanField(
        _("e-mail me priority questions at once"),
        default=True,
        help_text=_("A question that may be an emergency, as soon as it reaches the department."),
    )
    email_conversation = models.BooleanField(
        _("e-mail me when a patient answers me"),
        default=True,
        help_text=_("When a patient adds the information you asked for."),
    )
    email_digest = models.CharField(
        _("e-mail me what waits"),
        max_length=10,
        choices=Digest.choices,
        default=Digest.DAILY,
        help_text=_("A list of the questions waiting in the department, the oldest first."),
    )

    objects = DoctorQuerySet.as_manager()

    class Meta:
        verbose_name = _("doctor")
        verbose_name_plural = _("doctors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("questions:doctor-detail", self.slug)

    @property
    def signature(self) -> str:
        """The line that closes each reply: "Dr. NAME, DEPARTMENT Department, HOSPITAL." """
        return gettext("Dr. %(name)s, %(department)s Department, %(hospital)s.") % {
            "name": self.name,
            "department": self.department.name,
            "hospital": self.hospital,
        }
