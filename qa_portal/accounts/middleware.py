from django.shortcuts import redirect

from .. import reliability
from . import browsers, signin, twofactor

# What a session may reach before its second factor (besides signing out and choosing a
# language): the second step, and for an account that has none yet, enrolment. By full
# view name: a view of the same short name in another namespace stays closed.
ALWAYS_OPEN = {"logout", "set_language", "healthz", "metrics"}
OPEN_WHILE = {
    twofactor.State.VERIFY: {"two-factor-verify", "passkey-sign-in-options", "passkey-sign-in"},
    twofactor.State.ENROL: {
        "two-factor-setup",
        "two-factor-authenticator",
        "passkey-register-options",
        "passkey-register",
        "two-factor-recovery-codes",
        "two-factor-confirm",
    },
}


class SecondFactorMiddleware:
    """A session signed in with a password only, of an account that has a second factor
    (or must have one), reaches nothing but the second step: every other page, form and
    API answers with a redirect there. A proven session costs nothing: what it proved is
    in the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        browsers.set_cookie(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # The first to read the session and the user, before any view: a database that is
        # down is answered with the 503 page here, as DatabaseUnavailableMiddleware does
        # for views (it never sees an error raised in a process_view).
        try:
            return self._second_step(request)
        except reliability.DATABASE_ERRORS as error:
            return reliability.answer_database_error(error)

    def _second_step(self, request):
        if not request.user.is_authenticated:
            return None
        state = signin.current(request)
        if state in (twofactor.State.PROVEN, twofactor.State.NONE):
            browsers.session_used(request)
            return None
        name = request.resolver_match.view_name if request.resolver_match else None
        if name in ALWAYS_OPEN or name in OPEN_WHILE[state]:
            return None
        back = request.get_full_path() if request.method in ("GET", "HEAD") else ""
        return redirect(signin.step_url(state, back))
