"""``manage.py legal_hold REF (--on | --off) --reason TEXT --user USERNAME``

Puts a case under legal hold (``apply_retention`` never anonymises it) or lifts
the hold. The user must be allowed by the policy (the chair or an administrator);
the change is recorded in the case's history and ledger with the reason.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from cases.models import Case
from cases.services import case_legal_hold_set
from ethics_tracker.core.commands import user_named


class Command(BaseCommand):
    help = "Set or lift the legal hold on a case (protects it from retention)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="the case reference, e.g. ASKO-2026-0042")
        switch = parser.add_mutually_exclusive_group(required=True)
        switch.add_argument("--on", action="store_true", help="put the case under legal hold")
        switch.add_argument("--off", action="store_true", help="lift the legal hold")
        parser.add_argument("--reason", required=True, help="why (recorded in the ledger)")
        parser.add_argument("--user", required=True, metavar="USERNAME", help="who decides")

    def handle(self, *args, reference, on, off, reason, user, **options):
        case = Case.objects.filter(reference=reference).first()
        if case is None:
            raise CommandError(f"No case with the reference {reference}.")
        actor = user_named(user, required=True, active=True)
        try:
            case = case_legal_hold_set(actor=actor, case=case, on=on, reason=reason)
        except PermissionDenied as error:
            raise CommandError(f"{user} may not set a legal hold: {error}") from error
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        state = "on" if case.legal_hold else "off"
        self.stdout.write(self.style.SUCCESS(f"{case.reference}: legal hold {state}."))
