"""The ledger's keys: what a database writer without them cannot fake.

``settings.LEDGER_SIGNING_KEY`` (bytes, from the environment, never stored in the
database) signs every ledger event: HMAC-SHA256 over the event's hash, stored in
``LedgerEvent.signature`` with the key's id. The same key also yields, by HKDF, the
Ed25519 key that signs checkpoints (``ethics_tracker.audit.checkpoints``), whose
public half anyone may hold to verify published checkpoints. Older keys listed in
``settings.LEDGER_VERIFY_KEYS`` still verify what they signed, and sign nothing.

HMAC comes from the standard library's ``hmac`` (OpenSSL underneath, one call per
event, so verifying stays as fast as hashing); Ed25519 and HKDF from ``cryptography``.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

EVENT_CONTEXT = b"ethics-tracker/ledger-event/1\n"
CHECKPOINT_KEY_INFO = b"ethics-tracker/ledger-checkpoint-ed25519/1"


def key_id(key: bytes) -> str:
    """A short public name for a key (the same for its HMAC and Ed25519 uses)."""
    return hashlib.sha256(b"ethics-tracker ledger key id\n" + key).hexdigest()[:16]


class Keyring:
    """The signing key and the older keys that still verify, by key id."""

    def __init__(self, signing: bytes, older: tuple[bytes, ...]):
        self.signing_id = key_id(signing)
        self.secrets = {key_id(key): key for key in (*older, signing)}
        self._ed25519 = {
            kid: Ed25519PrivateKey.from_private_bytes(_hkdf(key))
            for kid, key in self.secrets.items()
        }

    # --- events: HMAC-SHA256 over the hash ---

    def sign_event(self, event_hash: str) -> tuple[str, str]:
        """(key id, signature hex) for an event's hash."""
        secret = self.secrets[self.signing_id]
        return self.signing_id, _mac(secret, event_hash)

    def event_signed(self, event_hash: str, kid: str, signature: str) -> bool:
        secret = self.secrets.get(kid)
        if secret is None or not signature:
            return False
        return hmac.compare_digest(_mac(secret, event_hash), signature)

    # --- checkpoints: Ed25519 over the canonical document ---

    def sign_checkpoint(self, message: bytes) -> tuple[str, str]:
        """(key id, base64 signature) of a checkpoint's canonical bytes."""
        private = self._ed25519[self.signing_id]
        return self.signing_id, base64.b64encode(private.sign(message)).decode("ascii")

    def checkpoint_signed(self, message: bytes, kid: str, signature: str) -> bool:
        private = self._ed25519.get(kid)
        if private is None:
            return False
        try:
            private.public_key().verify(base64.b64decode(signature, validate=True), message)
        except (InvalidSignature, ValueError, TypeError):
            return False
        return True

    def public_keys(self) -> list[dict]:
        """Every checkpoint public key, the current one first, as published."""
        order = [self.signing_id] + sorted(kid for kid in self._ed25519 if kid != self.signing_id)
        return [public_key_entry(kid, self._ed25519[kid].public_key()) for kid in order]


def public_key_entry(kid: str, public: Ed25519PublicKey) -> dict:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return {
        "key_id": kid,
        "algorithm": "Ed25519",
        "public_key": base64.b64encode(raw).decode("ascii"),
        "public_key_pem": pem.decode("ascii"),
    }


def _mac(secret: bytes, event_hash: str) -> str:
    return hmac.digest(secret, EVENT_CONTEXT + event_hash.encode("ascii"), "sha256").hex()


def _hkdf(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=CHECKPOINT_KEY_INFO).derive(
        key
    )


@lru_cache(maxsize=8)
def _keyring(signing: bytes, older: tuple[bytes, ...]) -> Keyring:
    return Keyring(signing, older)


def keyring() -> Keyring:
    """The keys of the current settings (cached per value: tests may override them)."""
    return _keyring(bytes(settings.LEDGER_SIGNING_KEY), tuple(settings.LEDGER_VERIFY_KEYS))
