"""A database that is gone answers 503 at once, not a 500 or a hung worker.

While PostgreSQL restarts (or the network to it is cut), every request that needs it
raises ``OperationalError`` / ``InterfaceError``. ``DatabaseUnavailableMiddleware``
turns that into a 503 with ``Retry-After``: a page in the site's look for people,
JSON with a reason under ``/api/``. The page is rendered without the request (no
context processors, no session, no user), since each of those would ask the database
again. How fast "at once" is comes from the settings: ``DB_CONNECT_TIMEOUT`` bounds a
connection attempt, and ``conn_health_checks`` replaces a connection the restart
killed, so the first request after recovery succeeds.

A database error can surface in three places, and each is caught:

- in the view or its template: ``process_exception``;
- in an inner middleware's response step (the session being saved): Django has
  already turned it into a 500; ``got_request_exception`` marked the request;
- in the 500 handler itself (its layout asks the database again): it propagates here.
"""

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
MARK = "_database_unavailable"


@receiver(got_request_exception)
def _mark_database_error(sender, request=None, **kwargs):
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, MARK, sys.exc_info()[1])


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS as error:
            return unavailable(request, error)
        if response.status_code == 500 and getattr(request, MARK, None) is not None:
            return unavailable(request, getattr(request, MARK))
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable(request, exception)
        return None


def unavailable(request, error) -> HttpResponse:
    # The error names the server and why (refused, timed out, terminated), never the
    # query's parameters; the path is left out, as it may name a case.
    first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
    logger.error("database unavailable (%s: %s): answered 503", type(error).__name__, first_line)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _("The service is briefly unavailable. Please try again shortly."),
                "reason": "database_unavailable",
            },
            status=503,
        )
    else:
        page = render_to_string(
            "core/unavailable.html",
            {
                "association_name": settings.ASSOCIATION_NAME,
                "association_short_name": settings.ASSOCIATION_SHORT_NAME,
                "retry_after": RETRY_AFTER_SECONDS,
            },
        )
        response = HttpResponse(page, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response
