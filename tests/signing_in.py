"""Signing in, in tests: tests/conftest.py makes every forced login one that has given its
second factor; these helpers make the other kinds."""


def password_only(client, user):
    """Log in as after the password step alone: the second factor still to give."""
    client.password_only = True
    try:
        client.force_login(user)
    finally:
        client.password_only = False


PASSWORD = "a-long-test-password"  # tests.factories.UserFactory's


def with_authenticator(user):
    """The account has a confirmed authenticator app (django-otp's TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def totp_code(device, *, steps_ago: int = 0) -> str:
    """The code the app shows now (or `steps_ago` periods of 30 seconds ago)."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() - steps_ago * device.step
    return f"{totp.token():0{device.digits}d}"


def second_step(client, device, **data):
    """Give the authenticator app's code on the second step's page."""
    from django.urls import reverse

    return client.post(reverse("two-factor-verify"), {"code": totp_code(device), **data})
