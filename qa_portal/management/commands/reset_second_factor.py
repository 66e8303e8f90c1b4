from django.core.management.base import BaseCommand, CommandError

from qa_portal.accounts import resets, twofactor
from qa_portal.models import User


class Command(BaseCommand):
    help = (
        "Reset an account's second factor (authenticator apps, passkeys, recovery codes), "
        "forget its remembered browsers and sign it out everywhere: for the operator when "
        "the account that lost every factor is the one that would reset it in the admin, "
        "such as the hospital's last superuser. The password stays; the person sets up a "
        "new factor at the next sign-in. Recorded in the account's security log as done by "
        "the operator; the person is e-mailed. Asks nothing: check who is asking first."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The account's e-mail address (any case).")
        parser.add_argument(
            "--reason",
            default="",
            help="Kept in the security log (200 characters), e.g. the ticket or who checked.",
        )

        parser.add_argument(
            "--new-password",
            action="store_true",
            help="Also replace the password by one nobody knows: the person chooses a new "
            "one with 'Forgot your password?' (proving they hold the mailbox).",
        )

    def handle(self, *args, email, reason, new_password, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the address {email!r}: nothing was reset.")
        done = resets.reset_second_factor(
            user=user, by_operator=True, note=reason, new_password=new_password
        )
        factors = done.factors
        self.stdout.write(
            f"Reset the second factor of {user.email}: removed {factors.authenticators} "
            f"authenticator app(s), {factors.passkeys} passkey(s) and "
            f"{factors.recovery_codes} unused recovery code(s); "
            f"{factors.remembered_browsers} remembered browser(s) will ask again; "
            "every session signed out."
        )
        self.stdout.write(
            "Recorded in the account's security log (by the operator); an e-mail telling "
            "them is sent (or queued for the task worker). "
            + (
                "Their password is replaced: they choose a new one with 'Forgot your "
                "password?', then at their next sign-in "
                if new_password
                else "Their password is unchanged: at their next sign-in "
            )
            + (
                "they set up a new second factor first."
                if twofactor.required_of(user)
                else "they sign in with the password alone."
            )
        )
        if not user.is_active:
            self.stdout.write(
                self.style.WARNING(f"{user.email} is not active: they cannot sign in.")
            )
