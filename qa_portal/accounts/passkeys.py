"""Passkeys and security keys (WebAuthn), through Duo Labs' `webauthn` package: the
options a browser needs to create or use one, and checking what it sends back. The
challenge of each ceremony waits in the session and is used once."""

import json

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from machinery.site import site_name

from ..models import Passkey, SecurityEvent
from . import events, twofactor

CHALLENGE_KEY = "_qa_passkey_challenge"
MAX_PASSKEYS = 10


class PasskeyError(Exception):
    """The browser's answer is not a valid passkey of this account."""


def relying_party(request) -> tuple[str, str]:
    """This site as WebAuthn knows it: its host name (the rp id) and its origin, both from
    the request's host, which ALLOWED_HOSTS has already checked."""
    host = request.get_host()
    rp_id = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return rp_id.strip("[]"), f"{request.scheme}://{host}"


def _descriptors(user) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(key.credential_id))
        for key in Passkey.objects.filter(user=user)
    ]


def registration_options(request) -> str:
    user = request.user
    rp_id, _origin = relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=site_name(),
        user_id=str(user.pk).encode(),
        user_name=user.email,
        user_display_name=user.email,
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _challenge(request) -> bytes:
    challenge = request.session.pop(CHALLENGE_KEY, None)
    if not challenge:
        raise PasskeyError("no ceremony under way")
    return base64url_to_bytes(challenge)


def register(request, credential: dict, name: str, *, first_only: bool) -> Passkey:
    """Keep the passkey the browser created, if its answer is valid for our challenge.
    `first_only` (a session that has not given a factor): raises twofactor.NotFirst when
    the account has one by now."""
    user = request.user
    rp_id, origin = relying_party(request)
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=_challenge(request),
            expected_rp_id=rp_id,
            expected_origin=origin,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyError(str(error)) from error
    credential_id = bytes_to_base64url(verified.credential_id)
    transports = (credential.get("response") or {}).get("transports")
    with transaction.atomic():
        twofactor.lock_account(user)
        if first_only and twofactor.has_second_factor(user):
            raise twofactor.NotFirst
        if Passkey.objects.filter(user=user).count() >= MAX_PASSKEYS:
            raise PasskeyError("too many passkeys")
        if Passkey.objects.filter(credential_id=credential_id).exists():
            raise PasskeyError("already registered")
        passkey = Passkey.objects.create(
            user=user,
            name=(name or "").strip()[:60] or _default_name(user),
            credential_id=credential_id,
            public_key=verified.credential_public_key,
            sign_count=verified.sign_count,
            transports=[t[:20] for t in transports if isinstance(t, str)][:10]
            if isinstance(transports, list)
            else [],
        )
        events.record(
            user=user, action=SecurityEvent.Action.PASSKEY_ADDED, note=passkey.name, tell=True
        )
    return passkey


def _default_name(user) -> str:
    return _("Passkey %(number)d") % {"number": Passkey.objects.filter(user=user).count() + 1}


def authentication_options(request) -> str:
    rp_id, _origin = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=_descriptors(request.user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[CHALLENGE_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def authenticate(request, credential: dict) -> Passkey:
    """Check the browser's signature with one of the account's passkeys. The signature
    counter is compared and moved on under a row lock (a cloned key shows up as an old
    count)."""
    user = request.user
    rp_id, origin = relying_party(request)
    credential_id = credential.get("id") if isinstance(credential, dict) else None
    if not isinstance(credential_id, str):
        raise PasskeyError("no credential id")
    challenge = _challenge(request)
    with transaction.atomic():
        passkey = (
            Passkey.objects.select_for_update()
            .filter(user=user, credential_id=credential_id)
            .first()
        )
        if passkey is None:
            raise PasskeyError("not a passkey of this account")
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=challenge,
                expected_rp_id=rp_id,
                expected_origin=origin,
                credential_public_key=bytes(passkey.public_key),
                credential_current_sign_count=passkey.sign_count,
            )
        except (WebAuthnException, ValueError, KeyError, TypeError) as error:
            raise PasskeyError(str(error)) from error
        passkey.sign_count = verified.new_sign_count
        passkey.last_used_at = timezone.now()
        passkey.save(update_fields=["sign_count", "last_used_at"])
    return passkey


def remove(*, user, passkey_id: int) -> bool:
    """Take a passkey away, unless it is the last factor of an account that must have one."""
    with transaction.atomic():
        twofactor.lock_account(user)
        passkey = Passkey.objects.filter(user=user, pk=passkey_id).first()
        if passkey is None or not twofactor.may_remove_a_factor(user):
            return False
        passkey.delete()
        events.record(
            user=user, action=SecurityEvent.Action.PASSKEY_REMOVED, note=passkey.name, tell=True
        )
        twofactor.after_a_factor_removed(user)
    return True


def parse(body: bytes) -> dict:
    try:
        data = json.loads(body or b"{}")
    except (ValueError, RecursionError) as error:
        raise PasskeyError("not JSON") from error
    if not isinstance(data, dict):
        raise PasskeyError("not an object")
    return data
