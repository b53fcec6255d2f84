from django.conf import settings
from django.templatetags.static import static

from . import policy, theme


def site(request):
    user = getattr(request, "user", None)
    roles = policy.roles_of(user)
    logo = getattr(settings, "ASSOCIATION_LOGO", "")
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "association_short_name": settings.ASSOCIATION_SHORT_NAME,
        "association_contact_email": settings.ASSOCIATION_CONTACT_EMAIL,
        "association_logo_url": static(logo) if logo else "",
        "association_theme_url": theme.theme_url(),
        "user_roles": roles,
        "user_roles_display": [role.label for role in policy.Role if role.value in roles],
    }
