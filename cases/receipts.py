"""Receipt codes: the complainant's secret for following a case without an account.

A code is derived from the filing's random submission token with an HMAC keyed
by ``SECRET_KEY``: 100 random bits, written as five groups of four characters
from Crockford's base-32 alphabet (no I, L, O or U, so it survives being read
aloud or copied by hand). Only its SHA-256 is stored, and every check runs in
constant time, whether or not the reference exists.

Deriving it from the token (instead of drawing it separately) is what makes a
repeated submission of the same form answer with the same reference *and* the
same code, although the code itself is never stored. A token is bound to the
body it filed (``body_digest``): with another body it opens nothing.
"""

import hashlib
import hmac
import json
import re
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUPS, GROUP_SIZE = 5, 4
CODE_LENGTH = GROUPS * GROUP_SIZE
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_\-]{20,100}$")
# Crockford's decoding of look-alike characters.
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_DUMMY_HASH = hashlib.sha256(b"no such case").hexdigest()


def new_submission_token() -> str:
    return secrets.token_urlsafe(32)


def is_valid_token(token: str) -> bool:
    return bool(token) and bool(TOKEN_PATTERN.match(token))


def token_hash(token: str) -> str:
    return hashlib.sha256(f"cases.submission:{token}".encode()).hexdigest()


def body_digest(body: dict) -> str:
    """The keyed hash of what a submission filed (JSON-able, canonical order), so the
    token replays that body only; keyed, so the stored digest confirms no guess."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    message = f"cases.submission-body:{canonical}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def receipt_code_for(token: str) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"cases.receipt-code:{token}".encode(), hashlib.sha256
    ).digest()
    value = int.from_bytes(digest[:13], "big") >> 4  # 100 bits
    chars = []
    for _index in range(CODE_LENGTH):
        value, remainder = divmod(value, 32)
        chars.append(ALPHABET[remainder])
    code = "".join(chars)
    return "-".join(code[i : i + GROUP_SIZE] for i in range(0, CODE_LENGTH, GROUP_SIZE))


def normalise_code(code: str) -> str:
    """What a person typed → the canonical code: case, spaces, dashes and look-alikes."""
    return re.sub(r"[\s\-]", "", (code or "").upper()).translate(_LOOKALIKES)


def normalise_reference(reference: str) -> str:
    return re.sub(r"\s", "", (reference or "").upper())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def code_matches(stored_hash: str | None, code: str) -> bool:
    """Constant-time check; pass ``None`` for an unknown reference (still hashes)."""
    computed = code_hash(code)
    return hmac.compare_digest(stored_hash or _DUMMY_HASH, computed) and stored_hash is not None
