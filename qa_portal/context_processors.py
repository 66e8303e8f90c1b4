from django.conf import settings
from django.urls import reverse

from machinery.links import tel_link
from machinery.site import site_name


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
    }
