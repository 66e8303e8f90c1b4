"""The fixed choices of a question: statuses, decline reasons, age ranges and genders."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class QuestionStatus(models.TextChoices):
    TRIAGE = "triage", _("waiting for triage")
    OPEN = "open", _("waiting for a doctor")
    ANSWERED = "answered", _("answered")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DeclineReason(models.TextChoices):
    """Why a question was declined. The code is stored and the text is translated when it is
    shown, so a patient reads it in their own language whatever the doctor's language."""

    EMERGENCY = "emergency", _("An emergency")
    PRESCRIPTION = "prescription", _("Asks for a prescription")
    NOT_MEDICAL = "not_medical", _("Not a medical question")
    PERSONAL_DATA = "personal_data", _("Contains personal data")
    OTHER = "other", _("Other (explain below)")


# What the patient reads for each reason; "other" is explained in the doctor's own words.
DECLINE_REASON_TEXTS = {
    DeclineReason.EMERGENCY: _(
        "Your question describes symptoms that may need urgent care. Please go to an "
        "emergency department or call the emergency number now, rather than wait for a "
        "written reply."
    ),
    DeclineReason.PRESCRIPTION: _(
        "We cannot prescribe or change medicine online. Please see a doctor in person."
    ),
    DeclineReason.NOT_MEDICAL: _("This service answers medical questions only."),
    DeclineReason.PERSONAL_DATA: _(
        "Your question contains personal details (a name, phone or ID number) that would "
        "be published. Please ask again without them."
    ),
}


class AgeRange(models.TextChoices):
    UNDER_10 = "0~9", _("under 10")
    TEENS = "10~19", "10~19"
    TWENTIES = "20~29", "20~29"
    THIRTIES = "30~39", "30~39"
    FORTIES = "40~49", "40~49"
    FIFTIES = "50~59", "50~59"
    SIXTIES = "60~69", "60~69"
    SEVENTIES = "70~79", "70~79"
    OVER_80 = "80+", _("80 and over")


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    OTHER = "other", _("prefer not to say")


def public_question(through: str = "") -> Q:
    """What makes a question public: answered, and not hidden by staff. `through` reaches
    the question from another model ("question__", "questions__")."""
    return Q(**{f"{through}status": QuestionStatus.ANSWERED, f"{through}is_hidden": False})
