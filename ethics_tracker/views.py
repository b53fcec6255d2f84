from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe


@require_safe
def home(request):
    return render(request, "ethics_tracker/home.html")


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def error_403(request, exception):
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": _("You do not have permission to perform this action.")}, status=403
        )
    return render(request, "403.html", status=403)


def error_404(request, exception):
    # An API path no route matches (a malformed id, say) answers as the API does.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def error_500(request):
    # No request context: its processors ask the database and the session, which may be
    # what failed. The template needs only settings and static files.
    page = render_to_string(
        "500.html",
        {
            "association_name": settings.ASSOCIATION_NAME,
            "association_short_name": settings.ASSOCIATION_SHORT_NAME,
            "association_contact_email": settings.ASSOCIATION_CONTACT_EMAIL,
        },
    )
    return HttpResponseServerError(page)
