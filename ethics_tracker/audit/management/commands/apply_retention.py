"""``manage.py apply_retention [--dry-run] [--user USERNAME]``

Anonymises the personal data of every closed or withdrawn case past its retention
period (``RETENTION_DAYS_BY_OUTCOME``, counted from closure) unless a legal hold is
on it. See ``cases/services/retention.py``. Safe to schedule daily. When it
anonymised anything, it then takes a signed ledger checkpoint (``ledger_checkpoint``),
so the anonymisation events are vouched for at once.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cases.services.retention import retention_apply
from ethics_tracker.audit.services import ledger_checkpoint_create
from ethics_tracker.audit.verification import ledger_verify_case
from ethics_tracker.core.commands import user_named


class Command(BaseCommand):
    help = "Anonymise the personal data of closed cases past their retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="list the cases that are due; change nothing"
        )
        parser.add_argument("--user", metavar="USERNAME", help="who runs it (default: system)")

    def handle(self, *args, dry_run, user, **options):
        self.dry_run = dry_run
        actor = user_named(user)
        done, refused = retention_apply(
            actor=actor,
            dry_run=dry_run,
            report=self._report,
            verify_chain=ledger_verify_case,
        )
        verb = "would be anonymised" if dry_run else "anonymised"
        self.stdout.write(self.style.SUCCESS(f"{done} case(s) {verb}."))
        if done and not dry_run:
            self._checkpoint(actor)
        if refused:
            raise CommandError(f"{refused} case(s) refused (see above)", returncode=1)

    def _checkpoint(self, actor):
        try:
            checkpoint = ledger_checkpoint_create(actor=actor)
        except ValidationError as error:
            self.stdout.write(self.style.ERROR(f"no checkpoint: {error.messages[0]}"))
            return
        self.stdout.write(f"Ledger checkpoint {checkpoint.sequence} taken.")

    def _report(self, result, case):
        if isinstance(result, ValidationError):
            self.stdout.write(self.style.ERROR(f"refused {case.reference}: {result.messages[0]}"))
            return
        closed = timezone.localtime(result.closed_at).date().isoformat()
        prefix = "due" if self.dry_run else "anonymised"
        self.stdout.write(
            f"{prefix} {result.reference} ({result.outcome or '-'}, closed {closed}): "
            f"{result.messages} message(s), {result.files} file(s), "
            f"{len(result.ledger_events)} ledger event(s) redacted"
        )
