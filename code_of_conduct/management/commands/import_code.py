"""``manage.py import_code FILE --code SLUG --label 2003 [--title ...]``.

Reads a Markdown / plain-text file (format in README, "Ethics code") into a new
draft of the code. A broken file is refused with the line at fault and nothing
is saved. Publishing stays a separate, deliberate step (page, API or admin).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from code_of_conduct.importer import decode_upload
from code_of_conduct.models import EthicsCode
from code_of_conduct.services import code_create, version_import


class Command(BaseCommand):
    help = "Import an ethics code's text from a Markdown/plain-text file into a new draft."

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 Markdown or plain-text file")
        parser.add_argument("--code", required=True, metavar="SLUG", help="the code's short name")
        parser.add_argument("--label", required=True, help="the new version's label, e.g. 2003")
        parser.add_argument("--title", help="the version's title (default: the file's # heading)")
        parser.add_argument(
            "--create-code",
            metavar="TITLE",
            help="create the code with this title if no code has the short name SLUG",
        )
        parser.add_argument("--sample", action="store_true", help="mark the text as sample text")
        parser.add_argument("--user", help="username recorded as the author (default: system)")

    def handle(self, *args, **options):
        text = self._read(Path(options["file"]))
        actor = self._actor(options["user"])
        try:
            with transaction.atomic():  # a code created here goes away with a failed import
                code = self._code(options["code"], options["create_code"], actor)
                version = version_import(
                    actor=actor,
                    code=code,
                    label=options["label"],
                    text=text,
                    title=options["title"],
                    is_sample=options["sample"],
                    progress=self._progress,
                )
        except ValidationError as error:
            raise CommandError(f"{options['file']}: {' '.join(error.messages)}") from error
        count = version.provisions.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {count} provisions into draft {version.label!r} of {code.slug!r}. "
                "Review it, then publish it."
            )
        )

    def _read(self, path: Path) -> str:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        try:
            return decode_upload(data)
        except ValidationError as error:
            raise CommandError(f"{path}: {' '.join(error.messages)}") from error

    def _actor(self, username):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None

    def _code(self, slug: str, create_title: str | None, actor):
        code = EthicsCode.objects.filter(slug=slug).first()
        if code is not None:
            return code
        if not create_title:
            raise CommandError(f"No code with the short name {slug!r}; add --create-code TITLE.")
        return code_create(actor=actor, slug=slug, title=create_title)

    def _progress(self, line: int, total: int, what: str) -> None:
        if self.verbosity >= 1:
            self.stdout.write(f"  line {line}/{total}: {what}")

    def execute(self, *args, **options):
        self.verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)
