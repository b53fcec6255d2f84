"""Load demo data: users for every role and each app's sample content.

Idempotent: running it again adds nothing twice. Each app contributes a
``demo.seed(stdout, users)`` function, called in dependency order.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from cases import demo as cases_demo
from cases import demo_history, demo_register
from code_of_conduct import demo as code_demo
from code_of_conduct import demo_members
from ethics_tracker.core import demo
from ethics_tracker.oversight import demo as oversight_demo


class Command(BaseCommand):
    help = "Create demo users for every role and sample data (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = demo.seed(self.stdout)
        for seed_app in self._app_seeders():
            seed_app(self.stdout, users)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, roles in demo.describe_logins():
            self.stdout.write(f"  {username:<12} {roles}")

    def _app_seeders(self):
        # The past cases before today's, so that references follow the dates.
        seeders = [code_demo.seed, demo_members.seed, demo_history.seed, cases_demo.seed]
        return [*seeders, demo_register.seed, oversight_demo.seed]
