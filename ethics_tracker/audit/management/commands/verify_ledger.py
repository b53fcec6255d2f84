"""``manage.py verify_ledger [--case REF ...] [--checkpoint FILE ...] [--stored-checkpoint]``

Checks every case's ledger chain (or the named ones) — links, hashes, the
application's signatures, content — and that every case has its chain; checks the
stored checkpoints (numbered, chained, signed) and each chain against the newest
signed one; names the first break of each broken chain and every break of the
checkpoints, and exits non-zero on any. With files kept outside the system — a
checkpoint from ``ledger_checkpoint`` or the public transparency log
(``/audit/transparency.json``) — it also proves that no chain lost its newest events
and no checkpoint was deleted or rewritten since the file was kept.
"""

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case, LedgerEvent
from ethics_tracker.audit.checkpoints import (
    CheckpointInvalid,
    KeptCheckpoints,
    kept_checkpoints_from_file,
    latest_checkpoint_heads,
    merge_checkpoint_heads,
)
from ethics_tracker.audit.verification import checkpoints_verify, ledger_verify
from ethics_tracker.core.commands import Progress


class Command(BaseCommand):
    help = "Verify the case ledgers and their checkpoints; exit code 1 on any break."

    def add_arguments(self, parser):
        parser.add_argument(
            "--case", action="append", default=[], metavar="REF", help="only this case (repeat)"
        )
        parser.add_argument(
            "--checkpoint",
            "--checkpoint-file",
            dest="checkpoint",
            action="append",
            default=[],
            metavar="FILE",
            help="a file kept outside: a checkpoint from ledger_checkpoint, or the "
            "transparency log (repeat); what it recorded must remain",
        )
        parser.add_argument(
            "--stored-checkpoint",
            action="store_true",
            help="fail when no signed checkpoint is stored (the newest is always used)",
        )

    def handle(self, *args, case, checkpoint, stored_checkpoint, verbosity, **options):
        self.verbosity = verbosity
        kept = self._kept(checkpoint)
        stored_heads = latest_checkpoint_heads()
        if stored_checkpoint and stored_heads is None:
            raise CommandError("no signed checkpoint is stored in the database")
        heads = merge_checkpoint_heads(kept.heads, stored_heads or {})
        cases = self._cases(case)
        ledger_breaks, stored = checkpoints_verify(kept)
        for problem in ledger_breaks:
            self.stdout.write(self.style.ERROR(f"BROKEN {problem}"))
        chains, broken, events = self._verify_chains(cases, heads)
        if broken or ledger_breaks:
            raise CommandError(
                f"{broken} of {chains} chains broken, {len(ledger_breaks)} checkpoint or "
                f"ledger break(s) ({events} events checked)",
                returncode=1,
            )
        files = f" and {len(checkpoint)} kept file(s)" if checkpoint else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"All {chains} chains sound: {events} events checked, "
                f"{stored} signed checkpoint(s){files}."
            )
        )

    def _verify_chains(self, cases, heads) -> tuple[int, int, int]:
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
            elif self.verbosity >= 2:
                self.stdout.write(f"ok {result.reference}: {result.events} events")
        return chains, broken, events

    def _kept(self, files) -> KeptCheckpoints:
        kept = KeptCheckpoints()
        for path in files:
            try:
                kept.add(kept_checkpoints_from_file(path))
            except CheckpointInvalid as error:
                raise CommandError(f"checkpoint {path}: {error}") from error
        return kept

    def _cases(self, references):
        if not references:
            return None
        cases = list(Case.objects.filter(reference__in=references).order_by("id"))
        unknown = sorted(set(references) - {c.reference for c in cases})
        if unknown:
            raise CommandError(f"no such case: {', '.join(unknown)}")
        return cases
