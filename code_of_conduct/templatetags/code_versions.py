"""Template tags for reading the code: the home page's links to the codes in force."""

from django import template

from ..selectors.versions import code_list

register = template.Library()


@register.simple_tag
def codes_in_force():
    """Every code with ``in_force`` (zero or one version): two queries."""
    return list(code_list())
