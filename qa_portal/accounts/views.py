"""The second step of signing in, setting up and managing the second factor, and the
browsers on the account page. Passkeys' ceremonies are in passkey_views."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..forms import ConfirmPasswordForm
from . import browsers, signin, twofactor
from .forms import AuthenticatorForm, SecondStepForm
from .twofactor import Method, State


def next_url(request, default: str, target: str | None = None) -> str:
    """Where the person was going (a path on this site, from the form or the query
    string unless given), else the default. (A bare word would be taken by redirect()
    for a view name.)"""
    if target is None:
        target = request.POST.get("next") or request.GET.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def landing(request, target: str | None = None) -> str:
    """Where the person was going, else their role's own page."""
    return next_url(request, signin.default_landing(request.user), target)


def needs_recent_proof(request):
    """None when the session gave its password or factor lately; else where to go to give
    the password again (and come back)."""
    if twofactor.recently_proven(request):
        return None
    back = request.get_full_path() if request.method in ("GET", "HEAD") else ""
    return signin.with_next(reverse("two-factor-confirm"), back or reverse("two-factor-setup"))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request):
    """Confirm it is you: the password again, asked before a factor is added, removed
    or replaced when the session signed in long ago (someone may be at a computer left
    signed in). A wrong password counts towards the lockout."""
    user = request.user
    credentials = signin.lockout_credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    form = ConfirmPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form.is_valid():
            twofactor.note_recent_proof(request)
            return redirect(next_url(request, reverse("two-factor-setup")))
        if form.has_error("password", code="wrong_password"):
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                return get_lockout_response(request, None, credentials)
    return render(
        request,
        "registration/two_factor_confirm.html",
        {"form": form, "next": next_url(request, "")},
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def verify(request):
    """The second step: a code from the authenticator app or a recovery code (a passkey
    is offered on the same page). A wrong, old or reused code counts towards the same
    lockout as a wrong password."""
    user = request.user
    current = signin.current(request)
    if current != State.VERIFY:
        return redirect(next_url(request, reverse("home")))
    credentials = signin.lockout_credentials(user)
    if AxesProxyHandler.is_locked(request, credentials):
        return get_lockout_response(request, None, credentials)
    authenticator = twofactor.authenticator_of(user)
    form = SecondStepForm(request.POST if request.method == "POST" else None)
    if authenticator is None:  # a passkey, else the recovery codes
        form.fields["code"].label = _("Recovery code")
        form.fields["code"].help_text = _("One of the recovery codes you saved, once each.")
    wait = twofactor.seconds_to_wait(authenticator) if authenticator else 0
    posted = request.method == "POST" and form.is_valid()
    if posted and wait and form.cleaned_data["code"].isdigit():
        # django-otp slows the app's codes down after a wrong one: say so, rather than
        # calling a right code wrong (not a failure: no code was checked).
        form.add_error(
            "code",
            ngettext(
                "Too many wrong codes in a row: wait %(seconds)d second, then enter the "
                "newest code.",
                "Too many wrong codes in a row: wait %(seconds)d seconds, then enter the "
                "newest code.",
                wait,
            )
            % {"seconds": wait},
        )
    elif posted:
        code = form.cleaned_data["code"]
        method = None
        if authenticator is not None and twofactor.check_authenticator(authenticator, code):
            method = Method.AUTHENTICATOR
        elif twofactor.looks_like_recovery_code(code) and twofactor.use_recovery_code(
            user=user, code=code
        ):
            method = Method.RECOVERY_CODE
        if method is None:
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                return get_lockout_response(request, None, credentials)
            form.add_error(
                "code",
                _(
                    "This code is wrong, expired or already used. Enter the newest code your "
                    "app shows, or a recovery code you have not used yet."
                ),
            )
        else:
            signin.complete(request, method)
            if form.cleaned_data["remember"]:
                browsers.remember(request, user)
            if method == Method.RECOVERY_CODE:
                left = twofactor.recovery_codes_left(user)
                messages.warning(
                    request,
                    ngettext(
                        "You signed in with a recovery code. %(count)d code is left: set up "
                        "your authenticator app again, or make new codes.",
                        "You signed in with a recovery code. %(count)d codes are left: set "
                        "up your authenticator app again, or make new codes.",
                        left,
                    )
                    % {"count": left},
                )
                return redirect(
                    signin.with_next(reverse("two-factor-setup"), next_url(request, ""))
                )
            return redirect(landing(request))
    return render(
        request,
        "registration/two_factor_verify.html",
        {
            "form": form,
            "has_authenticator": authenticator is not None,
            "has_passkeys": user.passkeys.exists(),
            "next": next_url(request, ""),
        },
    )


@never_cache
@login_required
@require_safe
def setup(request):
    """The second factor's page: what the account has, adding and removing. For a doctor
    or staff member who has none yet, the one page they can reach."""
    current = signin.current(request)
    if current == State.VERIFY:
        return redirect(reverse("two-factor-verify") + "?" + request.GET.urlencode())
    user = request.user
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "enrolling": current == State.ENROL,
            "required": twofactor.required_of(user),
            "authenticator": twofactor.authenticator_of(user),
            "passkeys": list(user.passkeys.all()),
            "recovery_codes_left": twofactor.recovery_codes_left(user),
            "next": next_url(request, ""),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def authenticator(request):
    """Set up an authenticator app: scan the QR code (or type the key), enter the code it
    shows. Until that code is right the key is no factor at all, so a reload or a second
    tab shows the same key and never lets anyone past the step."""
    current = signin.current(request)
    if current == State.VERIFY:
        return redirect("two-factor-verify")
    if confirm_first := needs_recent_proof(request):
        return redirect(confirm_first)
    user = request.user
    device = twofactor.pending_authenticator(request)
    form = AuthenticatorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        first = current != State.PROVEN or not twofactor.has_second_factor(user)
        try:
            confirmed = twofactor.confirm_authenticator(
                user=user,
                device=device,
                code=form.cleaned_data["code"],
                first_only=current != State.PROVEN,
            )
        except twofactor.NotFirst:
            return not_first(request)
        if confirmed:
            return redirect(factor_added_url(request, current, next_url(request, ""), first))
        form.add_error(
            "code",
            _(
                "This code does not match. Check that the app's clock is right and enter the "
                "newest code it shows for this site."
            ),
        )
    return render(
        request,
        "registration/two_factor_authenticator.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "key": twofactor.key_text(device),
            "replacing": twofactor.authenticator_of(user) is not None,
            "next": next_url(request, ""),
        },
    )


def not_first(request):
    """A session that has not given a factor tried to set one up, but the account has one
    by now (set up in another browser): it gives that one instead."""
    signin.must_verify(request)
    messages.info(request, _("Your account has a second factor now: give it to finish signing in."))
    return redirect("two-factor-verify")


def factor_added_url(request, current: State, following: str, first: bool) -> str:
    """After a factor is set up: the session is proven, and an account with no recovery
    codes gets them (shown on the next page, once). The account's first factor also signs
    out every other browser: one signed in with the password alone has no place beside
    it. Returns the recovery codes' page's address."""
    user = request.user
    if current != State.PROVEN:
        signin.complete(request, Method.ENROLMENT)
    if first:
        browsers.end_every_session(user=user, request=request)
    if twofactor.recovery_codes_left(user) == 0:
        request.session[twofactor.NEW_CODES_KEY] = twofactor.issue_recovery_codes(user=user)
    messages.success(request, _("Your second factor is set up."))
    following = next_url(request, "", following)
    if not following and current != State.PROVEN:
        # Set up while signing in: "continue" finishes signing in, on the role's own page.
        following = signin.default_landing(user)
    return signin.with_next(reverse("two-factor-recovery-codes"), following)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recovery_codes(request):
    """New recovery codes, shown once; later visits show how many are left and can make
    new ones (which replaces the old)."""
    if twofactor.state(request) != State.PROVEN:
        return redirect("two-factor-setup")
    user = request.user
    if request.method == "POST":
        if not twofactor.has_second_factor(user):
            raise Http404
        if confirm_first := needs_recent_proof(request):
            return redirect(confirm_first)
        request.session[twofactor.NEW_CODES_KEY] = twofactor.issue_recovery_codes(
            user=user, tell=True
        )
        return redirect("two-factor-recovery-codes")
    codes = request.session.pop(twofactor.NEW_CODES_KEY, None)
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {
            "codes": codes,
            "left": twofactor.recovery_codes_left(user),
            "has_factor": twofactor.has_second_factor(user),
            "next": next_url(request, reverse("two-factor-setup")),
        },
    )


@never_cache
@login_required
@require_POST
def remove_authenticator(request):
    if twofactor.state(request) != State.PROVEN:
        return redirect("two-factor-setup")
    if confirm_first := needs_recent_proof(request):
        return redirect(confirm_first)
    if twofactor.remove_authenticator(user=request.user):
        messages.success(request, _("The authenticator app is removed."))
    else:
        messages.error(
            request,
            _("Your account must keep a second factor: add a passkey before removing the app."),
        )
    return redirect("two-factor-setup")


@never_cache
@login_required
@require_POST
def forget_browser(request, browser_id: int):
    if browsers.forget(user=request.user, browser_id=browser_id):
        messages.success(request, _("That browser will ask for your second factor again."))
    return redirect(reverse("account") + "#browsers")


@never_cache
@login_required
@require_POST
def end_session(request, session_id: int):
    ended = browsers.end_sessions(
        user=request.user, keep=request.session.session_key, only=session_id
    )
    if ended:
        messages.success(request, _("That browser is signed out."))
    return redirect(reverse("account") + "#browsers")


@never_cache
@login_required
@require_POST
def end_other_sessions(request):
    ended = browsers.end_sessions(user=request.user, keep=request.session.session_key)
    messages.success(
        request,
        ngettext(
            "%(count)d other browser is signed out.",
            "%(count)d other browsers are signed out.",
            ended,
        )
        % {"count": ended},
    )
    return redirect(reverse("account") + "#browsers")
