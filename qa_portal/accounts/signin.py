"""The steps of signing in after the password: the second factor asked (or skipped for a
remembered browser), the session listed, the browser noted, its owner alerted when a
doctor's or staff account signs in from a browser it has not used before."""

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from machinery.ratelimit import client_ip, login_username
from specialists.models import Doctor

from . import browsers, twofactor
from .twofactor import Method, State

# Where a session that must still give (or set up) its factor is sent.
STEP_PAGES = {State.VERIFY: "two-factor-verify", State.ENROL: "two-factor-setup"}


def with_next(url: str, following: str) -> str:
    return url + "?" + urlencode({"next": following}) if following else url


def step_url(state: State, following: str = "") -> str:
    """The page of the step this session must still take, then where it was going."""
    return with_next(reverse(STEP_PAGES[state]), following)


def lockout_credentials(user) -> dict:
    """What django-axes counts a failure of this account against (as for a wrong
    password): wrong codes, passkeys and passwords share one lockout."""
    return {"username": login_username(None, {"username": user.get_username()})}


def current(request) -> State:
    """What the signed-in session must still do (worked out on its first request)."""
    return twofactor.state(request) or start(request)


def must_verify(request) -> None:
    """The account has a factor by now (set up in another browser): this session gives it
    like any other, instead of setting one up."""
    request.session[twofactor.STATE_KEY] = State.VERIFY.value


def start(request) -> State:
    """The first request of a session after the password."""
    user = request.user
    browsers.session_started(request, user)
    twofactor.note_recent_proof(request)  # the password, just given
    found = twofactor.work_out(user)
    if found == State.VERIFY and browsers.is_remembered(request, user):
        complete(request, Method.REMEMBERED)
        return State.PROVEN
    request.session[twofactor.STATE_KEY] = found.value
    if found == State.NONE:
        browsers.note_sign_in(request, user, alert=False)
        forgive_failures(request)
    return found


def complete(request, method: Method) -> None:
    """The second factor is given (or was just set up): the session is proven."""
    old_key = request.session.session_key
    twofactor.prove(request, method)
    twofactor.note_recent_proof(request)
    browsers.session_key_changed(request, old_key)
    user = request.user
    alert = method != Method.ENROLMENT and twofactor.required_of(user)
    browsers.note_sign_in(request, user, alert=alert)
    forgive_failures(request)


def forgive_failures(request) -> None:
    """The sign-in is complete: its failed attempts, passwords and codes alike, no longer
    count towards the lockout. Only then, not at the password (AXES_RESET_ON_SUCCESS is
    off): else someone who has the password could sign in again between guesses at the
    code and start the count over each time."""
    username = lockout_credentials(request.user)["username"]
    AxesProxyHandler.reset_attempts(ip_address=client_ip(request), username=username)


def default_landing(user) -> str:
    """A doctor lands on the dashboard, staff on the admin, a patient on My questions."""
    if Doctor.objects.filter(user=user, user__is_active=True).exists():
        return reverse("questions:dashboard")
    if user.is_staff:
        return reverse("admin:index")
    return resolve_url(settings.LOGIN_REDIRECT_URL)
