"""Pages for reading the code (public) and drafting versions (secretaries).

Views parse input, call a service or selector, and render. Service refusals
become form errors (ValidationError), a 403 (PermissionDenied) or a 409 page
(the version is no longer a draft / the transition is not allowed).
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django_fsm import TransitionNotAllowed

from ethics_tracker.core import policy

from .. import selectors, services
from ..canonical import canonical_bytes, content_hash
from ..forms.versions import (
    CodeForm,
    CompareForm,
    DraftCreateForm,
    DraftForm,
    ImportForm,
    ProvisionCreateForm,
    ProvisionForm,
    PublishForm,
)
from ..importer import CodeImportError, decode_upload
from ..models import (
    CodeVersion,
    EthicsCode,
    Provision,
    ProvisionKind,
    VersionLocked,
    VersionStatus,
)

__all__ = [
    "code_create",
    "code_detail",
    "code_list",
    "draft_create",
    "draft_delete",
    "draft_edit",
    "draft_import",
    "provision_create",
    "provision_delete",
    "provision_edit",
    "provision_move",
    "version_canonical",
    "version_compare",
    "version_detail",
    "version_list",
    "version_publish",
]


# --- helpers -----------------------------------------------------------------------


class _LoginRequired(Exception):
    pass


def _require(request, action: str, obj=None) -> None:
    if not request.user.is_authenticated:
        raise _LoginRequired
    policy.require(request.user, action, obj)


def _staff(view):
    """Send visitors to the login page; answer 409 when a version can no longer change."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except _LoginRequired:
            return redirect_to_login(request.get_full_path())
        except (VersionLocked, TransitionNotAllowed):
            return render(request, "code_of_conduct/version_locked.html", status=409)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _post(request):
    return request.POST if request.method == "POST" else None


def _code(slug: str) -> EthicsCode:
    return get_object_or_404(EthicsCode, slug=slug)


def _version(request, code: EthicsCode, label: str) -> CodeVersion:
    try:
        return selectors.version_get(viewer=request.user, code=code, label=label)
    except CodeVersion.DoesNotExist:
        raise Http404(_("No such version.")) from None


def _draft(request, slug: str, label: str) -> CodeVersion:
    version = _version(request, _code(slug), label)
    if not version.is_editable:
        raise VersionLocked()
    return version


def _provision(version: CodeVersion, key: str) -> Provision:
    return get_object_or_404(Provision.objects.select_related("version"), version=version, key=key)


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or on the whole form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- public ------------------------------------------------------------------------


@require_safe
def code_list(request):
    return render(request, "code_of_conduct/code_list.html", {"codes": selectors.code_list()})


@require_safe
def code_detail(request, slug):
    """The version in force, or a page saying there is none yet."""
    code = _code(slug)
    version = selectors.version_in_force(code=code)
    if version is None:
        return render(request, "code_of_conduct/no_version.html", {"code": code})
    return _render_version(request, code, version)


@require_safe
def version_detail(request, slug, label):
    code = _code(slug)
    return _render_version(request, code, _version(request, code, label))


def _render_version(request, code, version):
    provisions = selectors.provisions_of(version)
    context = {
        "code": code,
        "version": version,
        "provisions": provisions,
        "contents": [p for p in provisions if p.kind != ProvisionKind.PARAGRAPH],
        "previous": selectors.version_previous(version),
        "hash_matches": bool(version.content_hash)
        and content_hash(version, provisions) == version.content_hash,
    }
    return render(request, "code_of_conduct/version_detail.html", context)


@require_safe
def version_canonical(request, slug, label):
    """The exact bytes whose SHA-256 is the version's fingerprint (to verify it)."""
    version = _version(request, _code(slug), label)
    data = canonical_bytes(version, selectors.provisions_of(version))
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{slug}-{label}.json"'
    return response


@require_safe
def version_list(request, slug):
    code = _code(slug)
    versions = list(selectors.versions_visible(viewer=request.user, code=code))
    context = {
        "code": code,
        "versions": versions,
        "compare_form": CompareForm(versions=versions, initial=_default_pair(versions)),
    }
    return render(request, "code_of_conduct/version_list.html", context)


def _default_pair(versions) -> dict:
    published = [v for v in versions if v.published_at]
    published.sort(key=lambda v: v.published_at, reverse=True)
    if len(published) < 2:
        return {}
    return {"old": published[1].label, "new": published[0].label}


@require_safe
def version_compare(request, slug):
    """Compare two versions chosen by label (``?old=2003&new=2019``)."""
    code = _code(slug)
    versions = list(selectors.versions_visible(viewer=request.user, code=code))
    data = request.GET if {"old", "new"} <= set(request.GET) else None
    form = CompareForm(data, versions=versions, initial=_default_pair(versions))
    if data is None and form.initial:
        form = CompareForm(form.initial, versions=versions)
    comparison = None
    if form.is_bound and form.is_valid():
        by_label = {v.label: v for v in versions}
        comparison = selectors.version_compare(
            old=by_label[form.cleaned_data["old"]], new=by_label[form.cleaned_data["new"]]
        )
    context = {"code": code, "form": form, "comparison": comparison}
    return render(request, "code_of_conduct/version_compare.html", context)


# --- secretaries -------------------------------------------------------------------


@_staff
def code_create(request):
    _require(request, "code.create")
    form = CodeForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            code = services.code_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The code was created. Now start its first version."))
            return redirect("code_of_conduct:version_list", slug=code.slug)
    return render(request, "code_of_conduct/code_form.html", {"form": form})


@_staff
def draft_create(request, slug):
    code = _code(slug)
    _require(request, "version.create", code)
    form = DraftCreateForm(_post(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.version_create_draft(
                actor=request.user,
                code=code,
                label=data["label"],
                title=data["title"] or None,
                preamble=data["preamble"] or None,
                is_sample=data["is_sample"],
                copy_current=data["start_from"] == DraftCreateForm.START_CURRENT,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The draft was created."))
            return redirect("code_of_conduct:draft_edit", slug=slug, label=version.label)
    return render(request, "code_of_conduct/draft_create.html", {"code": code, "form": form})


@_staff
def draft_import(request, slug):
    code = _code(slug)
    _require(request, "version.create", code)
    form = ImportForm(_post(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.version_import(
                actor=request.user,
                code=code,
                label=data["label"],
                text=decode_upload(data["file"].read()),
                title=data["title"] or None,
                is_sample=data["is_sample"],
            )
        except CodeImportError as error:
            form.add_error("file", error)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            count = version.provisions.count()
            messages.success(
                request, _("Imported %(count)s provisions into a new draft.") % {"count": count}
            )
            return redirect("code_of_conduct:draft_edit", slug=slug, label=version.label)
    return render(request, "code_of_conduct/draft_import.html", {"code": code, "form": form})


@_staff
def draft_edit(request, slug, label):
    """A draft's details and its provisions, with links to change each one."""
    version = _draft(request, slug, label)
    _require(request, "version.edit", version)
    initial = {name: getattr(version, name) for name in ("label", "title", "preamble", "is_sample")}
    form = DraftForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.version_update_draft(
                actor=request.user, version=version, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The draft's details were saved."))
            return redirect("code_of_conduct:draft_edit", slug=slug, label=version.label)
    context = {
        "code": version.code,
        "version": version,
        "form": form,
        "provisions": selectors.provisions_of(version),
        "previous": selectors.version_previous(version),
    }
    return render(request, "code_of_conduct/draft_edit.html", context)


@_staff
def draft_delete(request, slug, label):
    version = _draft(request, slug, label)
    _require(request, "version.delete", version)
    if request.method == "POST":
        services.version_delete_draft(actor=request.user, version=version)
        messages.success(request, _("The draft was deleted."))
        return redirect("code_of_conduct:version_list", slug=slug)
    return render(request, "code_of_conduct/draft_delete.html", {"version": version})


@_staff
def version_publish(request, slug, label):
    version = _draft(request, slug, label)
    _require(request, "version.publish", version)
    form = PublishForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            published = services.version_publish(
                actor=request.user,
                version=version,
                adopted_on=form.cleaned_data["adopted_on"],
                effective_from=form.cleaned_data["effective_from"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            if published.status == VersionStatus.SCHEDULED:
                messages.success(
                    request,
                    _("The version is published; it takes effect on %(date)s.")
                    % {"date": date_format(published.effective_from, "DATE_FORMAT")},
                )
            else:
                messages.success(request, _("The version is published and now in force."))
            return redirect("code_of_conduct:code_detail", slug=slug)
    context = {
        "version": version,
        "form": form,
        "current": selectors.version_latest(code=version.code),
        "provision_count": version.provision_count,
    }
    return render(request, "code_of_conduct/version_publish.html", context)


@_staff
def provision_create(request, slug, label):
    version = _draft(request, slug, label)
    _require(request, "version.edit", version)
    form = ProvisionCreateForm(_post(request), version=version)
    if request.method == "POST" and form.is_valid():
        try:
            provision = services.provision_create(
                actor=request.user, version=version, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The provision was added."))
            return _back_to_draft(version, provision.key)
    context = {"version": version, "form": form, "provision": None}
    return render(request, "code_of_conduct/provision_form.html", context)


@_staff
def provision_edit(request, slug, label, key):
    version = _draft(request, slug, label)
    _require(request, "version.edit", version)
    provision = _provision(version, key)
    initial = {name: getattr(provision, name) for name in ("key", "number", "heading", "body")}
    form = ProvisionForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            provision = services.provision_update(
                actor=request.user, provision=provision, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The provision was saved."))
            return _back_to_draft(version, provision.key)
    context = {"version": version, "form": form, "provision": provision}
    return render(request, "code_of_conduct/provision_form.html", context)


@_staff
def provision_delete(request, slug, label, key):
    version = _draft(request, slug, label)
    _require(request, "version.edit", version)
    provision = _provision(version, key)
    if request.method == "POST":
        services.provision_delete(actor=request.user, provision=provision)
        messages.success(request, _("The provision was removed."))
        return _back_to_draft(version)
    context = {"version": version, "provision": provision}
    return render(request, "code_of_conduct/provision_delete.html", context)


@_staff
@require_POST
def provision_move(request, slug, label, key):
    version = _draft(request, slug, label)
    _require(request, "version.edit", version)
    provision = _provision(version, key)
    try:
        services.provision_move(
            actor=request.user, provision=provision, direction=request.POST.get("direction", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to_draft(version, provision.key)


def _back_to_draft(version, key: str | None = None):
    url = reverse(
        "code_of_conduct:draft_edit", kwargs={"slug": version.code.slug, "label": version.label}
    )
    return redirect(f"{url}#edit-{key}" if key else url)
