"""``manage.py verify_ledger [--case REF ...] [--checkpoint FILE ...]``

Checks every case's ledger chain (or the named ones) and names the first broken link
of each broken chain; exits non-zero when any chain is broken. With checkpoint files
(from ``ledger_checkpoint``) it also proves that no chain lost its newest events.
"""

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case, LedgerEvent
from ethics_tracker.audit.checkpoints import (
    CheckpointInvalid,
    checkpoint_heads_from_file,
    latest_checkpoint_heads,
    merge_checkpoint_heads,
)
from ethics_tracker.audit.verification import ledger_verify
from ethics_tracker.core.commands import Progress


class Command(BaseCommand):
    help = "Verify the hash chains of the case ledgers; exit code 1 on any break."

    def add_arguments(self, parser):
        parser.add_argument(
            "--case", action="append", default=[], metavar="REF", help="only this case (repeat)"
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a checkpoint JSON file from ledger_checkpoint (repeat); its heads must remain",
        )
        parser.add_argument(
            "--stored-checkpoint",
            action="store_true",
            help="also check against the newest checkpoint stored in the database",
        )

    def handle(self, *args, case, checkpoint, stored_checkpoint, verbosity, **options):
        self.verbosity = verbosity
        heads = self._heads(checkpoint, stored_checkpoint)
        cases = self._cases(case)
        query = LedgerEvent.objects.all()
        if cases is not None:
            query = query.filter(case__in=cases)
        self.total = query.count()
        chains = broken = events = 0
        for result in ledger_verify(
            cases=cases,
            checkpoint_heads=heads,
            progress=Progress(self, total=self.total, verb="checked", noun="events"),
        ):
            chains += 1
            events += result.events
            if not result.ok:
                broken += 1
                self.stdout.write(self.style.ERROR(f"BROKEN {result.first_break}"))
            elif verbosity >= 2:
                self.stdout.write(f"ok {result.reference}: {result.events} events")
        if broken:
            raise CommandError(
                f"{broken} of {chains} chains broken ({events} events checked)", returncode=1
            )
        checked = f" and {len(checkpoint)} checkpoint file(s)" if checkpoint else ""
        self.stdout.write(
            self.style.SUCCESS(f"All {chains} chains sound: {events} events checked{checked}.")
        )

    def _heads(self, files, stored) -> dict:
        found = []
        for path in files:
            try:
                found.append(checkpoint_heads_from_file(path))
            except CheckpointInvalid as error:
                raise CommandError(f"checkpoint {path}: {error}") from error
        if stored:
            latest = latest_checkpoint_heads()
            if latest is None:
                raise CommandError("no valid checkpoint is stored in the database")
            found.append(latest)
        return merge_checkpoint_heads(*found)

    def _cases(self, references):
        if not references:
            return None
        cases = list(Case.objects.filter(reference__in=references).order_by("id"))
        unknown = sorted(set(references) - {c.reference for c in cases})
        if unknown:
            raise CommandError(f"no such case: {', '.join(unknown)}")
        return cases
