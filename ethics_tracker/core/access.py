"""The read-access log: who opened a case, downloaded a file or exported data, and when.

Case pages, downloads and exports call ``access_record`` (one line each). The
complainant, who has no account, is logged as "complainant" and nothing else about
them — no IP address, no browser.
"""

from django.db import transaction
from django.http import Http404

from ethics_tracker.core.models import AccessAction, ReadAccess

COMPLAINANT_LABEL = "complainant"
SYSTEM_LABEL = "system"


def _who(user) -> tuple[object, str]:
    if user is not None and getattr(user, "is_authenticated", False):
        return user, user.get_username()
    if user is not None and getattr(user, "case_id", None) is not None:
        return None, COMPLAINANT_LABEL  # a ReceiptHolder: the complainant
    return None, SYSTEM_LABEL if user is None else "anonymous"


def _reference_of(obj) -> str:
    if obj is None:
        return ""
    reference = getattr(obj, "reference", None)
    if isinstance(reference, str):
        return reference
    case = getattr(obj, "case", None)
    return getattr(case, "reference", "") or ""


@transaction.atomic
def access_record(
    *, user, action: str, obj=None, reference: str = "", detail: str = "", label: str = ""
) -> ReadAccess:
    """Log one read. ``obj`` (a case, a file…) gives the record and its case."""
    account, actor_label = _who(user)
    entry = ReadAccess(
        user=account,
        actor_label=label or actor_label,
        action=action,
        case_reference=reference or _reference_of(obj),
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        detail=detail[:255],
    )
    entry.full_clean()
    entry.save()
    return entry


def access_case_view(request, case, *, holder=None) -> None:
    """A case page or the case in the API was opened (one line in each such view).

    ``holder``: the complainant's ``ReceiptHolder`` on their follow-up page.
    """
    access_record(user=_principal(request) or holder, action=AccessAction.CASE_VIEW, obj=case)


def access_file_download(request, item, *, holder=None) -> None:
    """An evidence file is about to be sent; a file removed by retention is gone (404)."""
    if not item.file:
        raise Http404
    access_record(
        user=_principal(request) or holder,
        action=AccessAction.FILE_DOWNLOAD,
        obj=item,
        detail=item.original_name,
    )


def _principal(request):
    return request.user if getattr(request.user, "is_authenticated", False) else None


class AccessLoggedRetrieveMixin:
    """For a DRF viewset of cases: log each ``retrieve`` as a case view."""

    def retrieve(self, request, *args, **kwargs):
        from rest_framework.response import Response

        instance = self.get_object()
        access_case_view(request, instance)
        return Response(self.get_serializer(instance).data)
