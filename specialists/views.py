from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from . import services
from .invitations import invitation_tokens


class AcceptInvitationView(auth_views.PasswordResetConfirmView):
    """A new doctor chooses a password from the invitation link and is logged in, then
    sets up the second factor: the dashboard they are sent to is out of reach until they
    have one, so the second-factor middleware sends them to enrolment first (and on to the
    dashboard after)."""

    token_generator = invitation_tokens
    template_name = "specialists/invitation_accept.html"
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("questions:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.confirm_invited_email(user=form.user)
        messages.success(
            self.request,
            _(
                "Welcome! Your password is set. Next, set up your second factor: an "
                "authenticator app on your phone, or a passkey. Your dashboard follows."
            ),
        )
        return response
