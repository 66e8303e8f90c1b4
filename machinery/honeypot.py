"""A field only bots fill (a honeypot): out of sight and out of the tab order for people,
filled in by form-filling bots. A form with it filled in is not saved; the view answers
with an ordinary-looking page, so the bot learns nothing."""

from django import forms
from django.utils.translation import gettext_lazy as _

FIELD = "website"


class HoneypotMixin:
    """Adds the field; `caught_a_bot` says whether it was filled in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(
            label=_("Leave this field empty"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    @property
    def caught_a_bot(self) -> bool:
        return bool(self.is_bound and str(self.data.get(FIELD, "")).strip())
