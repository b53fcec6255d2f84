"""Stored values on the auditor's pages, in the reader's language:
``{{ entry.actor_label|stored_actor }}``."""

from django import template

from cases import labels

register = template.Library()


@register.filter
def stored_actor(value) -> str:
    """A stored actor name: "complainant" and "public" read as words, usernames as they are."""
    return labels.stored_actor(value or "")
