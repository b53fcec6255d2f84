from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsTrackerConfig(AppConfig):
    """The project on top: settings, URLs, the home page, ``seed_demo``.

    It owns no models any more; its migrations stay because databases made before the
    shared floor and audit became apps of their own recorded them (see 0004).
    """

    name = "ethics_tracker"
    verbose_name = _("Ethics tracker")
