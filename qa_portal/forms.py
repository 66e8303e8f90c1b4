from django import forms
from django.contrib.auth.forms import BaseUserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from machinery.honeypot import HoneypotMixin

from .models import User


class SignupForm(HoneypotMixin, BaseUserCreationForm):
    """Sign up with an e-mail address and a password; no username."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send replies to your questions here. It is never shown publicly."),
    )

    class Meta:
        model = User
        fields = ["email"]

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).strip()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account with this e-mail address already exists. Log in, or reset your "
                  "password if you forgot it."),
                code="email_taken",
            )  # fmt: skip
        return email


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email_on_reply"]


class ConfirmPasswordForm(forms.Form):
    """The account's password again, to make sure it is the person: before the account is
    deleted, or a second factor changed long after signing in."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
        error_messages={"required": _("Enter your password.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("This is not your password."), code="wrong_password")
        return password


class DeleteAccountForm(ConfirmPasswordForm):
    pass
