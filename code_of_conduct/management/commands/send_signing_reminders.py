"""Queue reminders to every active member who has not signed a version in force.

Safe to schedule daily: each member gets at most one reminder per version per day.
"""

from django.core.management.base import BaseCommand

from code_of_conduct.selectors.members import versions_in_force
from code_of_conduct.services.members import reminder_send


class Command(BaseCommand):
    help = "Queue signing reminders (through the outbox) for every version in force."

    def add_arguments(self, parser):
        parser.add_argument("--code", metavar="SLUG", help="only this code")

    def handle(self, *args, code, **options):
        versions = versions_in_force()
        if code:
            versions = versions.filter(code__slug=code)
        for version in versions:
            report = reminder_send(actor=None, version=version)
            self.stdout.write(
                f"{version.code.slug} {version.label}: {report.queued} queued, "
                f"{report.already_reminded} already reminded today, "
                f"{report.without_email} without email"
            )
