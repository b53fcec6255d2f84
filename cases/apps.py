from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Complaints and cases")

    def ready(self):
        from ethics_tracker.core.policy import Role
        from ethics_tracker.core.roles import grant

        from . import policy  # noqa: F401  (registers the app's rules)

        grant(Role.SECRETARY, "cases.view_case", "cases.add_case")
        grant(Role.COMMITTEE_MEMBER, "cases.view_case")
        grant(Role.COMMITTEE_CHAIR, "cases.view_case")
        grant(Role.AUDITOR, "cases.view_*")
