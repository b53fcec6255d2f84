"""``manage.py export_audit {trail,ledger} --format csv|jsonl [--output FILE]``

Streams the audit trail (every history row of every tracked record) or the case
ledgers to a file or stdout in constant memory, with progress on stderr. The export
is recorded in the read-access log.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from ethics_tracker.audit import exports
from ethics_tracker.audit.trail import TrailFilters
from ethics_tracker.core.access import access_record
from ethics_tracker.core.commands import Progress, user_named
from ethics_tracker.core.models import AccessAction


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from error


class Command(BaseCommand):
    help = "Export the audit trail or the case ledgers as CSV or JSON Lines (streamed)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=exports.KINDS)
        parser.add_argument("--format", dest="fmt", choices=sorted(exports.FORMATS), default="csv")
        parser.add_argument("--output", metavar="FILE", help="default: stdout")
        parser.add_argument("--case", metavar="REF", help="only this case")
        parser.add_argument("--since", metavar="YYYY-MM-DD", help="trail: from this day")
        parser.add_argument("--until", metavar="YYYY-MM-DD", help="trail: up to this day")
        parser.add_argument("--user", metavar="USERNAME", help="who exports (for the access log)")

    def handle(self, *args, kind, fmt, output, case, since, until, user, verbosity, **options):
        self.verbosity = verbosity
        case_obj = self._case(case)
        filters = TrailFilters(
            case_id=case_obj.pk if case_obj else None,
            date_from=_date(since) if since else None,
            date_to=_date(until) if until else None,
        )
        case_ids = [case_obj.pk] if case_obj else None
        if kind == "trail":
            self.total = exports.trail_count(filters)
        else:
            self.total = exports.ledger_count(case_ids=case_ids)
        access_record(
            user=user_named(user),
            action=AccessAction.EXPORT,
            obj=case_obj,
            detail=f"{kind} {fmt} (manage.py export_audit)",
            label="" if user else "manage.py",
        )
        chunks = exports.export_chunks(
            kind,
            fmt,
            filters=filters,
            case_ids=case_ids,
            # The CSV header counts as a row of the stream: progress is approximate.
            progress=Progress(self, total=self.total, verb="exported", noun="rows"),
        )
        self._write(chunks, output)
        if output:
            self.stdout.write(self.style.SUCCESS(f"{self.total} rows written to {output}."))

    def _write(self, chunks, output):
        if not output:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
            return
        with open(output, "w", encoding="utf-8", newline="") as handle:
            for chunk in chunks:
                handle.write(chunk)

    def _case(self, reference):
        if not reference:
            return None
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise CommandError(f"no such case: {reference}")
        return case
