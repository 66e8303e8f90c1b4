import unicodedata
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from machinery.honeypot import HoneypotMixin
from specialists.models import Department, Doctor

from .models import Question, Report

TITLE_MIN, TITLE_MAX = 10, 120
BODY_MIN, BODY_MAX = 30, 4000
ALLOWED_CONTROLS = {"\n", "\r", "\t"}


def interpolate_lazy(message, values: dict):
    """A translatable message with its values filled in when it is shown, in the reader's
    language: `%` on a lazy string translates it at once, at import, in English."""
    return lazy(lambda: str(message) % values, str)()


def reject_control_characters(value: str) -> None:
    """Refuse invisible control characters (other than line breaks and tabs)."""
    if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in value):
        raise ValidationError(
            _("Remove the invisible control characters from this text."), code="control"
        )


def reject_invisible_formatting(value: str) -> None:
    """Refuse zero-width and right-to-left/left-to-right control characters (Unicode
    category Cf) in one-line texts shown beside other text: a nickname or title could
    otherwise reverse what follows it on a page, or pass for another one."""
    if any(unicodedata.category(c) == "Cf" for c in value):
        raise ValidationError(
            _(
                "Remove the invisible formatting characters (zero-width spaces or "
                "right-to-left marks) from this text."
            ),
            code="invisible_formatting",
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
        error_messages={"invalid_choice": _("Choose a department from the list.")},
    )
    title = forms.CharField(
        label=_("Title"),
        min_length=TITLE_MIN,
        max_length=TITLE_MAX,
        validators=[reject_control_characters, reject_invisible_formatting],
        error_messages={
            "required": _("Write a title for your question."),
            "min_length": _(
                "Make the title at least %(limit_value)d characters long (it has %(show_value)d)."
            ),
            "max_length": _(
                "Shorten the title to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },  # fmt: skip
        help_text=interpolate_lazy(
            _("Your question in one line, %(min)s to %(max)s characters."),
            {"min": TITLE_MIN, "max": TITLE_MAX},
        ),
    )
    body = forms.CharField(
        label=_("Your question"),
        min_length=BODY_MIN,
        max_length=BODY_MAX,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": _("Write your question."),
            "min_length": _(
                "Tell the doctor a little more: at least %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
            "max_length": _(
                "Shorten your question to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },  # fmt: skip
        help_text=interpolate_lazy(
            _(
                "Describe what you feel, since when, and what you have tried; %(min)s to "
                "%(max)s characters. Do not write your name, phone number or ID number."
            ),
            {"min": BODY_MIN, "max": BODY_MAX},
        ),
    )
    nickname = forms.CharField(
        label=_("Nickname"),
        min_length=2,
        max_length=40,
        validators=[reject_control_characters, reject_invisible_formatting, reject_contact_details],
        error_messages={"required": _("Choose a nickname to show with your question.")},
        help_text=_("Shown with your question instead of your name."),
    )
    age_range = forms.ChoiceField(
        label=_("Age range"),
        choices=[("", "---------"), *Question.AgeRange.choices],
        error_messages={
            "required": _("Choose your age range."),
            "invalid_choice": _("Choose one of the age ranges in the list."),
        },
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=Question.Gender.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a gender, or “prefer not to say”."),
            "invalid_choice": _("Choose one of the options shown."),
        },
    )

    class Meta:
        model = Question
        fields = ["department", "title", "body", "nickname", "age_range", "gender"]


class AskForm(HoneypotMixin, QuestionForm):
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


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        min_length=20,
        max_length=10000,
        strip=True,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Published under your name with your signature. Give general advice; do not "
            "diagnose or prescribe."
        ),
        error_messages={
            "required": _("Write your reply."),
            "min_length": _("Write at least %(limit_value)d characters (it has %(show_value)d)."),
            "max_length": _(
                "Shorten the reply to %(limit_value)d characters (it has %(show_value)d)."
            ),
        },  # fmt: skip
    )


class ReferForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Refer to department"),
        queryset=Department.objects.taking_questions(),
        help_text=_("Departments with a doctor who is accepting questions."),
        empty_label=_("Choose a department"),
        error_messages={
            "required": _("Choose the department to refer the question to."),
            "invalid_choice": _("Choose a department from the list."),
        },
    )
    note = forms.CharField(
        label=_("Note for its doctors"),
        required=False,
        max_length=1000,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        if exclude is not None:
            self.fields["department"].queryset = Department.objects.taking_questions().exclude(
                pk=exclude.pk
            )


class DeclineForm(forms.Form):
    """Why a doctor (on the dashboard) or staff (in the admin) decline a question."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        widget=forms.RadioSelect,
        choices=Question.DeclineReason.choices,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Message to the patient"),
        required=False,
        max_length=2000,
        validators=[reject_control_characters],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added to the reason; required for “Other”."),
    )

    def __init__(self, *args, default_reason: str = "", **kwargs):
        """With a default reason (staff in the admin), choosing one is optional."""
        super().__init__(*args, **kwargs)
        self.default_reason = default_reason
        if default_reason:
            field = self.fields["reason"]
            field.required, field.initial = False, default_reason
            field.help_text = _("A preset reason reaches the patient in their own language.")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("reason") and self.default_reason:
            cleaned["reason"] = self.default_reason
        if cleaned.get("reason") == "other" and not cleaned.get("note", "").strip():
            self.add_error(
                "note", ValidationError(_("Explain the reason to the patient."), code="required")
            )
        return cleaned


class ReportForm(HoneypotMixin, forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason", "text"]
        widgets = {
            "reason": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }
        labels = {"reason": _("What is wrong?"), "text": _("Details (optional)")}
        help_texts = {"text": _("Do not write your own personal information here.")}
        error_messages = {"reason": {"required": _("Choose what is wrong.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons: no "---------" choice, and none chosen until the reader chooses.
        self.fields["reason"].choices = Report.Reason.choices

    def clean_text(self):
        text = self.cleaned_data["text"]
        reject_control_characters(text)
        if len(text) > 1000:
            raise ValidationError(
                _("Shorten the details to 1000 characters (it has %(count)d)."),
                code="max_length",
                params={"count": len(text)},
            )
        return text


class DoctorEmailsForm(forms.ModelForm):
    """What a doctor is e-mailed about the questions waiting in their department."""

    class Meta:
        model = Doctor
        fields = ["email_priority", "email_conversation", "email_digest"]
        widgets = {"email_digest": forms.RadioSelect}


class ThanksForm(forms.Form):
    note = forms.CharField(
        label=_("A note for the doctor (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
        help_text=_("Only the doctor reads it; it is never published. At most 500 characters."),
        validators=[reject_control_characters, reject_invisible_formatting],
        error_messages={
            "max_length": _("Keep the note to %(limit_value)d characters (it has %(show_value)d).")
        },
    )


def _conversation_text(label, *, required, help_text, max_length: int = 2000, patient=True):
    """A message of the conversation between patient and doctor: 10 characters at least,
    no invisible characters; a patient's, also no contact details."""
    validators = [reject_control_characters, reject_invisible_formatting]
    if patient:
        validators.append(reject_contact_details)
    return forms.CharField(
        label=label,
        min_length=10,
        max_length=max_length,
        validators=validators,
        widget=forms.Textarea(attrs={"rows": 6 if patient else 4, "maxlength": max_length}),
        help_text=help_text,
        error_messages={
            "required": required,
            "min_length": _("Write at least %(limit_value)d characters (it has %(show_value)d)."),
            "max_length": _("Keep it to %(limit_value)d characters (it has %(show_value)d)."),
        },  # fmt: skip
    )


class InformationRequestForm(forms.Form):
    """A doctor asks the patient one more thing before replying."""

    request = _conversation_text(
        _("What do you need to know?"),
        required=_("Write what you need to know."),
        help_text=_(
            "The patient reads it on their question's page and answers there; it is "
            "published with the question once you reply."
        ),
        max_length=1000,
        patient=False,
    )


class InformationAnswerForm(forms.Form):
    """The patient answers a doctor's request for more information."""

    answer = _conversation_text(
        _("Your answer"),
        required=_("Write your answer."),
        help_text=_(
            "Added under your question, which stays as you wrote it; public with the reply. "
            "Do not write your name, phone number or ID number."
        ),
    )


class FollowUpForm(forms.Form):
    """The patient's one follow-up on a reply."""

    body = _conversation_text(
        _("Your follow-up question"),
        required=_("Write your follow-up question."),
        help_text=_(
            "One follow-up on this reply, public with its answer. Do not write your name, "
            "phone number or ID number."
        ),
    )


class FollowUpAnswerForm(ReplyForm):
    """A doctor answers a follow-up: a reply's rules."""
