"""The canonical serialisation of a version's text, and its SHA-256.

Anyone can recompute the fingerprint from the published text, so it is kept
simple and documented in README ("Ethics code → The fingerprint"):

1. Every text value is normalised: Unicode NFC, line endings ``\\r\\n`` / ``\\r``
   turned into ``\\n``, trailing spaces removed from each line, and blank lines
   and spaces removed from both ends.
2. The document is a JSON object::

     {"format": "ethics-tracker/code-version/1",
      "title": ..., "preamble": ...,
      "provisions": [{"key": ..., "kind": ..., "number": ..., "heading": ...,
                      "body": ..., "parent": <parent's key or null>}, ...]}

   with the provisions in reading order (their position).
3. It is written with sorted keys, no spaces between items (separators ``,``
   and ``:``), non-ASCII characters as they are (not ``\\u`` escapes), in UTF-8.
4. The fingerprint is the lowercase hexadecimal SHA-256 of those bytes.

The label, the dates, who published and the state are *not* part of it: the
fingerprint says what the text was, not what it was called or when it was in
force (a draft copied from the version in force has the same fingerprint until
its text changes).
"""

import hashlib
import json
import unicodedata
from collections.abc import Iterable

FORMAT = "ethics-tracker/code-version/1"


def normalise(text: str | None) -> str:
    text = unicodedata.normalize("NFC", text or "")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def canonical_document(version, provisions: Iterable) -> dict:
    """The JSON-ready document for ``version`` and its provisions (any order)."""
    ordered = sorted(provisions, key=lambda p: p.position)
    key_of = {p.pk: p.key for p in ordered}
    return {
        "format": FORMAT,
        "title": normalise(version.title),
        "preamble": normalise(version.preamble),
        "provisions": [
            {
                "key": p.key,
                "kind": p.kind,
                "number": normalise(p.number),
                "heading": normalise(p.heading),
                "body": normalise(p.body),
                "parent": key_of.get(p.parent_id),
            }
            for p in ordered
        ],
    }


def canonical_bytes(version, provisions: Iterable) -> bytes:
    document = canonical_document(version, provisions)
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(version, provisions: Iterable) -> str:
    """The SHA-256 fingerprint (64 hex digits) of the version's canonical text."""
    return hashlib.sha256(canonical_bytes(version, provisions)).hexdigest()
