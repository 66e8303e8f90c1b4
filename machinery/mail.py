"""A plain-text e-mail from a pair of templates: `<name>_subject.txt` and `<name>.txt`,
rendered in the reader's language (the site's when none is known)."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation


def send_templated(*, to: str, name: str, context: dict, language: str = "") -> None:
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{name}_subject.txt", context)
        body = render_to_string(f"{name}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])
