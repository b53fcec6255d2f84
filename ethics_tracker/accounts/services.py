"""Every write of the second factor: enrolment, verification, backup codes, API tokens."""

import datetime

from django.conf import settings
from django.db import transaction

from .models import ApiToken, BackupCodeDevice, TOTPDevice


def totp_device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The user's pending (unconfirmed) device, made on first call; the key stays the
    same until it is confirmed, so reloading the page shows the same QR code."""
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return pending or TOTPDevice.new_for(user)


@transaction.atomic
def totp_enrolment_confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm ``device`` with a first code; it replaces any older device of the user.

    Returns the new backup codes (to be shown once), or None for a wrong code (the
    failure is kept: it counts towards the device's throttle).
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
    if not device.verify_token(code):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return backup_codes_issue(user=user)


@transaction.atomic
def backup_codes_issue(*, user) -> list[str]:
    """New backup codes for ``user``; the old ones stop working."""
    device, _created = BackupCodeDevice.objects.get_or_create(
        user=user, defaults={"name": "backup codes"}
    )
    return device.replace_codes(settings.OTP_BACKUP_CODE_COUNT)


@transaction.atomic
def second_factor_verify(*, user, code: str):
    """The device that accepts ``code`` (a TOTP code or a backup code), or None.

    Rows are locked so that two requests cannot both use the same code.
    """
    code = (code or "").strip()
    if not code:
        return None
    for model in (TOTPDevice, BackupCodeDevice):
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(code):
                return device
    return None


def second_factor_wait(*, user) -> bool:
    """True while wrong codes have throttled every device of the user."""
    devices = [
        *TOTPDevice.objects.filter(user=user, confirmed=True),
        *BackupCodeDevice.objects.filter(user=user, confirmed=True),
    ]
    return bool(devices) and not any(device.verify_is_allowed()[0] for device in devices)


def api_token_issue(*, user, with_second_factor: bool) -> tuple[ApiToken, str]:
    """A new API token for ``user`` and its key (shown once: only a digest is kept).

    Callers check the password, and for staff the second factor, first. Staff tokens
    expire after STAFF_TOKEN_SECONDS, others after MEMBER_TOKEN_SECONDS.
    """
    seconds = settings.STAFF_TOKEN_SECONDS if with_second_factor else settings.MEMBER_TOKEN_SECONDS
    return ApiToken.objects.create(
        user=user,
        expiry=datetime.timedelta(seconds=seconds),
        with_second_factor=with_second_factor,
    )


def api_token_revoke(*, token: ApiToken | None = None, user=None) -> int:
    """Revoke one token, or every token of ``user``; how many were revoked."""
    tokens = ApiToken.objects.filter(pk=token.pk) if token is not None else user.auth_token_set
    deleted, _by_model = tokens.all().delete()
    return deleted
