"""The site's name, in the reader's language: QA_PORTAL_SITE_NAME when a deployment sets
one, else the default name, translated."""

from django.conf import settings
from django.utils.translation import gettext


def site_name() -> str:
    return settings.SITE_NAME or gettext("Ask a Hospital Doctor")
