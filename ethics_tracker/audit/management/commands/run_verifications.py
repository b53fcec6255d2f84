"""``manage.py run_verifications [--limit N] [--loop [--interval SECONDS]]``

Runs the ledger verifications auditors asked for that are still queued, oldest first:
all of them (the default, for cron), or waiting for new ones (``--loop``, for a
worker). With ``AUDIT_VERIFICATION_RUNNER=thread`` the web process runs them itself;
schedule this anyway, so that a run left queued by a restarted process (or left
running by one that died) is not lost. See ``ethics_tracker/audit/verification_runs``.
"""

import time

from django.core.management.base import BaseCommand

from ethics_tracker.audit.verification_runs import verification_runs_process


class Command(BaseCommand):
    help = "Run the queued ledger verifications auditors asked for."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="at most N runs")
        parser.add_argument("--loop", action="store_true", help="keep waiting for new runs")
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between looks")

    def handle(self, *args, limit, loop, interval, **options):
        while True:
            for run in verification_runs_process(limit=limit):
                self.stdout.write(
                    f"verification {run.pk}: {run.state} ({run.cases_checked} cases, "
                    f"{run.events_checked} events, {len(run.problems)} problems)"
                )
            if not loop:
                return
            time.sleep(interval)
