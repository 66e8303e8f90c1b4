"""Browsers: the ones an account has signed in from (known by a random token in a signed
cookie, kept as a hash), the ones it asked us to remember for the second step, and the
sessions signed in now, which the person can see and end."""

import hashlib
import ipaddress
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from ua_parser import parse as parse_user_agent

from machinery.mail import send_templated
from machinery.ratelimit import client_ip
from machinery.site import site_name

from ..models import KnownBrowser, SecurityEvent, SignedInSession, User

logger = logging.getLogger(__name__)


def cookie_name() -> str:
    """With the __Host- prefix over HTTPS, like the session's: no sibling subdomain can set
    it. (Read each time: the browser tests serve plain HTTP.)"""
    return "__Host-qa_browser" if settings.SESSION_COOKIE_SECURE else "qa_browser"


COOKIE_SALT = "qa_portal.accounts.browser"
COOKIE_MAX_AGE = 400 * 24 * 3600  # browsers cap cookies at 400 days
LAST_USED_EVERY = 300  # a session's "last used" is written at most every 5 minutes
SEEN_KEY = "_qa_seen"  # when this session's "last used" was last written (epoch seconds)


# --- What a browser is, for the person reading the list ---------------------------------


def describe(user_agent: str) -> str:
    """ "Firefox on Windows", "Safari on iPhone": the browser and device families only."""
    parsed = parse_user_agent(user_agent[:500])
    browser = parsed.user_agent.family if parsed.user_agent else ""
    system = parsed.os.family if parsed.os else ""
    device = parsed.device.family if parsed.device else ""
    if device and device not in ("Other", "Generic Smartphone", "Mac", "Spider"):
        system = device if system in ("", "Other", "iOS", "Android") else system
    browser = "" if browser == "Other" else browser
    system = "" if system == "Other" else system
    described = f"{browser} / {system}" if browser and system else browser or system
    # A device family is copied from the header, of any length: the columns hold 100.
    return described[: KnownBrowser._meta.get_field("description").max_length]


def network(address: str) -> str:
    """Roughly where from: an IPv4 address without its last number, IPv6 to its /48."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if ip.version == 4 else 48
    net = ipaddress.ip_network(f"{ip}/{prefix}", strict=False)
    if ip.version == 4:
        return str(net.network_address).rsplit(".", 1)[0] + ".x"
    return f"{net.network_address}/48"


def _user_agent(request) -> str:
    return request.META.get("HTTP_USER_AGENT", "")


# --- Known and remembered browsers -------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def browser_token(request) -> str:
    """This browser's token: from its signed cookie, else a new one the middleware sets."""
    token = request.get_signed_cookie(cookie_name(), default=None, salt=COOKIE_SALT)
    if token:
        return token
    token = getattr(request, "_qa_new_browser_token", None)
    if token is None:
        token = request._qa_new_browser_token = secrets.token_urlsafe(32)
    return token


def set_cookie(request, response) -> None:
    """The middleware's part: set the cookie when this request made a token."""
    token = getattr(request, "_qa_new_browser_token", None)
    if token:
        response.set_signed_cookie(
            cookie_name(),
            token,
            salt=COOKIE_SALT,
            max_age=COOKIE_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def is_remembered(request, user) -> bool:
    """The person ticked "remember this browser" here, less than REMEMBER_BROWSER_DAYS
    ago, and nobody has revoked it since."""
    token = request.get_signed_cookie(cookie_name(), default=None, salt=COOKIE_SALT)
    if not token:
        return False
    return KnownBrowser.objects.filter(
        user=user, token_hash=_hash(token), trusted_until__gt=timezone.now()
    ).exists()


def remember(request, user) -> None:
    """Skip the second step on this browser for REMEMBER_BROWSER_DAYS. The browser gets a
    new token first: one planted in it by someone else (from their own sign-in, on a
    shared computer) is never the one trusted."""
    until = timezone.now() + timedelta(days=settings.REMEMBER_BROWSER_DAYS)
    fresh = secrets.token_urlsafe(32)
    KnownBrowser.objects.filter(user=user, token_hash=_hash(browser_token(request))).update(
        trusted_until=until, token_hash=_hash(fresh)
    )
    request._qa_new_browser_token = fresh


def forget(*, user, browser_id: int) -> bool:
    with transaction.atomic():
        forgotten = KnownBrowser.objects.filter(
            user=user, pk=browser_id, trusted_until__isnull=False
        ).update(trusted_until=None)
        if forgotten:
            SecurityEvent.objects.create(user=user, action=SecurityEvent.Action.BROWSER_FORGOTTEN)
    return bool(forgotten)


def forget_all(*, user) -> int:
    """Every remembered browser asks for the second factor again."""
    return KnownBrowser.objects.filter(user=user, trusted_until__isnull=False).update(
        trusted_until=None
    )


def remembered(user):
    return KnownBrowser.objects.filter(user=user, trusted_until__gt=timezone.now())


def note_sign_in(request, user, *, alert: bool) -> bool:
    """A full sign-in from this browser. Returns whether the browser is new to the account;
    then, when `alert`, the person is e-mailed (someone else may have their password and
    factor)."""
    now = timezone.now()
    token_hash = _hash(browser_token(request))
    description = describe(_user_agent(request))
    with transaction.atomic():
        # A browser not signed in from for longer than its cookie lives is gone for good
        # (a private window leaves one behind each time).
        KnownBrowser.objects.filter(
            user=user, last_sign_in_at__lt=now - timedelta(seconds=COOKIE_MAX_AGE)
        ).delete()
        browser, created = KnownBrowser.objects.get_or_create(
            user=user,
            token_hash=token_hash,
            defaults={"description": description, "first_seen_at": now, "last_sign_in_at": now},
        )
        if not created:
            KnownBrowser.objects.filter(pk=browser.pk).update(
                last_sign_in_at=now, description=description
            )
        elif alert:
            SecurityEvent.objects.create(
                user=user, action=SecurityEvent.Action.NEW_BROWSER, note=description
            )
            where = network(client_ip(request))
            language = translation.get_language() or settings.LANGUAGE_CODE
            transaction.on_commit(
                lambda: send_new_browser_email.enqueue(
                    user_id=user.pk, browser=description, network=where, language=language
                )
            )
    return created


@task()
def send_new_browser_email(*, user_id: int, browser: str, network: str, language: str) -> bool:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    context = {
        "browser": browser,
        "network": network,
        "site_name": site_name(),
        "account_url": settings.BASE_URL + "/my/account/",
        "password_url": settings.BASE_URL + "/accounts/password-reset/",
    }
    send_templated(
        to=user.email, name="registration/new_browser_email", context=context, language=language
    )
    logger.info("Sent a new-browser sign-in alert to user %s", user_id)
    return True


# --- Sessions signed in now --------------------------------------------------------------


def _session_store() -> type[SessionBase]:
    return import_string(settings.SESSION_ENGINE + ".SessionStore")


def session_started(request, user) -> None:
    """Listed from the first request after the password (the session key is new then)."""
    key = request.session.session_key
    if not key:
        request.session.save()
        key = request.session.session_key
    SignedInSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "description": describe(_user_agent(request)),
            "network": network(client_ip(request)),
            "last_used_at": timezone.now(),
        },
    )
    request.session[SEEN_KEY] = int(timezone.now().timestamp())
    SignedInSession.objects.filter(user=user, last_used_at__lt=_oldest_alive()).delete()


def session_key_changed(request, old_key: str | None) -> None:
    """The session key was cycled (after the second factor): the row follows it."""
    request.session.save()
    if old_key:
        SignedInSession.objects.filter(session_key=old_key).update(
            session_key=request.session.session_key
        )


def session_used(request) -> None:
    """Note "last used", at most every LAST_USED_EVERY seconds (one UPDATE then)."""
    seen = request.session.get(SEEN_KEY)
    now = int(timezone.now().timestamp())
    if seen is None or now - seen < LAST_USED_EVERY:
        return
    request.session[SEEN_KEY] = now
    SignedInSession.objects.filter(session_key=request.session.session_key).update(
        last_used_at=timezone.now(), network=network(client_ip(request))
    )


def signed_out(sender, request, user, **kwargs) -> None:
    """Receives user_logged_out, which every way of signing out sends (the site's, the
    admin's, deleting the account): the session leaves the list."""
    if request is not None and request.session.session_key:
        SignedInSession.objects.filter(session_key=request.session.session_key).delete()


def _oldest_alive():
    # A session outlives its last use by at most SESSION_COOKIE_AGE.
    return timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)


def signed_in(user):
    """The account's sessions still alive, most recently used first. (The rows of expired
    ones are deleted at the account's next sign-in: reading the page writes nothing.)"""
    return SignedInSession.objects.filter(user=user, last_used_at__gte=_oldest_alive())


def end_sessions(*, user, keep: str | None = None, only: int | None = None) -> int:
    """Sign the account out of its other browsers (or of the one listed as `only`)."""
    rows = SignedInSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    if only is not None:
        rows = rows.filter(pk=only)
    store = _session_store()
    keys = list(rows.values_list("session_key", flat=True))
    with transaction.atomic():
        for key in keys:
            store(session_key=key).delete()
        rows.filter(session_key__in=keys).delete()
        if keys:
            SecurityEvent.objects.create(
                user=user, action=SecurityEvent.Action.SESSIONS_ENDED, note=str(len(keys))
            )
    return len(keys)


def after_password_change(*, user, keep: str | None = None) -> None:
    """Other browsers are signed out (Django ends their sessions with the old password's
    hash; their rows go too) and remembered browsers ask for the second factor again."""
    forget_all(user=user)
    rows = SignedInSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    rows.delete()


def end_every_session(*, user, request=None) -> int:
    """Every session of the account ends at once, listed or not (signed in before sessions
    were listed, or not yet back after the password): a new `sessions_ended_at` changes
    the hash each session was signed in with, so Django signs each out at its next request
    without reading the session table. With `request`, that session stays signed in (its
    hash is renewed). Returns how many listed sessions ended."""
    keep = request.session.session_key if request is not None else None
    rows = SignedInSession.objects.filter(user=user)
    if keep:
        rows = rows.exclude(session_key=keep)
    keys = list(rows.values_list("session_key", flat=True))
    store = _session_store()
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(sessions_ended_at=timezone.now())
        user.refresh_from_db(fields=["sessions_ended_at"])
        for key in keys:
            store(session_key=key).delete()
        rows.filter(session_key__in=keys).delete()
    if request is not None:
        old_key = request.session.session_key
        update_session_auth_hash(request, user)  # a new session key too
        session_key_changed(request, old_key)
    return len(keys)
