"""Site-wide pages (home, health check) and the account pages: sign-up, confirming the
e-mail address, the account page, data export and account deletion. Logout and password
reset are Django's own views; login is Django's, landing each role on its own page."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from machinery import metrics, pagecache, replicas
from machinery.ratelimit import ratelimit_post
from questions.archive.totals import department_counts
from questions.models import FAQTopic, Question

from . import reliability, services, site_image, verification
from .accounts import browsers, signin, twofactor
from .accounts.views import next_url
from .forms import DeleteAccountForm, PreferencesForm, SignupForm
from .middleware import PRIVATE_PREFIXES

HOME_LATEST = 10
HOME_TOPICS = 16


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: Django's own page carries inline styles the CSP blocks; this one
    is the site's, in the reader's language, and says what to do."""
    return render(request, "403_csrf.html", status=403)


@require_safe
def home(request):
    return render(
        request,
        "qa_portal/home.html",
        {
            "latest_questions": Question.objects.latest_answered()[:HOME_LATEST],
            # The side column is a cached fragment: read only when it has expired.
            "departments": SimpleLazyObject(department_counts),
            "featured_topics": FAQTopic.objects.featured()[:HOME_TOPICS],
            "page_generation": pagecache.generation(request),
        },
    )


@require_safe
def privacy(request):
    """What is published, what is kept and for how long, and how to take it back."""
    return render(
        request,
        "qa_portal/privacy.html",
        {"account_url": reverse("account"), "delete_url": reverse("account-delete")},
    )


# Kept out of search engines: the pages for one person (the same list the security
# middleware marks no-store), and search results, which are endless and thin.
PRIVATE_PATHS = [*PRIVATE_PREFIXES, "/search/"]


@require_safe
def robots_txt(request):
    """Crawlers may read the archive; the private and per-person paths are kept out."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in PRIVATE_PATHS), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@never_cache
@require_safe
def healthz(request):
    """For load balancers: 200 when the database answers, 503 when it does not. Each read
    replica's state is reported too; one that is down is skipped, not a failure."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        metrics.database_error(error)
        response = JsonResponse({"status": "unavailable", "database": "down"}, status=503)
        response["Retry-After"] = str(reliability.RETRY_AFTER_SECONDS)
        return response
    report = {"status": "ok", "database": "ok"}
    if settings.DATABASE_REPLICAS:
        report["replicas"] = replicas.report()
    return JsonResponse(report)


@never_cache
@ratelimit_post("signup", limit_setting="SIGNUPS_PER_HOUR")
def signup(request):
    if request.user.is_authenticated:
        return redirect("questions:my-questions")
    form = SignupForm(request.POST if request.method == "POST" else None)
    if form.caught_a_bot:  # an ordinary-looking answer, and no account
        return redirect("home")
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        services.request_email_verification(user=user, language=request.LANGUAGE_CODE)
        messages.success(
            request,
            _(
                "Welcome! Your account is ready. We sent a link to %(email)s: open it to "
                "confirm your address, then you can ask."
            )
            % {"email": user.email},
        )
        return redirect(next_url(request, reverse("questions:ask")))
    return render(request, "registration/signup.html", {"form": form})


# What each state of a verification link answers: a link used twice is no error.
VERIFY_LINK_STATUS = {
    verification.LinkState.VALID: 200,
    verification.LinkState.ALREADY_VERIFIED: 200,
    verification.LinkState.EXPIRED: 400,
    verification.LinkState.INVALID: 400,
    verification.LinkState.EMAIL_CHANGED: 400,
    verification.LinkState.ACCOUNT_GONE: 404,
}


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_email(request, token: str):
    """The link e-mailed at sign-up. A GET only shows a button (mail scanners open links);
    the POST confirms the address. Every other state of the link gets a page that says
    what happened and what to do."""
    link = verification.read_link(token)
    if request.method == "POST" and link.state == verification.LinkState.VALID:
        if services.verify_email(user=link.user, email=link.email):
            messages.success(request, _("Thank you: your e-mail address is confirmed."))
            return redirect("questions:ask")
        link = verification.read_link(token)  # changed meanwhile: say how
    user = request.user
    return render(
        request,
        "registration/verify_email.html",
        {
            "state": link.state.value,
            "can_resend": user.is_authenticated and user.email_verified_at is None,
        },
        status=VERIFY_LINK_STATUS[link.state],
    )


@login_required
@never_cache
@require_POST
@ratelimit_post("verify-email", limit_setting="VERIFY_EMAILS_PER_HOUR", per="user")
def resend_verification(request):
    """Send the link that confirms the address again (from the ask and account pages)."""
    user = request.user
    if user.email_verified_at is not None:
        messages.info(request, _("Your e-mail address is already confirmed."))
    else:
        services.request_email_verification(user=user, language=request.LANGUAGE_CODE)
        messages.success(
            request,
            ngettext(
                "We sent a new link to %(email)s. It is valid for %(hours)s hour.",
                "We sent a new link to %(email)s. It is valid for %(hours)s hours.",
                settings.VERIFY_HOURS,
            )
            % {"email": user.email, "hours": settings.VERIFY_HOURS},
        )
    return redirect(next_url(request, reverse("questions:ask")))


@method_decorator(ratelimit_post("password-reset", limit_setting="PASSWORD_RESETS_PER_HOUR"),
                  name="dispatch")  # fmt: skip
class PasswordResetView(auth_views.PasswordResetView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    """A new password also signs out every other browser and makes remembered browsers
    ask for the second factor again: whoever knew the old password is locked out."""

    def form_valid(self, form):
        old_key = self.request.session.session_key
        response = super().form_valid(form)  # a new session key for this browser
        browsers.session_key_changed(self.request, old_key)
        browsers.after_password_change(user=form.user, keep=self.request.session.session_key)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """As a password change: after a reset no browser stays signed in or remembered."""

    def form_valid(self, form):
        response = super().form_valid(form)
        browsers.after_password_change(user=form.user)
        return response


class LoginView(auth_views.LoginView):
    """Django's login, then the second step for accounts that have (or must have) a second
    factor. Where the user was going (?next=) comes first; otherwise a doctor lands on the
    dashboard, staff on the admin, a patient on My questions."""

    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return signin.default_landing(self.request.user)

    def form_valid(self, form):
        response = super().form_valid(form)
        step = signin.start(self.request)
        if step in signin.STEP_PAGES:
            return redirect(signin.step_url(step, self.get_redirect_url()))
        return response


@login_required
@never_cache
def account(request):
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, instance=request.user
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("account")
    user = request.user
    return render(
        request,
        "registration/account.html",
        {
            "form": form,
            "authenticator": twofactor.authenticator_of(user),
            "passkey_count": user.passkeys.count(),
            "sessions": browsers.signed_in(user),
            "this_session": request.session.session_key,
            "remembered": browsers.remembered(user),
        },
    )


@login_required
@never_cache
def export_account(request):
    """The patient's own data as a JSON download."""
    data = services.export_account_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-data-{stamp}.json"'
    return response


@login_required
@never_cache
def delete_account(request):
    form = DeleteAccountForm(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_account(user=request.user)
        except services.AccountError:
            form.add_error(None, _("Doctors' and staff accounts are closed by an administrator."))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("home")
    return render(request, "registration/account_delete.html", {"form": form})


@require_safe
def og_image(request):
    """The image shared links show (og:image), cached by browsers and proxies for a day."""
    response = HttpResponse(site_image.png(), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response
