"""A malformed OTP_ENCRYPTION_KEY is a startup error, not a failed login later."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from .crypto import seal


@checks.register(checks.Tags.security)
def otp_encryption_key_check(app_configs, **kwargs):
    try:
        seal(b"check")
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="accounts.E001")]
    return []
