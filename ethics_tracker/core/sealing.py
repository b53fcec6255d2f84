"""Secrets that must wait somewhere we store (an outbox row, a session) are sealed:
encrypted with Fernet under a key derived from SECRET_KEY for one purpose, so a copy
of the database never shows them. SECRET_KEY_FALLBACKS still open what older keys
sealed, so rotating the key strands nothing."""

import base64

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac


def _fernet(purpose: str) -> MultiFernet:
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        [
            Fernet(
                base64.urlsafe_b64encode(
                    salted_hmac(purpose, "body", secret=key, algorithm="sha256").digest()
                )
            )
            for key in keys
        ]
    )


def seal(purpose: str, text: str) -> str:
    return _fernet(purpose).encrypt(text.encode()).decode()


def unseal(purpose: str, sealed: str) -> str:
    return _fernet(purpose).decrypt(sealed.encode()).decode()
