from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    """Dashboards, statistics and the annual ethics report (issue K)."""

    name = "ethics_tracker.oversight"
    label = "oversight"
    verbose_name = _("Oversight")

    def ready(self):
        from ethics_tracker.core.policy import Role
        from ethics_tracker.core.roles import grant

        from . import policy  # noqa: F401  (registers the oversight rules)

        grant(Role.AUDITOR, "oversight.view_*")
        grant(Role.COMMITTEE_CHAIR, "oversight.view_*")
