"""``manage.py ledger_checkpoint [--output FILE] [--user USERNAME]``

Verifies every chain and the stored checkpoints, then records and signs the head
(sequence, hash) of each chain as the next ``LedgerCheckpoint`` and prints (or writes)
the JSON document for auditors to keep outside the system; ``verify_ledger
--checkpoint FILE`` checks against it later. Schedule it daily (README, "Scheduled
jobs"); ``apply_retention`` also takes one after anonymising.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.models import LedgerEvent
from ethics_tracker.audit.checkpoints import checkpoint_json
from ethics_tracker.audit.services import ledger_checkpoint_create
from ethics_tracker.core.commands import Progress, user_named


class Command(BaseCommand):
    help = "Record and sign the head of every ledger chain and output it as a JSON checkpoint."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="FILE", help="write the JSON here (default: stdout)"
        )
        parser.add_argument("--user", metavar="USERNAME", help="who made it (default: system)")

    def handle(self, *args, output, user, verbosity, **options):
        self.verbosity = verbosity
        actor = user_named(user)
        self.total = LedgerEvent.objects.count()
        try:
            checkpoint = ledger_checkpoint_create(
                actor=actor,
                progress=Progress(self, total=self.total, verb="verified", noun="events"),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from error
        text = checkpoint_json(checkpoint)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint {checkpoint.sequence}: {checkpoint.chains} chains, "
                    f"written to {output}."
                )
            )
        else:
            self.stdout.write(text, ending="")
