"""The association's colour as a tiny stylesheet (``/theme.css``).

The Content-Security-Policy allows no inline style, so the colour cannot be written
into the page. A view that answers CSS keeps any "#rrggbb" possible (a fixed set of
classes could not), costs one request that browsers cache for a year (the link
carries a version derived from the colour, so a new colour is a new address), and
needs no build step. ``settings.ASSOCIATION_COLOUR`` was validated at start-up."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe


def _darker(hex_colour: str, factor: float = 0.75) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * factor):02x}" for c in (r, g, b))


def colour_version(colour: str) -> str:
    return hashlib.sha256(colour.encode()).hexdigest()[:10]


def theme_url() -> str:
    """The stylesheet's address, or "" when no colour is set (the default applies)."""
    colour = settings.ASSOCIATION_COLOUR
    if not colour:
        return ""
    return f"{reverse('theme-css')}?v={colour_version(colour)}"


def theme_css_text(colour: str) -> str:
    return f":root {{ --brand: {colour}; --brand-dark: {_darker(colour)}; }}\n"


@require_safe
def theme_css(request):
    colour = settings.ASSOCIATION_COLOUR
    if not colour:
        raise Http404
    response = HttpResponse(theme_css_text(colour), content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["ETag"] = f'"{colour_version(colour)}"'
    return response
