"""Remind before due dates and flag overdue cases; safe to run as often as you like.

Cron, e.g. every morning:  15 7 * * *  cd /srv/ethics && .venv/bin/python manage.py check_deadlines
"""

from django.core.management.base import BaseCommand

from cases.services.reminders import deadlines_check


class Command(BaseCommand):
    help = (
        "Send reminders for case steps due soon and flag overdue cases "
        "(idempotent: nothing is sent or flagged twice)."
    )

    def handle(self, *args, **options):
        report = deadlines_check(progress=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Cases due soon or overdue: {report.cases}; reminders queued: "
                f"{report.reminded}; newly flagged overdue: {report.flagged}."
            )
        )
        self.stdout.write("Run send_outbox (or let its worker run) to deliver the emails.")
