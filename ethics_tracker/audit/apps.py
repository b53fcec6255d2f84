from django.apps import AppConfig
from django.db.backends.signals import connection_created
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
        connection_created.connect(sqlite_maintenance_switch, dispatch_uid="audit-maintenance")


def sqlite_maintenance_switch(sender, connection, **kwargs):
    """SQLite's stand-in for PostgreSQL's TRUNCATE switch (audit migration 0003): its
    checkpoint triggers let DELETE through only while ``connection.ledger_maintenance``
    is true, which nothing in the application sets; the test suite sets it so Django
    can empty test databases. (SQLite has no roles: whoever holds the file can drop
    the triggers anyway; the signatures are the lock there.)"""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "ledger_maintenance", 0, lambda: int(getattr(connection, "ledger_maintenance", False))
        )
