"""The enrolment QR code as inline SVG (no image library, no file on disk)."""

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import mark_safe


def qr_svg(data: str, *, label: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    # A name for screen readers; the secret is also printed as text beside it.
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S308  # nosec B308 B703 # qrcode draws paths only; the label is escaped
