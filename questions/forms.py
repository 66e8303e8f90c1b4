import unicodedata
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from specialists.models import Department

from .models import Question

TITLE_MIN, TITLE_MAX = 10, 120
BODY_MIN, BODY_MAX = 30, 4000
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters (other than line breaks and tabs)."""
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control"
        )


def reject_contact_details(value: str) -> None:
    """A nickname is shown publicly: it must not be an e-mail address."""
    if "@" in value:
        raise ValidationError(
            _("Choose a nickname that is not an e-mail address: it is shown publicly."),
            code="email_nickname",
        )


class QuestionForm(forms.ModelForm):
    """What a patient writes when asking or editing a question."""

    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        empty_label=_("Not sure — let our staff choose"),
        help_text=_("The department whose doctors should answer."),
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        validators=[reject_control_characters],
        help_text=_("Your question in one line, %(min)s to %(max)s characters.")
        % {"min": TITLE_MIN, "max": TITLE_MAX},
    )
    body = forms.CharField(
        label=_("Your question"),
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Describe what you feel, since when, and what you have tried; %(min)s to %(max)s "
            "characters. Do not write your name, phone number or ID number."
        )
        % {"min": BODY_MIN, "max": BODY_MAX},
    )
    nickname = forms.CharField(
        label=_("Nickname"),
        min_length=2,
        max_length=40,
        validators=[reject_control_characters, reject_contact_details],
        help_text=_("Shown with your question instead of your name."),
    )
    age_range = forms.ChoiceField(
        label=_("Age range"), choices=[("", "---------"), *Question.AgeRange.choices]
    )
    gender = forms.ChoiceField(
        label=_("Gender"), choices=Question.Gender.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = Question
        fields = ["department", "title", "body", "nickname", "age_range", "gender"]


class AskForm(QuestionForm):
    consent = forms.BooleanField(
        label=_(
            "I understand that my question and the doctor's reply will be published on this "
            "site under my nickname."
        ),
        error_messages={
            "required": _("Tick this box to agree that the question and reply are published.")
        },
    )
    submission_token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
