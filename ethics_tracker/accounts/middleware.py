"""The one gate of staff sessions: expiry, and nothing but the second step until verified.

Installed after django-otp's OTPMiddleware (which sets ``user.is_verified()``) and
Django's MessageMiddleware. Every page, the admin and the API's session login go
through here, so no view checks the second factor itself.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .policy import needs_second_factor
from .sessions import staff_session_expired, staff_session_touch

# URL names a signed-in staff user may open before the second step.
OPEN_BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "set_language",
    "healthz",
    "accounts:verify",
    "accounts:enrol",
    "api-auth-token",  # checks the second factor itself
}


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


class StaffLoginMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and needs_second_factor(user):
            if staff_session_expired(request.session):
                return self._expired(request)
            staff_session_touch(request.session)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified() or not needs_second_factor(user):
            return None
        if request.resolver_match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        if _is_api(request):
            detail = _("Staff must confirm the login with a second factor before using the API.")
            return JsonResponse({"detail": detail, "code": "otp_required"}, status=403)
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:verify')}?{query}")

    def _expired(self, request):
        logout(request)
        message = _("Your session has expired. Please log in again.")
        if _is_api(request):
            return JsonResponse({"detail": message, "code": "session_expired"}, status=403)
        messages.info(request, message)
        return redirect_to_login(request.get_full_path())
