"""Checkpoints of the case ledgers: the head of every chain, signed, for anyone to keep.

A chain check alone cannot see that the newest events of a chain were deleted (the
rest still links up). A checkpoint records each chain's head — sequence and hash — at
one moment. Checkpoints are numbered and chained to each other like events (each names
the digest of the one before), and signed with Ed25519 (``cases.signing``: a key
derived from ``LEDGER_SIGNING_KEY``, held outside the database), so a checkpoint the
application did not make, or one rewritten, is a break; the public key verifies them
outside the system.

The document (format ``ethics-tracker/ledger-checkpoint/2``)::

    signed = {"format", "sequence", "created_at", "chains", "heads_digest",
              "previous_digest"}
    document = {**signed, "heads": {reference: {"sequence", "hash"}},
                "digest": SHA-256(canonical(signed)), "signing_key": <key id>,
                "signature": base64(Ed25519(canonical(signed)))}

``canonical`` is ``cases.chain.canonical_json`` (sorted keys, no spaces, UTF-8);
``heads_digest`` is SHA-256 of ``canonical(heads)``. The public transparency log
(``transparency_log``) publishes each document without its ``heads`` — case
references, and how many events each case has, stay inside — which still lets a kept
copy prove later that a checkpoint was deleted or rewritten. Format 1 documents
(unsigned, from before issue H) are still read from files kept then.
"""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from cases.chain import GENESIS_HASH, canonical_json
from cases.models import LedgerEvent
from cases.signing import keyring
from ethics_tracker.audit.models import LedgerCheckpoint

CHECKPOINT_FORMAT_UNSIGNED = "ethics-tracker/ledger-checkpoint/1"
CHECKPOINT_FORMAT = "ethics-tracker/ledger-checkpoint/2"
TRANSPARENCY_FORMAT = "ethics-tracker/ledger-transparency-log/1"
SIGNED_FIELDS = (
    "format",
    "sequence",
    "created_at",
    "chains",
    "heads_digest",
    "previous_digest",
)


class CheckpointInvalid(ValueError):
    """A checkpoint file that is not one, or whose digest or signature does not hold."""


def ledger_heads() -> dict[str, dict]:
    """reference → {"sequence", "hash"} of the newest event of every chain."""
    newest = (
        LedgerEvent.objects.filter(case_id=OuterRef("case_id"))
        .order_by("-sequence")
        .values("sequence")[:1]
    )
    rows = (
        LedgerEvent.objects.filter(sequence=Subquery(newest))
        .order_by("case__reference")
        .values_list("case__reference", "sequence", "hash")
    )
    return {reference: {"sequence": seq, "hash": digest} for reference, seq, digest in rows}


def heads_digest(heads: dict) -> str:
    return hashlib.sha256(canonical_json(heads)).hexdigest()


def signed_part(document: dict) -> dict:
    return {name: document.get(name) for name in SIGNED_FIELDS}


def checkpoint_document(*, heads: dict, created_at, sequence: int, previous_digest: str) -> dict:
    """A new signed document: checkpoint ``sequence``, following ``previous_digest``."""
    signed = {
        "format": CHECKPOINT_FORMAT,
        "sequence": sequence,
        "created_at": created_at.astimezone(UTC).isoformat(timespec="seconds"),
        "chains": len(heads),
        "heads_digest": heads_digest(heads),
        "previous_digest": previous_digest,
    }
    message = canonical_json(signed)
    signing_key, signature = keyring().sign_checkpoint(message)
    return {
        **signed,
        "heads": heads,
        "digest": hashlib.sha256(message).hexdigest(),
        "signing_key": signing_key,
        "signature": signature,
    }


def next_checkpoint_fields() -> tuple[int, str]:
    """(sequence, previous digest) for the next checkpoint."""
    last = LedgerCheckpoint.objects.order_by("-sequence").values_list("sequence", "digest").first()
    return (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)


def document_problem(document) -> str | None:
    """Why a format 2 document is not what the application signed (None: it is)."""
    if not isinstance(document, dict) or document.get("format") != CHECKPOINT_FORMAT:
        return f"not a signed ledger checkpoint (format {CHECKPOINT_FORMAT} expected)"
    message = canonical_json(signed_part(document))
    if hashlib.sha256(message).hexdigest() != document.get("digest"):
        return "its digest does not match its content"
    signature, signing_key = document.get("signature"), document.get("signing_key")
    if not isinstance(signature, str) or not isinstance(signing_key, str):
        return "it carries no signature"
    if not keyring().checkpoint_signed(message, signing_key, signature):
        return "its signature does not verify with the ledger's keys"
    if "heads" in document and heads_digest(document["heads"]) != document.get("heads_digest"):
        return "its heads do not match the signed heads digest"
    return None


def _heads_of(document) -> dict[str, list[tuple[int, str]]]:
    heads: dict[str, list[tuple[int, str]]] = {}
    for reference, head in (document.get("heads") or {}).items():
        try:
            heads.setdefault(reference, []).append((int(head["sequence"]), str(head["hash"])))
        except (KeyError, TypeError, ValueError) as error:
            raise CheckpointInvalid(f"bad head for {reference}") from error
    return heads


def checkpoint_heads_from(document) -> dict[str, list[tuple[int, str]]]:
    """Read a checkpoint document (as parsed JSON) into ``ledger_verify``'s form."""
    if isinstance(document, dict) and document.get("format") == CHECKPOINT_FORMAT_UNSIGNED:
        body = {key: value for key, value in document.items() if key != "digest"}
        if hashlib.sha256(canonical_json(body)).hexdigest() != document.get("digest"):
            raise CheckpointInvalid("the checkpoint's digest does not match its content")
        return _heads_of(document)
    problem = document_problem(document)
    if problem is not None:
        raise CheckpointInvalid(f"the checkpoint is refused: {problem}")
    return _heads_of(document)


@dataclass
class KeptCheckpoints:
    """What files kept outside the system say: chain heads, and signed checkpoint
    entries (sequence → digest) the database must still hold."""

    heads: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    digests: dict[int, str] = field(default_factory=dict)

    def add(self, other: "KeptCheckpoints") -> None:
        for reference, values in other.heads.items():
            self.heads.setdefault(reference, []).extend(values)
        self.digests.update(other.digests)


def kept_checkpoints_from(document) -> KeptCheckpoints:
    """A checkpoint document (format 1 or 2) or a transparency log, as parsed JSON."""
    if isinstance(document, dict) and document.get("format") == TRANSPARENCY_FORMAT:
        kept = KeptCheckpoints()
        for entry in document.get("checkpoints") or []:
            problem = document_problem(entry)
            if problem is not None:
                number = entry.get("sequence") if isinstance(entry, dict) else "?"
                raise CheckpointInvalid(f"checkpoint {number} of the log is refused: {problem}")
            kept.digests[int(entry["sequence"])] = entry["digest"]
        return kept
    kept = KeptCheckpoints(heads=checkpoint_heads_from(document))
    if document.get("format") == CHECKPOINT_FORMAT:
        kept.digests[int(document["sequence"])] = document["digest"]
    return kept


def kept_checkpoints_from_file(path) -> KeptCheckpoints:
    """Read a file kept outside the system; ``CheckpointInvalid`` if it is not one."""
    try:
        with open(path, encoding="utf-8") as handle:
            document = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise CheckpointInvalid(f"{path}: {error}") from error
    return kept_checkpoints_from(document)


def checkpoint_heads_from_file(path) -> dict:
    return kept_checkpoints_from_file(path).heads


def merge_checkpoint_heads(*many) -> dict[str, list[tuple[int, str]]]:
    merged: dict[str, list[tuple[int, str]]] = {}
    for heads in many:
        for reference, values in heads.items():
            merged.setdefault(reference, []).extend(values)
    return merged


def newest_signed_checkpoint() -> LedgerCheckpoint | None:
    """The newest stored checkpoint the application signed (a forged one is skipped;
    ``checkpoints_verify`` reports it)."""
    for checkpoint in LedgerCheckpoint.objects.order_by("-sequence", "-id"):
        if document_problem(checkpoint.document) is None:
            return checkpoint
    return None


def latest_checkpoint_heads() -> dict | None:
    """The heads of the newest signed stored checkpoint (None when there is none)."""
    checkpoint = newest_signed_checkpoint()
    return None if checkpoint is None else _heads_of(checkpoint.document)


def checkpoint_json(checkpoint: LedgerCheckpoint) -> str:
    """The document as the file auditors keep (pretty-printed; the digest is unaffected)."""
    return json.dumps(checkpoint.document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def public_entry(document: dict) -> dict:
    """A checkpoint as published: everything but the heads."""
    return {key: value for key, value in document.items() if key != "heads"}


def transparency_log() -> dict:
    """The public log: every stored checkpoint's signed entry, and the public keys.

    No personal data: no case reference, no head, no name — sequence numbers, times,
    digests, signatures and the number of chains.
    """
    entries = [
        public_entry(document)
        for document in LedgerCheckpoint.objects.order_by("sequence").values_list(
            "document", flat=True
        )
    ]
    return {
        "format": TRANSPARENCY_FORMAT,
        "association": settings.ASSOCIATION_NAME,
        "site": settings.SITE_URL,
        "generated_at": timezone.now().astimezone(UTC).isoformat(timespec="seconds"),
        "signed_fields": list(SIGNED_FIELDS),
        "public_keys": keyring().public_keys(),
        "checkpoints": entries,
    }


def transparency_json() -> str:
    return json.dumps(transparency_log(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
