from django import template

from ethics_tracker.core import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """``{% can "version.publish" version as allowed %}`` — the policy, in templates."""
    return policy.can(context["request"].user, action, obj)
