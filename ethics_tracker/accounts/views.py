"""The staff login steps: password, then a code (or enrolment), then backup codes."""

import django_otp
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import CodeForm
from .policy import needs_second_factor
from .qr import qr_svg


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _second_factor_passed(request, device):
    """Mark the session verified and give it a new key: the half-logged-in one dies."""
    django_otp.login(request, device)
    request.session.cycle_key()


class StaffLoginView(LoginView):
    """Django's login (password, new session key, axes' lockout); staff go on to a code."""

    template_name = "registration/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        if needs_second_factor(form.get_user()):
            return redirect(_with_next("accounts:verify", self.get_success_url()))
        return response


def _needs_second_step(user):
    if not needs_second_factor(user):
        raise Http404(_("Only staff log in with a second factor."))


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    _needs_second_step(request.user)
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    if services.totp_device_of(request.user) is None:
        return redirect(_with_next("accounts:enrol", next_url))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = services.second_factor_verify(user=request.user, code=form.cleaned_data["code"])
        if device is not None:
            _second_factor_passed(request, device)
            return redirect(next_url)
        if services.second_factor_wait(user=request.user):
            form.add_error("code", _("Too many wrong codes. Wait a minute and try again."))
        else:
            form.add_error("code", _("That code is not valid or was already used."))
    return render(request, "accounts/verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def enrol(request):
    _needs_second_step(request.user)
    next_url = _next_url(request)
    # Replacing a device needs the old one first: a password alone must not re-enrol.
    if services.totp_device_of(request.user) and not request.user.is_verified():
        return redirect(_with_next("accounts:verify", next_url))
    device = services.totp_enrolment_start(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = services.totp_enrolment_confirm(
            user=request.user, device=device, code=form.cleaned_data["code"]
        )
        if codes is not None:
            device.refresh_from_db()
            _second_factor_passed(request, device)
            return _show_backup_codes(request, codes, next_url)
        form.add_error("code", _("That code is not right. Check the clock of your phone."))
    context = {
        "form": form,
        "next": next_url,
        "qr": qr_svg(device.config_url(), label=_("QR code for your authenticator app")),
        "secret": " ".join(device.secret_base32()[i : i + 4] for i in range(0, 32, 4)),
    }
    return render(request, "accounts/enrol.html", context)


def _show_backup_codes(request, codes, next_url):
    response = render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def backup_codes(request):
    """New backup codes on request (the middleware lets only verified staff here)."""
    _needs_second_step(request.user)
    if request.method == "POST":
        codes = services.backup_codes_issue(user=request.user)
        return _show_backup_codes(request, codes, reverse("home"))
    return render(request, "accounts/backup_codes.html", {"codes": None})
