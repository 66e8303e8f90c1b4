"""Accounts with second factors, for tests of what takes them away."""

from datetime import timedelta

from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from qa_portal.accounts import twofactor
from qa_portal.models import KnownBrowser, Passkey


def give_every_factor(user) -> None:
    """An authenticator app (and a new key half set up), a passkey, recovery codes and a
    remembered browser."""
    TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    TOTPDevice.objects.create(user=user, name="New phone", confirmed=False)
    Passkey.objects.create(
        user=user, name="Laptop", credential_id=f"cred-{user.pk}", public_key=b"key"
    )
    twofactor.issue_recovery_codes(user=user)
    KnownBrowser.objects.create(
        user=user, token_hash="0" * 64, trusted_until=timezone.now() + timedelta(days=10)
    )
