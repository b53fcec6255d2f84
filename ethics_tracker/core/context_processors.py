import logging

from django.conf import settings
from django.templatetags.static import static

from . import policy, theme

logger = logging.getLogger(__name__)


def _logo_url() -> str:
    """The address of ``settings.ASSOCIATION_LOGO`` (a static file), or "" when none is
    set or the file is not among the collected static files (logged, never a 500)."""
    logo = getattr(settings, "ASSOCIATION_LOGO", "")
    if not logo:
        return ""
    try:
        return static(logo)
    except ValueError:  # the manifest storage does not know the file
        logger.warning("ASSOCIATION_LOGO %r is not a collected static file; no logo shown", logo)
        return ""


def site(request):
    user = getattr(request, "user", None)
    roles = policy.roles_of(user)
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "association_short_name": settings.ASSOCIATION_SHORT_NAME,
        "association_contact_email": settings.ASSOCIATION_CONTACT_EMAIL,
        "association_logo_url": _logo_url(),
        "association_theme_url": theme.theme_url(),
        "user_roles": roles,
        "user_roles_display": [role.label for role in policy.Role if role.value in roles],
    }
