"""The ceiling: a bare Django view, no database, no middleware, returning the exact bytes
of a question page from a template with no tags. Served by gunicorn with the same settings
as the site, it is the most any Django page can serve on this machine.

    CEILING_TEMPLATE=/tmp/page.html gunicorn bench.ceiling:application
"""

import os

import django
from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="ceiling-benchmark-only",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    TEMPLATES=[
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "DIRS": [os.path.dirname(os.environ["CEILING_TEMPLATE"])],
        }
    ],
)
django.setup()

from django.shortcuts import render  # noqa: E402
from django.urls import path  # noqa: E402

TEMPLATE = os.path.basename(os.environ["CEILING_TEMPLATE"])


def page(request):
    return render(request, TEMPLATE)


urlpatterns = [path("", page)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
