"""Checkpoints are numbered, chained and signed (Ed25519, derived from LEDGER_SIGNING_KEY).

Stored checkpoints (format 1: an unkeyed digest) are rewritten as format 2 documents,
numbered in the order they were made, each naming the digest of the one before, and
signed with the key configured when this runs. Like the events' signatures
(cases 0008), an upgrade attests the checkpoints *as they are at upgrade time*: a
checkpoint forged before the upgrade cannot be told apart by this migration. Files
kept outside in format 1 are still read (``checkpoint_heads_from``).
"""

import hashlib
from datetime import UTC

from django.db import migrations, models

from cases.chain import GENESIS_HASH, canonical_json
from cases.signing import keyring


def sign_existing(apps, schema_editor):
    checkpoint_model = apps.get_model("audit", "LedgerCheckpoint")
    ring = keyring()
    previous = GENESIS_HASH
    for number, checkpoint in enumerate(
        checkpoint_model.objects.order_by("created_at", "id"), start=1
    ):
        heads = checkpoint.document.get("heads") or {}
        signed = {
            "format": "ethics-tracker/ledger-checkpoint/2",
            "sequence": number,
            "created_at": checkpoint.created_at.astimezone(UTC).isoformat(timespec="seconds"),
            "chains": len(heads),
            "heads_digest": hashlib.sha256(canonical_json(heads)).hexdigest(),
            "previous_digest": previous,
        }
        message = canonical_json(signed)
        signing_key, signature = ring.sign_checkpoint(message)
        previous = hashlib.sha256(message).hexdigest()
        checkpoint.document = {
            **signed,
            "heads": heads,
            "digest": previous,
            "signing_key": signing_key,
            "signature": signature,
        }
        checkpoint.sequence, checkpoint.digest = number, previous
        checkpoint.signing_key, checkpoint.signature = signing_key, signature
        checkpoint.save(
            update_fields=["document", "sequence", "digest", "signing_key", "signature"]
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("cases", "0008_ledger_event_signatures")]

    operations = [
        migrations.AddField(
            model_name="ledgercheckpoint",
            name="sequence",
            field=models.PositiveIntegerField(null=True, verbose_name="number"),
        ),
        migrations.AddField(
            model_name="ledgercheckpoint",
            name="signing_key",
            field=models.CharField(default="", max_length=16, verbose_name="signing key"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="ledgercheckpoint",
            name="signature",
            field=models.CharField(default="", max_length=100, verbose_name="signature"),
            preserve_default=False,
        ),
        migrations.RunPython(sign_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="ledgercheckpoint",
            name="sequence",
            field=models.PositiveIntegerField(unique=True, verbose_name="number"),
        ),
        migrations.AlterModelOptions(
            name="ledgercheckpoint",
            options={
                "ordering": ["-sequence"],
                "verbose_name": "ledger checkpoint",
                "verbose_name_plural": "ledger checkpoints",
            },
        ),
    ]
