from django.conf import settings

from . import policy


def site(request):
    user = getattr(request, "user", None)
    roles = policy.roles_of(user)
    return {
        "association_name": settings.ASSOCIATION_NAME,
        "association_short_name": settings.ASSOCIATION_SHORT_NAME,
        "association_contact_email": settings.ASSOCIATION_CONTACT_EMAIL,
        "user_roles": roles,
        "user_roles_display": [role.label for role in policy.Role if role.value in roles],
    }
