"""What signing in keeps about an account besides its password. The authenticator app is
django-otp's TOTPDevice; the rest is ours."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RecoveryCode(models.Model):
    """A one-time code for when every other factor is lost. Only its salted hash is kept:
    the codes are shown once, when issued."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"recovery code {self.pk} of user {self.user_id}"


class Passkey(models.Model):
    """A passkey or security key (WebAuthn credential) registered by the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="passkeys"
    )
    name = models.CharField(_("name"), max_length=60)
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    transports = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name


class KnownBrowser(models.Model):
    """A browser the account has signed in from, known by a random token in a signed
    cookie (only its hash is kept). `trusted_until` is set when the person asked us to
    remember it: until then it skips the second step, unless revoked (the row's flag
    cleared, by the person, a factor reset or a password change)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="known_browsers"
    )
    token_hash = models.CharField(max_length=64)
    description = models.CharField(_("browser"), max_length=100, blank=True)
    first_seen_at = models.DateTimeField(_("first signed in"), default=timezone.now)
    last_sign_in_at = models.DateTimeField(_("last signed in"), default=timezone.now)
    trusted_until = models.DateTimeField(_("remembered until"), null=True, blank=True)

    class Meta:
        verbose_name = _("known browser")
        verbose_name_plural = _("known browsers")
        ordering = ["-last_sign_in_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "token_hash"], name="known_browser_once"),
        ]

    def __str__(self) -> str:
        return self.description or f"browser {self.pk}"


class SignedInSession(models.Model):
    """A browser signed in now: its session, what kind of browser it is, roughly where
    from (the address with its last part removed, never the full one) and when it was
    last used. Ended by signing out there, or here for another browser."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    description = models.CharField(_("browser"), max_length=100, blank=True)
    network = models.CharField(_("network"), max_length=50, blank=True)
    signed_in_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), default=timezone.now)

    class Meta:
        verbose_name = _("signed-in browser")
        verbose_name_plural = _("signed-in browsers")
        ordering = ["-last_used_at", "pk"]

    def __str__(self) -> str:
        return self.description or f"session {self.pk}"


class SecurityEvent(models.Model):
    """The account's security log: a factor added or removed, recovery codes issued or
    used, a reset by staff or an operator, a sign-in from a new browser."""

    class Action(models.TextChoices):
        AUTHENTICATOR_ADDED = "authenticator_added", _("Authenticator app added")
        AUTHENTICATOR_REMOVED = "authenticator_removed", _("Authenticator app removed")
        PASSKEY_ADDED = "passkey_added", _("Passkey added")
        PASSKEY_REMOVED = "passkey_removed", _("Passkey removed")
        RECOVERY_CODES_ISSUED = "recovery_codes_issued", _("Recovery codes issued")
        RECOVERY_CODE_USED = "recovery_code_used", _("Recovery code used")
        FACTORS_RESET = "factors_reset", _("Second factor reset")
        NEW_BROWSER = "new_browser", _("Signed in from a new browser")
        BROWSER_FORGOTTEN = "browser_forgotten", _("Remembered browser forgotten")
        SESSIONS_ENDED = "sessions_ended", _("Signed out elsewhere")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="security_events"
    )
    action = models.CharField(_("what happened"), max_length=40, choices=Action.choices)
    # Who did it when it was not the account's owner: a staff member, or the operator's
    # command (actor empty, `by_operator` set).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("done by"),
    )
    by_operator = models.BooleanField(_("by the operator's command"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.user_id})"
