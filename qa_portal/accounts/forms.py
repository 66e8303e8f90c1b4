from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


class SecondStepForm(forms.Form):
    """The second step of signing in: the authenticator app's code, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        strip=True,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "off",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
        help_text=_(
            "The 6-digit code your authenticator app shows now, or one of your recovery codes."
        ),
        error_messages={"required": _("Enter the code from your authenticator app.")},
    )
    remember = forms.BooleanField(
        label=ngettext_lazy(
            "Remember this browser for %(days)d day",
            "Remember this browser for %(days)d days",
            "days",
        ),
        required=False,
        help_text=_("Only on a computer or phone nobody else uses."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.REMEMBER_BROWSER_DAYS
        self.fields["remember"].label = self.fields["remember"].label % {"days": days}


class AuthenticatorForm(forms.Form):
    """Setting up an authenticator app: the code it shows proves it holds the key."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        strip=True,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The 6-digit code the app shows for this site after you scanned it."),
        error_messages={"required": _("Enter the 6-digit code the app shows.")},
    )
