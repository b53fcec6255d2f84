"""Pages for members (sign, history, receipts) and the secretariat (coverage, paper, import).

Views parse input, ask the policy, call a service or selector and render.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ethics_tracker.core import policy
from ethics_tracker.core.clients import client_address

from ..forms.members import AcceptanceImportForm, PaperAcceptanceForm, SignForm
from ..models import CodeVersion, VersionState, VersionStatus
from ..selectors import members as selectors
from ..selectors.versions import provisions_of
from ..services import members as services

__all__ = [
    "coverage",
    "coverage_csv",
    "coverage_index",
    "coverage_remind",
    "import_acceptances",
    "my_signatures",
    "paper_acceptance",
    "public_register",
    "receipt",
    "receipt_download",
    "sign_next",
    "sign_version",
]


def public_version_url(version: CodeVersion) -> str:
    """The public page of ``version`` (shows its text and fingerprint)."""
    try:
        return reverse("code_of_conduct:version_detail", args=[version.code.slug, version.label])
    except NoReverseMatch:  # a label the public URL cannot carry
        return reverse("code_of_conduct:code_list")


# --- members -----------------------------------------------------------------


@login_required
@require_safe
def my_signatures(request):
    member = selectors.member_for_user(request.user)
    context = {"member": member}
    if member is not None:
        context["acceptances"] = selectors.member_acceptances(member=member)
        context["pending"] = selectors.pending_versions_for_member(member=member)
    return render(request, "code_of_conduct/members/me.html", context)


@login_required
def sign_next(request):
    """Open the first version the member still has to sign, or their page."""
    pending = selectors.pending_versions_for_user(request.user)
    if pending:
        return redirect("members:sign_version", version_id=pending[0].pk)
    messages.info(request, _("You have signed every code in force. Thank you."))
    return redirect("members:me")


@login_required
def sign_version(request, version_id):
    version = get_object_or_404(
        CodeVersion.objects.select_related("code").exclude(state=VersionState.DRAFT), pk=version_id
    )
    policy.require(request.user, "acceptance.sign", version)
    if version.status not in (VersionStatus.IN_FORCE, VersionStatus.SCHEDULED):
        # A page left open while a new version took effect: point to the new one.
        messages.warning(
            request, _("That version is no longer in force. Please read and sign the new one.")
        )
        return redirect("members:sign")
    member = selectors.member_for_user(request.user)
    form = SignForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            acceptance = services.acceptance_sign(
                actor=request.user,
                member=member,
                version=version,
                confirmed=form.cleaned_data["confirmed"],
                ip_address=client_address(request),  # as our proxies saw it
                user_agent=request.headers.get("user-agent", ""),
            )
        except services.AlreadySigned as already:
            messages.info(request, _("You had already signed this version; here is your receipt."))
            return redirect("members:receipt", receipt_id=already.acceptance.receipt_id)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you: your signature is recorded."))
            return redirect("members:receipt", receipt_id=acceptance.receipt_id)
    existing = member.acceptances.filter(version=version).first()
    return render(
        request,
        "code_of_conduct/members/sign.html",
        {
            "version": version,
            "provisions": provisions_of(version),
            "form": form,
            "existing": existing,
            "public_url": public_version_url(version),
        },
    )


def _receipt_or_404(request, receipt_id):
    acceptance = selectors.acceptance_by_receipt(receipt_id=receipt_id)
    # Someone else's receipt is "not found", not "forbidden": receipts are not listed.
    if acceptance is None or not policy.can(request.user, "acceptance.view_receipt", acceptance):
        raise Http404
    return acceptance


@login_required
@require_safe
def receipt(request, receipt_id):
    acceptance = _receipt_or_404(request, receipt_id)
    return render(
        request,
        "code_of_conduct/members/receipt.html",
        {"acceptance": acceptance, "public_url": public_version_url(acceptance.version)},
    )


@login_required
@require_safe
def receipt_download(request, receipt_id):
    acceptance = _receipt_or_404(request, receipt_id)
    public_url = request.build_absolute_uri(public_version_url(acceptance.version))
    response = render(
        request,
        "code_of_conduct/members/receipt.txt",
        {"acceptance": acceptance, "public_url": public_url},
        content_type="text/plain; charset=utf-8",
    )
    filename = f"receipt-{acceptance.receipt_id}.txt"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- secretariat -------------------------------------------------------------


@login_required
@require_safe
def coverage_index(request):
    policy.require(request.user, "coverage.view")
    versions = list(selectors.versions_in_force())
    if len(versions) == 1:
        return redirect("members:coverage", version_id=versions[0].pk)
    return render(request, "code_of_conduct/members/coverage_index.html", {"versions": versions})


def _version_in_force_or_404(version_id) -> CodeVersion:
    return get_object_or_404(selectors.versions_in_force(), pk=version_id)


def _version_signable_or_404(version_id) -> CodeVersion:
    # Coverage of a version published ahead of its date shows who signed in advance.
    return get_object_or_404(selectors.versions_signable(), pk=version_id)


@login_required
@require_safe
def coverage(request, version_id):
    policy.require(request.user, "coverage.view")
    version = _version_signable_or_404(version_id)
    return render(
        request,
        "code_of_conduct/members/coverage.html",
        {
            "coverage": selectors.coverage_for_version(version=version),
            "unsigned": selectors.unsigned_members(version=version),
            "version": version,
        },
    )


def _csv_cell(value) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    text = str(value or "")
    return f"'{text}" if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@login_required
@require_safe
def coverage_csv(request, version_id):
    policy.require(request.user, "coverage.view")
    version = _version_signable_or_404(version_id)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"unsigned-{version.code.slug}-{version.label}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow(
        [_("Membership number"), _("Full name"), _("Municipality"), _("Position"), _("Email")]
    )
    for member in selectors.unsigned_members(version=version).iterator():
        writer.writerow(
            [
                _csv_cell(value)
                for value in (
                    member.membership_number,
                    member.full_name,
                    member.municipality,
                    member.position,
                    member.email,
                )
            ]
        )
    return response


@login_required
@require_POST
def coverage_remind(request, version_id):
    policy.require(request.user, "reminder.send")
    version = _version_in_force_or_404(version_id)
    report = services.reminder_send(actor=request.user, version=version)
    messages.success(
        request,
        _(
            "Reminders queued: %(queued)d. Already reminded today: %(already)d. "
            "Without an email address: %(without)d."
        )
        % {
            "queued": report.queued,
            "already": report.already_reminded,
            "without": report.without_email,
        },
    )
    return redirect("members:coverage", version_id=version.pk)


@login_required
def paper_acceptance(request):
    policy.require(request.user, "acceptance.register_paper")
    form = PaperAcceptanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            acceptance = services.acceptance_register_paper(
                actor=request.user,
                member=data["member"],
                version=data["version"],
                signed_on=data["signed_on"],
                note=data["note"],
            )
        except services.AlreadySigned as already:
            form.add_error(
                None,
                _("This member's signature of this version is already recorded (receipt %s).")
                % already.acceptance.receipt_id,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The paper acceptance is recorded."))
            return redirect("members:receipt", receipt_id=acceptance.receipt_id)
    return render(request, "code_of_conduct/members/paper.html", {"form": form})


@login_required
def import_acceptances(request):
    policy.require(request.user, "acceptance.import")
    form = AcceptanceImportForm(
        *([request.POST, request.FILES] if request.method == "POST" else [])
    )
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = request.POST.get("action") != "import"
        report = services.acceptance_import_csv(
            actor=request.user, text=form.cleaned_data["file"], dry_run=dry_run
        )
        if report.ok and not dry_run:
            messages.success(
                request,
                _("Imported %(created)d acceptances; %(skipped)d were already recorded.")
                % {"created": report.created, "skipped": len(report.skipped)},
            )
            return redirect("members:import")
    return render(
        request,
        "code_of_conduct/members/import.html",
        {"form": form, "report": report, "columns": services.IMPORT_COLUMNS},
    )


# --- public ------------------------------------------------------------------


def public_register(request):
    if not policy.can(request.user, "register.view_public"):
        raise Http404
    return render(
        request,
        "code_of_conduct/members/register.html",
        {"acceptances": selectors.public_register(), "fields": selectors.public_register_fields()},
    )
