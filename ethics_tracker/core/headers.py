"""The headers every answer shares, set in one place rather than view by view.

- ``ResponseHeadersMiddleware``: every dynamic answer is ``no-store`` (case, complainant,
  member and audit data must not stay in a shared computer's or a proxy's cache) unless
  the view set its own ``Cache-Control`` (``django.views.decorators.cache.cache_control``)
  to opt in to caching; every download (a ``Content-Disposition`` or a file response) is
  an ``attachment`` with ``nosniff`` and a sandbox policy, so an uploaded HTML or SVG
  file never runs as a page of the site.
- ``ContentSecurityPolicyMiddleware``: django-csp's middleware (policy in the
  ``CONTENT_SECURITY_POLICY`` setting), plus, on DRF's browsable API only, the hashes
  of its fixed ``style=`` attributes and its one ``<style>``, so that no page needs
  ``'unsafe-inline'``.

Static files never reach these: whitenoise answers them first, with its own caching.
"""

import base64
import hashlib
import re
from functools import cache
from pathlib import Path

import rest_framework
from csp.constants import SELF, UNSAFE_HASHES
from csp.middleware import CSPMiddleware
from django.http import FileResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from rest_framework.compat import pygments_css
from rest_framework.renderers import BrowsableAPIRenderer

DOWNLOAD_CSP = "sandbox; default-src 'none'"
# A fixed attribute value only: ones built from template variables cannot be hashed.
STYLE_ATTRIBUTE = re.compile(r'style="([^"{}]*)"')


def is_download(response) -> bool:
    return response.has_header("Content-Disposition") or isinstance(response, FileResponse)


def mark_download(response) -> None:
    """Saved, never shown: ``attachment`` (keeping the file name), ``nosniff``, and a
    policy under which the file, if a browser opened it anyway, can run nothing."""
    _kind, sep, params = response.get("Content-Disposition", "").partition(";")
    response["Content-Disposition"] = f"attachment{sep}{params}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP


class ResponseHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_download(response):
            mark_download(response)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
        return response


def csp_hash(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


@cache
def browsable_api_style_hashes() -> tuple[str, ...]:
    """CSP hashes of the fixed ``style=""`` values in DRF's templates (read from the
    installed DRF, so an upgrade stays covered)."""
    templates = Path(rest_framework.__file__).parent / "templates" / "rest_framework"
    values = {
        value
        for template in templates.rglob("*.html")
        for value in STYLE_ATTRIBUTE.findall(template.read_text(encoding="utf-8"))
    }
    return tuple(csp_hash(value) for value in sorted(values))


@cache
def browsable_api_stylesheet_hashes() -> tuple[str, ...]:
    """The hash of the one ``<style>`` the browsable API writes: pygments' colours for
    highlighted code, exactly as its template renders them (autoescaped)."""
    css = pygments_css(BrowsableAPIRenderer.code_style)
    return (csp_hash(escape(css)),) if css else ()


def is_browsable_api(response) -> bool:
    renderer = getattr(response, "accepted_renderer", None)
    return getattr(renderer, "format", None) == "api"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy; the browsable API's own style attributes allowed by hash."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if is_browsable_api(response):
            parts.update = {
                **(parts.update or {}),
                "style-src-attr": [UNSAFE_HASHES, *browsable_api_style_hashes()],
                "style-src-elem": [SELF, *browsable_api_stylesheet_hashes()],
            }
        return parts
