"""The passkey ceremonies, for static/js/passkeys.js: each is a pair of JSON POSTs (the
options, then the browser's answer), CSRF-protected like every form. Without JavaScript or
WebAuthn the pages offer the authenticator app instead."""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import browsers, passkeys, signin, twofactor
from .twofactor import Method, State
from .views import factor_added_url, landing, needs_recent_proof, not_first


def _json_options(payload: str) -> HttpResponse:
    return HttpResponse(payload, content_type="application/json")


def _refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "message": message}, status=status)


@never_cache
@login_required
@require_POST
def register_options(request):
    if signin.current(request) == State.VERIFY:
        return _refused(_("Finish signing in first."), 403)
    if confirm_first := needs_recent_proof(request):
        return JsonResponse({"ok": False, "redirect": confirm_first}, status=403)
    return _json_options(passkeys.registration_options(request))


@never_cache
@login_required
@require_POST
def register(request):
    current = signin.current(request)
    if current == State.VERIFY:
        return _refused(_("Finish signing in first."), 403)
    if confirm_first := needs_recent_proof(request):
        return JsonResponse({"ok": False, "redirect": confirm_first}, status=403)
    first = current != State.PROVEN or not twofactor.has_second_factor(request.user)
    try:
        data = passkeys.parse(request.body)
        credential = data.get("credential")
        if not isinstance(credential, dict):
            raise passkeys.PasskeyError("no credential")
        passkeys.register(
            request, credential, str(data.get("name") or ""), first_only=current != State.PROVEN
        )
    except twofactor.NotFirst:
        return JsonResponse({"ok": False, "redirect": not_first(request).url}, status=409)
    except passkeys.PasskeyError:
        return _refused(
            _("This passkey could not be added. Try again, or set up an authenticator app.")
        )
    following = str(data.get("next") or "")
    return JsonResponse(
        {"ok": True, "redirect": factor_added_url(request, current, following, first)}
    )


@never_cache
@login_required
@require_POST
def sign_in_options(request):
    if signin.current(request) != State.VERIFY:
        return _refused(_("You are already signed in."), 403)
    return _json_options(passkeys.authentication_options(request))


@never_cache
@login_required
@require_POST
def sign_in(request):
    """The second step with a passkey. A failed signature counts towards the lockout."""
    if signin.current(request) != State.VERIFY:
        return _refused(_("You are already signed in."), 403)
    credentials = signin.lockout_credentials(request.user)
    if AxesProxyHandler.is_locked(request, credentials):
        return _refused(_("Too many failed attempts: signing in is paused."), 429)
    try:
        data = passkeys.parse(request.body)
        passkeys.authenticate(request, data.get("credential") or {})
    except passkeys.PasskeyError:
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        return _refused(
            _("This passkey was not accepted. Try again, or use your authenticator app.")
        )
    signin.complete(request, Method.PASSKEY)
    if data.get("remember") is True:
        browsers.remember(request, request.user)
    return JsonResponse({"ok": True, "redirect": landing(request, str(data.get("next") or ""))})


@never_cache
@login_required
@require_POST
def remove(request, passkey_id: int):
    if twofactor.state(request) != State.PROVEN:
        return redirect("two-factor-setup")
    if confirm_first := needs_recent_proof(request):
        return redirect(confirm_first)
    if passkeys.remove(user=request.user, passkey_id=passkey_id):
        messages.success(request, _("The passkey is removed."))
    else:
        messages.error(
            request,
            _("Your account must keep a second factor: add another before removing this one."),
        )
    return redirect(reverse("two-factor-setup"))
