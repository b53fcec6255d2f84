"""``manage.py ledger_checkpoint [--output FILE] [--user USERNAME]``

Verifies every chain, then records the head (sequence, hash) of each in a
``LedgerCheckpoint`` and prints (or writes) the JSON document for auditors to keep
outside the system; ``verify_ledger --checkpoint FILE`` checks against it later.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.models import LedgerEvent
from ethics_tracker.audit.checkpoints import checkpoint_json, ledger_checkpoint_create


class Command(BaseCommand):
    help = "Record the head of every ledger chain and output it as a JSON checkpoint."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="FILE", help="write the JSON here (default: stdout)"
        )
        parser.add_argument("--user", metavar="USERNAME", help="who made it (default: system)")

    def handle(self, *args, output, user, verbosity, **options):
        self.verbosity = verbosity
        actor = self._user(user)
        self.total = LedgerEvent.objects.count()
        try:
            checkpoint = ledger_checkpoint_create(actor=actor, progress=self._progress)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=1) from error
        text = checkpoint_json(checkpoint)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Checkpoint {checkpoint.pk}: {checkpoint.chains} chains, written to {output}."
                )
            )
        else:
            self.stdout.write(text, ending="")

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username}")
        return user

    def _progress(self, checked):
        if self.verbosity >= 1:
            self.stderr.write(f"verified {checked}/{self.total} events", ending="\r")
            if checked >= self.total:
                self.stderr.write("")
