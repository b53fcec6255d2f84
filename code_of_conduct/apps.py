from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodeOfConductConfig(AppConfig):
    name = "code_of_conduct"
    verbose_name = _("Ethics code")
