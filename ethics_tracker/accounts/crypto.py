"""The keys that keep second-factor secrets unreadable in the database.

TOTP keys are stored encrypted with Fernet; backup codes only as keyed digests.
The key comes from ``OTP_ENCRYPTION_KEY`` (one or more Fernet keys, comma-separated:
the first encrypts, all decrypt, so a key can be rotated) or, when that is unset,
is derived from ``SECRET_KEY`` with HKDF. Either way a copy of the database alone
never yields a secret.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derive(material: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(material)


def fernet_keys() -> list[bytes]:
    """The configured Fernet keys, or the one derived from SECRET_KEY."""
    configured = list(settings.OTP_ENCRYPTION_KEY)
    if configured:
        return [key.encode() for key in configured]
    derived = _derive(settings.SECRET_KEY.encode(), b"ethics-tracker otp secrets")
    return [base64.urlsafe_b64encode(derived)]


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in fernet_keys()])
    except ValueError as error:
        raise ImproperlyConfigured(
            "OTP_ENCRYPTION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), "
            "comma-separated."
        ) from error


def seal(secret: bytes) -> str:
    return _fernet().encrypt(secret).decode()


def unseal(sealed: str) -> bytes:
    try:
        return _fernet().decrypt(sealed.encode())
    except InvalidToken as error:
        # A key was changed without keeping the old one in OTP_ENCRYPTION_KEY.
        raise ImproperlyConfigured(
            "A stored TOTP key cannot be decrypted with OTP_ENCRYPTION_KEY."
        ) from error


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def code_digest(code: str) -> str:
    """A keyed digest of a backup code: the codes are random, so no slow hash is needed,
    and without the key a digest cannot be checked against guesses offline."""
    pepper = _derive(fernet_keys()[0], b"ethics-tracker backup codes")
    return hmac.new(pepper, normalise_code(code).encode(), hashlib.sha256).hexdigest()


def digest_matches(code: str, digest: str) -> bool:
    return hmac.compare_digest(code_digest(code), digest)
