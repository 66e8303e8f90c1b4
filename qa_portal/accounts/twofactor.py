"""The second factor: who must have one, what a session has proven, the authenticator app
(django-otp's TOTPDevice) and the recovery codes.

After the password a session is signed in but not yet *proven*: for doctors, staff and
patients who turned it on, the middleware lets such a session reach nothing but the second
step (or, for doctors and staff with no factor yet, enrolment). What the session has
proven is kept in the session itself, so that pages cost no query for it; anything that
takes a factor away (a reset by staff or the operator) also ends the person's sessions.
"""

import base64
import enum
import hashlib
import hmac
import math
import secrets
from datetime import timedelta
from urllib.parse import quote, urlencode

import segno
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from machinery.site import site_name
from specialists.models import Doctor

from ..models import Passkey, RecoveryCode, SecurityEvent, User
from . import events

PROVEN_KEY = "_qa_second_factor"  # how this session gave its second factor
STATE_KEY = "_qa_second_factor_state"  # what it must still do, worked out once per session
NEW_CODES_KEY = "_qa_new_recovery_codes"  # shown once on the next page, then dropped
PENDING_KEY = "_qa_pending_authenticator"  # the authenticator key this session sets up
RECENT_KEY = "_qa_recent_proof"  # when this session last gave its password or factor
RECENT_MINUTES = 15  # factor changes need a proof this recent

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
RECOVERY_CODE_LENGTH = 10  # about 49 bits: a fast salted hash is enough


class State(enum.StrEnum):
    NONE = "none"  # no second factor asked of this account
    VERIFY = "verify"  # has one: must give it before anything else
    ENROL = "enrol"  # a doctor or staff member with none: must set one up first
    PROVEN = "proven"  # gave it in this session


class Method(enum.StrEnum):
    AUTHENTICATOR = "authenticator"
    PASSKEY = "passkey"
    RECOVERY_CODE = "recovery-code"
    REMEMBERED = "remembered-browser"
    ENROLMENT = "enrolment"


# --- Who must have one, and what a session has done -------------------------------------


def required_of(user) -> bool:
    """Doctors and staff open patients' private questions: they must have a second factor."""
    return user.is_staff or Doctor.objects.filter(user=user).exists()


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user) -> bool:
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or Passkey.objects.filter(user=user).exists()
    )


def state(request) -> State | None:
    """What the signed-in session must still do, as worked out on its first request after
    the password (`signin.start`); None before that. A proven session costs nothing."""
    session = request.session
    if session.get(PROVEN_KEY):
        return State.PROVEN
    stored = session.get(STATE_KEY)
    if stored == State.NONE and request.user.is_staff:
        return None  # made staff since: worked out again (the user is loaded already)
    return State(stored) if stored in (State.NONE, State.VERIFY, State.ENROL) else None


def work_out(user) -> State:
    """What an account must do after its password (one or two queries)."""
    if has_second_factor(user):
        return State.VERIFY
    if required_of(user):
        return State.ENROL
    return State.NONE


def prove(request, method: Method) -> None:
    """The session has given its second factor: a new session key (no fixation across the
    step), and nothing more asked of it."""
    request.session.cycle_key()
    request.session[PROVEN_KEY] = method.value
    request.session.pop(STATE_KEY, None)


def note_recent_proof(request) -> None:
    request.session[RECENT_KEY] = int(timezone.now().timestamp())


def recently_proven(request) -> bool:
    """Whether this session gave its password or second factor in the last RECENT_MINUTES:
    asked before a factor is added, removed or replaced, so that someone at a computer
    left signed in cannot make the account theirs."""
    at = request.session.get(RECENT_KEY)
    return isinstance(at, int) and timezone.now().timestamp() - at < RECENT_MINUTES * 60


def proven_by(request) -> str:
    return request.session.get(PROVEN_KEY, "")


# --- The authenticator app ---------------------------------------------------------------


def pending_authenticator(request) -> TOTPDevice:
    """The key this session is setting up: the same one on a reload, so that the QR code
    already scanned still works, but never another session's (a key shown to someone
    else, who had the password, must not become the owner's). Unconfirmed, a key is no
    second factor; keys left unconfirmed for a day are deleted."""
    user = request.user
    device_id = request.session.get(PENDING_KEY)
    device = (
        TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
        if isinstance(device_id, int)
        else None
    )
    if device is None:
        TOTPDevice.objects.filter(
            user=user, confirmed=False, created_at__lt=timezone.now() - timedelta(days=1)
        ).delete()
        device = TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)
        request.session[PENDING_KEY] = device.pk
    return device


def key_text(device: TOTPDevice) -> str:
    """The key as apps ask for it when typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def provisioning_uri(device: TOTPDevice) -> str:
    issuer = site_name()
    label = quote(f"{issuer}:{device.user.email}")
    query = urlencode(
        {
            "secret": key_text(device).replace(" ", ""),
            "issuer": issuer,
            "algorithm": "SHA1",
            "digits": device.digits,
            "period": device.step,
        },
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"


def qr_svg(device: TOTPDevice) -> str:
    """The QR code drawn here, as inline SVG (no image service, nothing the CSP forbids)."""
    return segno.make(provisioning_uri(device), error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", svgclass="qr-code", title=_("QR code")
    )


def _normalised(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def check_authenticator(device: TOTPDevice, code: str) -> bool:
    """Whether the code is the app's, now, and newer than the last one accepted (a code is
    never accepted twice). The device row is locked, so two requests with the same code
    cannot both pass; failures slow the device down (django-otp's throttling)."""
    code = _normalised(code)
    if not (code.isdigit() and len(code) == device.digits):
        return False
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(code)


def seconds_to_wait(device: TOTPDevice) -> int:
    """How long django-otp's throttling refuses the app's codes after wrong ones (0: not)."""
    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(1, math.ceil((data["locked_until"] - timezone.now()).total_seconds()))


class NotFirst(Exception):
    """The account has a second factor now: a session that has not given one may set up
    only the first, never one beside (or instead of) the owner's."""


def lock_account(user) -> None:
    """Changes to an account's factors go one at a time (inside a transaction): two
    removals at once cannot each see the other factor still there."""
    User.objects.select_for_update().filter(pk=user.pk).first()


def confirm_authenticator(*, user, device: TOTPDevice, code: str, first_only: bool) -> bool:
    """Finish setting up the app: the code shown must be right. The new app replaces any
    earlier one (only in a session that has given its factor: `first_only` otherwise,
    which raises NotFirst when the account has one by now). Returns whether it was
    confirmed."""
    with transaction.atomic():
        lock_account(user)
        if first_only and has_second_factor(user):
            raise NotFirst
        locked = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user).first()
        if locked is None or locked.confirmed or not locked.verify_token(_normalised(code)):
            return False
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        events.record(user=user, action=SecurityEvent.Action.AUTHENTICATOR_ADDED, tell=True)
    return True


def may_remove_a_factor(user) -> bool:
    """Whether the account may lose one of its factors: patients may go without; doctors
    and staff keep at least one (called with the account locked)."""
    if not required_of(user):
        return True
    count = TOTPDevice.objects.filter(user=user, confirmed=True).count()
    return count + Passkey.objects.filter(user=user).count() > 1


def after_a_factor_removed(user) -> None:
    """With no factor left, the recovery codes go too: they were its back-up."""
    if not has_second_factor(user):
        RecoveryCode.objects.filter(user=user).delete()


def remove_authenticator(*, user) -> bool:
    """Take the app away, unless it is the last factor of an account that must have one."""
    with transaction.atomic():
        lock_account(user)
        if authenticator_of(user) is None or not may_remove_a_factor(user):
            return False
        TOTPDevice.objects.filter(user=user).delete()
        events.record(user=user, action=SecurityEvent.Action.AUTHENTICATOR_REMOVED, tell=True)
        after_a_factor_removed(user)
    return True


# --- Recovery codes --------------------------------------------------------------------


def _hash_code(code: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}${_normalised(code)}".encode()).hexdigest()
    return f"{salt}${digest}"


def issue_recovery_codes(*, user, tell: bool = False) -> list[str]:
    """New codes, replacing any left. Returned once, to be shown once; only hashes stay."""
    codes = [
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))
        for _ in range(RECOVERY_CODE_COUNT)
    ]
    codes = [f"{code[:5]}-{code[5:]}" for code in codes]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, code_hash=_hash_code(code, secrets.token_hex(8)))
            for code in codes
        )
        events.record(user=user, action=SecurityEvent.Action.RECOVERY_CODES_ISSUED, tell=tell)
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


def use_recovery_code(*, user, code: str) -> bool:
    """Spend a recovery code: each works once (the row is claimed in the database, so two
    requests cannot both spend it)."""
    code = _normalised(code)
    if len(code) != RECOVERY_CODE_LENGTH:
        return False
    with transaction.atomic():
        for row in RecoveryCode.objects.select_for_update().filter(user=user, used_at__isnull=True):
            salt = row.code_hash.partition("$")[0]
            if hmac.compare_digest(_hash_code(code, salt), row.code_hash):
                row.used_at = timezone.now()
                row.save(update_fields=["used_at"])
                events.record(user=user, action=SecurityEvent.Action.RECOVERY_CODE_USED)
                return True
    return False


def looks_like_recovery_code(code: str) -> bool:
    return len(_normalised(code)) == RECOVERY_CODE_LENGTH
