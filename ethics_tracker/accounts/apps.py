from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff login on top of Django's auth: imports only the shared floor."""

    name = "ethics_tracker.accounts"
    label = "accounts"
    verbose_name = _("Staff login")

    def ready(self):
        from . import checks, policy, sessions  # noqa: F401  (rule, system check, login signal)
