"""Every ledger event gets a signature: HMAC-SHA256 of its hash with LEDGER_SIGNING_KEY.

New events are signed when appended (``cases.chain.ledger_append``). This migration
signs the events that exist already, with the key configured when it runs: so an
upgrade attests the ledger *as it is at upgrade time* — it proves nothing about what
happened before, only that nothing changed after. (Signing does not repair anything:
an event whose header no longer hashes to its stored hash, or that does not link to
the one before, stays a break.) On PostgreSQL the append-only trigger is switched off
for the signing and on again, in the migration's transaction, as the table's owner.
"""

from django.db import migrations, models

from cases.signing import keyring

BATCH = 2000


def sign_existing(apps, schema_editor):
    event_model = apps.get_model("cases", "LedgerEvent")
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute(
            "ALTER TABLE cases_ledgerevent DISABLE TRIGGER cases_ledgerevent_no_update_delete"
        )
    ring = keyring()
    unsigned = event_model.objects.filter(signature="").order_by("pk")
    while batch := list(unsigned.only("pk", "hash")[:BATCH]):
        for event in batch:
            event.signing_key, event.signature = ring.sign_event(event.hash)
        event_model.objects.bulk_update(batch, ["signing_key", "signature"])
    if postgres:
        schema_editor.execute(
            "ALTER TABLE cases_ledgerevent ENABLE TRIGGER cases_ledgerevent_no_update_delete"
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_case_submission_digest")]

    operations = [
        migrations.AddField(
            model_name="ledgerevent",
            name="signature",
            field=models.CharField(blank=True, max_length=64, verbose_name="signature"),
        ),
        migrations.AddField(
            model_name="ledgerevent",
            name="signing_key",
            field=models.CharField(blank=True, max_length=16, verbose_name="signing key"),
        ),
        migrations.RunPython(sign_existing, migrations.RunPython.noop),
    ]
