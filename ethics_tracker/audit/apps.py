from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Audit: reads everything, writes nothing of the apps' records (legal hold and
    retention are cases' services, called from here)."""

    name = "ethics_tracker.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self):
        from ethics_tracker.core.policy import Role
        from ethics_tracker.core.roles import grant

        from . import policy  # noqa: F401  (registers the audit rules)

        grant(Role.AUDITOR, "audit.view_*")
