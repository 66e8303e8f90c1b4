from django.conf import settings


def site(request):
    """The site's name and emergency number, shown in the header and footer of every page."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "EMERGENCY_NUMBER": settings.EMERGENCY_NUMBER,
        "LOGIN_LOCKOUT_MINUTES": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
