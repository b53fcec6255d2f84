"""Import historical acceptances from a CSV file (all or nothing; --dry-run only checks)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from code_of_conduct.services.members import IMPORT_COLUMNS, acceptance_import_csv


class Command(BaseCommand):
    help = (
        "Import earlier acceptances of the code from a CSV file with the columns "
        f"{', '.join(IMPORT_COLUMNS)} and an optional note. Nothing is saved unless "
        "every row is valid; every bad row is reported with its line number."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the CSV file (UTF-8)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report; save nothing"
        )
        parser.add_argument(
            "--recorded-by", metavar="USERNAME", help="the account recorded as having imported"
        )

    def handle(self, *args, path, dry_run, recorded_by, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {path}: {error}") from error
        actor = self._actor(recorded_by)
        report = acceptance_import_csv(actor=actor, text=text, dry_run=dry_run)
        for line, message in report.skipped:
            self.stdout.write(f"line {line}: skipped, {message}")
        for line, message in report.errors:
            self.stderr.write(f"line {line}: {message}")
        if not report.ok:
            raise CommandError(f"{len(report.errors)} bad row(s); nothing was saved")
        if dry_run:
            self.stdout.write(f"dry run: {report.valid} row(s) can be imported; nothing saved")
        else:
            self.stdout.write(self.style.SUCCESS(f"imported {report.created} acceptance(s)"))

    def _actor(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"no user named {username!r}") from None
