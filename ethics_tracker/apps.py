from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_permissions(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


class EthicsTrackerConfig(AppConfig):
    name = "ethics_tracker"
    verbose_name = _("Ethics tracker")

    def ready(self):
        # Runs after auth has created the permissions of every migrated app.
        post_migrate.connect(
            _sync_role_permissions, sender=self, dispatch_uid="ethics_tracker.sync_roles"
        )
