from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

# The account's second factor, browsers and security log (see qa_portal/accounts/).
from .accounts.models import KnownBrowser, Passkey, RecoveryCode, SecurityEvent, SignedInSession

__all__ = [
    "KnownBrowser",
    "Passkey",
    "RecoveryCode",
    "SecurityEvent",
    "SignedInSession",
    "User",
    "UserManager",
]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not extra_fields["is_staff"] or not extra_fields["is_superuser"]:
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        # Made by whoever runs the server: their address needs no e-mailed proof.
        extra_fields.setdefault("email_verified_at", timezone.now())
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str):
        # People log in with their e-mail address, whatever its case.
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """Everyone who logs in: patients, doctors (with a Doctor profile) and staff."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=150,
        blank=True,
        help_text=_("Never shown on a public page."),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can log in to the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    email_on_reply = models.BooleanField(
        _("e-mail me when a doctor replies"),
        default=True,
    )
    # Empty until the person opens the link e-mailed at sign-up (or accepts a doctor's
    # invitation): health e-mails go only to an address shown to be theirs.
    email_verified_at = models.DateTimeField(_("e-mail address verified"), null=True, blank=True)
    # Set when every session of the account must end at once (its second factor reset, its
    # first factor added): part of each session's hash, so no session table is searched.
    sessions_ended_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def _get_session_auth_hash(self, secret=None):
        """Django's hash of the password, which ends every session when the password
        changes; with `sessions_ended_at` mixed in once it is set (until then the hash is
        Django's own, so no session ended when this was added)."""
        if self.sessions_ended_at is None:
            return super()._get_session_auth_hash(secret=secret)
        return salted_hmac(
            "qa_portal.User.session_auth_hash",
            f"{self.password}#{self.sessions_ended_at.isoformat()}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name or self.email
