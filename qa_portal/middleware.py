import re

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from machinery.pagecache import is_anonymous_reader

# NUL, and the UTF-16 surrogate halves that no valid UTF-8 text can contain.
FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")
# Proxies and gunicorn refuse longer request lines (nginx 8 kB, gunicorn 4 kB by default);
# the same bound here keeps every deployment and the tests alike, and keeps a huge admin
# search from reaching SQLite's LIKE pattern limit (a 500).
MAX_URL_LENGTH = 8192


class RejectNullBytesMiddleware:
    """A NUL byte in the path, the query string or a header would reach PostgreSQL, which
    refuses it with an error (a 500). No real link or browser sends one: answer 400 at once.
    An address longer than a proxy would pass is a 414.

    Lone surrogates cannot come out of Django's decoding (invalid UTF-8 becomes U+FFFD or
    stays percent-encoded) but are refused the same way, should any reach this far.
    Form fields are left to the forms: Django's CharField refuses NUL with a message next
    to the field, and the person keeps what they typed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.path) + len(request.META.get("QUERY_STRING", "")) > MAX_URL_LENGTH:
            return HttpResponse(
                _("This address is too long."),
                status=414,
                content_type="text/plain; charset=utf-8",
            )
        if self._hostile(request):
            return HttpResponseBadRequest(
                _("This address contains a character that is not allowed."),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    @staticmethod
    def _hostile(request) -> bool:
        found = FORBIDDEN_CHARACTERS.search
        if found(request.path):
            return True
        for key, values in request.GET.lists():
            if found(key) or any(found(value) for value in values):
                return True
        # Headers end up in the database too (django-axes keeps a failed login's
        # User-Agent); the Cookie header is one of them.
        return any(
            isinstance(value, str) and found(value)
            for key, value in request.META.items()
            if key.startswith("HTTP_") or key == "CONTENT_TYPE"
        )


# Pages for one person: never kept by a shared cache, a proxy or the browser's disk.
PRIVATE_PREFIXES = (
    "/ask/", "/my/", "/dashboard/", "/admin/", "/accounts/", "/report/", "/replies/",
)  # fmt: skip


class SecurityHeadersMiddleware:
    """Headers Django does not set by itself: no browser feature is granted to the page
    (camera, microphone, geolocation, …), and its resources may not be embedded by other
    sites.

    Private responses also get ``Cache-Control: private, no-store``: the account, asking,
    dashboard and admin pages, and any page answered to a request carrying a session or
    messages cookie (it may show who is logged in) or setting a cookie. Anonymous readers
    of the public pages (no session cookie: the only ones the page cache serves) keep
    their cacheable responses; a view that marks its response public keeps it public."""

    PERMISSIONS_POLICY = ", ".join(
        f"{feature}=()"
        for feature in (
            "accelerometer", "camera", "display-capture", "geolocation", "gyroscope",
            "magnetometer", "microphone", "payment", "usb", "interest-cohort",
        )
    )  # fmt: skip

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if self._private(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _private(request, response) -> bool:
        directives = {
            part.strip().split("=")[0].lower()
            for part in response.headers.get("Cache-Control", "").split(",")
        }
        if "public" in directives:
            return False
        return bool(
            request.path_info.startswith(PRIVATE_PREFIXES)
            or not is_anonymous_reader(request)
            or response.cookies
        )
