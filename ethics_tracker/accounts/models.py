"""Our second-factor devices: django-otp's abstract device, secrets never in clear.

django-otp's own TOTPDevice and StaticToken store the key and the codes as written;
these keep the TOTP key encrypted (``crypto.seal``) and backup codes as keyed digests.
django-otp's middleware and ``django_otp.login`` work with them unchanged.
"""

import secrets
import time
from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP
from knox.models import AbstractAuthToken

from .crypto import code_digest, digest_matches, seal, unseal

TOTP_KEY_BYTES = 20


class TOTPDevice(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app. ``last_t`` refuses a code that was already used."""

    sealed_key = models.TextField(editable=False)
    step = models.PositiveSmallIntegerField(default=30)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @classmethod
    def new_for(cls, user) -> "TOTPDevice":
        """An unconfirmed device with a fresh random key (confirmed by a first code)."""
        return cls.objects.create(
            user=user,
            name="authenticator",
            confirmed=False,
            sealed_key=seal(secrets.token_bytes(TOTP_KEY_BYTES)),
        )

    def secret(self) -> bytes:
        return unseal(self.sealed_key)

    def secret_base32(self) -> str:
        return b32encode(self.secret()).decode().rstrip("=")

    def totp(self, at: float | None = None) -> TOTP:
        totp = TOTP(self.secret(), self.step, 0, self.digits, self.drift)
        totp.time = time.time() if at is None else at
        return totp

    def verify_token(self, token) -> bool:
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        token = "".join(str(token).split())
        totp = self.totp()
        # Only a time step after the last verified one counts: a code works once.
        verified = token.isdigit() and totp.verify(int(token), self.tolerance, self.last_t + 1)
        if verified:
            self.last_t = totp.t()
            self.drift = totp.drift
            self.throttle_reset(commit=False)
            self.set_last_used_timestamp(commit=False)
            self.save()
        else:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self):
        return settings.OTP_THROTTLE_FACTOR

    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = quote(f"{issuer}:{self.user.get_username()}")
        params = urlencode(
            {"secret": self.secret_base32(), "digits": self.digits, "period": self.step}
        )
        return f"otpauth://totp/{label}?{params}&issuer={quote(issuer)}"


class BackupCodeDevice(ThrottlingMixin, Device):
    """One-time backup codes for a lost phone; each code works once."""

    class Meta(Device.Meta):
        verbose_name = _("backup codes")
        verbose_name_plural = _("backup codes")

    def replace_codes(self, count: int) -> list[str]:
        """Drop every old code and return ``count`` new ones (shown once, stored hashed)."""
        codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(count)]
        self.codes.all().delete()
        BackupCode.objects.bulk_create(
            [BackupCode(device=self, digest=code_digest(code)) for code in codes]
        )
        return codes

    def verify_token(self, token) -> bool:
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        # Compare with every stored digest in constant time; no early exit on a match.
        matched = None
        for code in self.codes.all():
            if digest_matches(str(token), code.digest) and matched is None:
                matched = code
        if matched is None:
            self.throttle_increment(commit=True)
            return False
        matched.delete()
        self.throttle_reset(commit=True)
        return True

    def get_throttle_factor(self):
        return settings.OTP_THROTTLE_FACTOR


class BackupCode(models.Model):
    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("backup code")
        verbose_name_plural = _("backup codes")

    def __str__(self):
        return f"backup code #{self.pk}"


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): only a SHA-512 digest of it is stored, with an
    expiry; one per client, so revoking one leaves the others.

    ``with_second_factor`` says it was issued after a TOTP or backup code: a token a
    member got with a password alone stops working once that person holds a staff role.
    """

    with_second_factor = models.BooleanField(_("issued after a second factor"), default=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created"]
