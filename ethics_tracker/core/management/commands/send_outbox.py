import time

from django.core.management.base import BaseCommand

from ethics_tracker.core.outbox import outbox_send_due


class Command(BaseCommand):
    help = "Send queued notification emails, retrying failures with backoff."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500, help="at most this many per pass")
        parser.add_argument(
            "--loop", type=int, default=0, metavar="SECONDS", help="keep running, pausing SECONDS"
        )

    def handle(self, *args, limit, loop, verbosity, **options):
        self.verbosity = verbosity
        while True:
            report = outbox_send_due(limit=limit, progress=self._progress)
            self.stdout.write(
                f"outbox: {report.sent} sent, {report.retried} to retry, {report.failed} failed"
            )
            if not loop:
                return
            time.sleep(loop)

    def _progress(self, message_id, outcome):
        if self.verbosity >= 2:
            self.stdout.write(f"  message {message_id}: {outcome}")
