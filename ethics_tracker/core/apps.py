from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_role_permissions(sender, **kwargs):
    from .roles import sync_roles

    sync_roles()


class CoreConfig(AppConfig):
    """The shared floor: policy registry, history helper, outbox, read-access log,
    deadlines, API errors and roles. It imports no app; apps register with it."""

    name = "ethics_tracker.core"
    label = "core"
    verbose_name = _("Shared records")

    def ready(self):
        from . import areas  # noqa: F401  (the rules that are not about one app)

        # Permissions are created per app after migrate; sync the roles once the last
        # installed app has had its turn, so every app's permissions exist by then.
        last = [app for app in apps.get_app_configs() if app.models_module is not None][-1]
        post_migrate.connect(
            _sync_role_permissions, sender=last, dispatch_uid="ethics_tracker.core.sync_roles"
        )
