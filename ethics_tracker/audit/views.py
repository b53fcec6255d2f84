"""The auditor's pages: read-only. Every view answers GET (and HEAD) only: 405 otherwise
— but one: asking for a verification of the whole ledger (POST), which writes only the
audit's own record of the run (``VerificationRun``), never the apps' records.

Trail, a record's history with its diffs, the ledgers with their verification, the
checkpoints, the read-access log and the exports. Reading a case's ledger or a
record's history, and every export, is itself written to the read-access log.
The transparency log (the signed checkpoints without their heads, and the public
key) is public: no sign-in, for anyone outside the association to keep.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST, require_safe

from cases import selectors as case_selectors
from cases.models import Case
from ethics_tracker.audit.verification import ledger_verify_all, ledger_verify_case
from ethics_tracker.core import policy
from ethics_tracker.core.access import access_record
from ethics_tracker.core.models import AccessAction

from . import display, exports, selectors, trail
from .breaks import LEDGER, LedgerBreak
from .checkpoints import (
    checkpoint_json,
    latest_checkpoint_heads,
    transparency_json,
    transparency_log,
)
from .forms import AccessFilterForm, ExportForm, TrailFilterForm
from .models import VerificationRun
from .verification_runs import verification_run_request

# The ledger list's sortable columns (cases.selectors.sorting: a whitelist).
LEDGER_SORTS = {"case": [F("reference")], "events": [F("events_count")]}


def auditor_only(view):
    """GET/HEAD only (405 for anything else), signed in, and allowed to audit (403)."""

    @require_safe
    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        policy.require(request.user, "audit.view")
        return view(request, *args, **kwargs)

    return wrapped


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@auditor_only
def index(request):
    context = {
        "record_types": trail.record_type_choices(),
        "latest_checkpoint": selectors.checkpoints().first(),
    }
    return render(request, "audit/index.html", context)


@auditor_only
def trail_list(request):
    form = TrailFilterForm(request.GET or None)
    rows = trail.trail(form.filters() if form.is_bound else None)
    page = Paginator(rows, settings.AUDIT_TRAIL_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = trail.trail_rows(page.object_list)
    references = dict(
        Case.objects.filter(pk__in={row.case_id for row in page.object_list}).values_list(
            "pk", "reference"
        )
    )
    for row in page.object_list:
        row.case_reference = references.get(row.case_id, "")
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "audit/trail.html", context, status=status)


@auditor_only
def record_history(request, label, object_id):
    record = trail.record_history_for(label, object_id)
    access_record(
        user=request.user,
        action=AccessAction.HISTORY_VIEW,
        reference=record.case.reference if record.case else "",
        detail=f"{label} {record.object_id}",
    )
    context = {
        "model_name": str(record.model._meta.verbose_name).capitalize(),
        "label": label,
        "object_id": record.object_id,
        "entries": record.entries,
        "case": record.case,
    }
    return render(request, "audit/record.html", context)


@auditor_only
def ledger_list(request):
    # Sortable by case or number of events; an unknown ?sort= is ignored, never an error.
    sort = case_selectors.parse_sort(request.GET.get("sort"), LEDGER_SORTS)
    cases = selectors.ledger_cases()
    if sort is not None:
        cases = cases.order_by(*case_selectors.sort_ordering(sort, LEDGER_SORTS))
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    results = selectors.verify_cases(page.object_list)
    rows = [(case, results.get(case.pk)) for case in page.object_list]
    context = {
        "page": page,
        "rows": rows,
        "has_checkpoint": latest_checkpoint_heads() is not None,
        "sort": sort,
        "query": urlencode({"sort": sort.param}) if sort else "",
        "sort_headers": case_selectors.sort_headers(sort, LEDGER_SORTS, {}),
    }
    return render(request, "audit/ledger_list.html", context)


@auditor_only
def ledger_verify(request):
    """Verify every chain now (read-only; takes as long as the ledger is long)."""
    heads = latest_checkpoint_heads()
    summary = ledger_verify_all(checkpoint_heads=heads)
    context = {"summary": summary, "has_checkpoint": heads is not None}
    return render(request, "audit/ledger_verify.html", context)


@auditor_only
def ledger_case(request, reference):
    case = get_object_or_404(Case, reference=reference)
    result = ledger_verify_case(case, checkpoint_heads=latest_checkpoint_heads())
    access_record(user=request.user, action=AccessAction.LEDGER_VIEW, obj=case)
    events = display.ledger_rows(selectors.case_events(case).select_related("actor"))
    context = {"case": case, "result": result, "events": events}
    return render(request, "audit/ledger_case.html", context)


@auditor_only
def verification_list(request):
    """The verifications asked for, newest first; the page follows those still running."""
    page = Paginator(VerificationRun.objects.select_related("requested_by"), 25).get_page(
        request.GET.get("page")
    )
    pending = [run for run in page.object_list if not run.is_finished]
    context = {"page": page, "pending": pending, "started": request.GET.get("started", "")}
    return render(request, "audit/verifications.html", context)


@require_POST
@login_required
def verification_start(request):
    """Ask for a verification of every chain, run in the background (see
    ``verification_runs``); back to the list, which follows it."""
    run = verification_run_request(actor=request.user)
    return redirect(f"{reverse('audit:verifications')}?started={run.pk}")


@auditor_only
def verification_detail(request, pk):
    run = get_object_or_404(VerificationRun.objects.select_related("requested_by"), pk=pk)
    problems = [LedgerBreak(**problem) for problem in run.problems]
    context = {"run": run, "problems": problems, "ledger": LEDGER}
    return render(request, "audit/verification.html", context)


@auditor_only
def checkpoint_list(request):
    page = Paginator(selectors.checkpoints(), 50).get_page(request.GET.get("page"))
    return render(request, "audit/checkpoints.html", {"page": page})


@auditor_only
def checkpoint_download(request, pk):
    checkpoint = get_object_or_404(selectors.checkpoints(), pk=pk)
    response = HttpResponse(checkpoint_json(checkpoint), content_type="application/json")
    name = f"ledger-checkpoint-{checkpoint.sequence}-{checkpoint.created_at:%Y%m%d-%H%M%S}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def transparency(request):
    """Public: every checkpoint's signed entry, the public keys and how to verify."""
    log = transparency_log()
    page = Paginator(log["checkpoints"][::-1], 50).get_page(request.GET.get("page"))
    context = {"log": log, "page": page, "key": log["public_keys"][0]}
    return render(request, "audit/transparency.html", context)


@require_safe
def transparency_download(request):
    response = HttpResponse(transparency_json(), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="ledger-transparency-log.json"'
    return response


@auditor_only
def access_list(request):
    form = AccessFilterForm(request.GET or None)
    entries = selectors.access_log(**form.filters())
    page = Paginator(entries, settings.AUDIT_TRAIL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "audit/access.html", context, status=status)


@auditor_only
def export(request, kind, fmt):
    """The trail (with the page's filters) or the ledger (``?case=REF``), streamed."""
    policy.require(request.user, "audit.export")
    form = ExportForm(request.GET, kind=kind, fmt=fmt)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/trail.html", {"form": form, "page": None}, status=400)
    return exports.export_download(user=request.user, form=form, query=request.GET.urlencode())
