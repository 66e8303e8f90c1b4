from django.conf import settings
from django.urls import reverse

from machinery.links import tel_link
from machinery.site import site_name

from .accounts import twofactor


def emergency_numbers() -> dict:
    """The emergency and suicide prevention numbers as links a phone calls."""
    return {
        "EMERGENCY_NUMBER": tel_link(settings.EMERGENCY_NUMBER),
        "CRISIS_LINE_NUMBER": tel_link(settings.CRISIS_LINE_NUMBER),
    }


def site(request):
    """The site's name and emergency numbers, shown in the header and footer of every page."""
    return {
        "SITE_NAME": site_name(),
        # Shared links' image: an absolute address, as social sites need.
        "SITE_IMAGE_URL": request.build_absolute_uri(reverse("og-image")),
        **emergency_numbers(),
        "LOGIN_LOCKOUT_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        # Signed in with the password, the second factor still to give (or to set up): the
        # header offers nothing that would only lead back to that step.
        "SECOND_STEP_PENDING": _second_step_pending(request),
    }


def _second_step_pending(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return twofactor.state(request) in (twofactor.State.VERIFY, twofactor.State.ENROL)
