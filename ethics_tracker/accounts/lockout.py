"""What a locked-out client is told (axes' AXES_LOCKOUT_CALLABLE): a page in the site's
layout, or JSON with a reason on the API. Both answer 429 with Retry-After."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    minutes = lockout_minutes()
    return ngettext(
        "Too many failed login attempts. Try again in %(minutes)d minute, "
        "or ask an administrator to unlock the account.",
        "Too many failed login attempts. Try again in %(minutes)d minutes, "
        "or ask an administrator to unlock the account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    request = getattr(request, "_request", request)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message(), "code": "locked_out"}, status=429)
    else:
        response = render(
            request, "accounts/locked_out.html", {"message": lockout_message()}, status=429
        )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
