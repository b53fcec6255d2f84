"""Template tags for members' signatures: the "please sign" banner and the nav.

Cheap on every page: nothing for anonymous visitors; for a signed-in user one
query for the member profile (cached on the user) and one for what is pending.
"""

from django import template

from ..selectors.members import member_for_user, pending_versions_for_user

register = template.Library()


@register.simple_tag(takes_context=True)
def pending_signatures(context):
    """The versions in force the current user still has to sign (cached per request)."""
    request = context.get("request")
    if request is None:
        return []
    if not hasattr(request, "_pending_signatures"):
        request._pending_signatures = pending_versions_for_user(getattr(request, "user", None))
    return request._pending_signatures


@register.simple_tag(takes_context=True)
def current_member(context):
    request = context.get("request")
    return member_for_user(getattr(request, "user", None)) if request else None
