from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodeOfConductConfig(AppConfig):
    name = "code_of_conduct"
    verbose_name = _("Ethics code")

    def ready(self):
        from ethics_tracker.core.policy import Role
        from ethics_tracker.core.roles import grant

        from . import policy  # noqa: F401  (registers the app's rules)

        grant(
            Role.SECRETARY,
            "code_of_conduct.*_ethicscode",
            "code_of_conduct.*_codeversion",
            "code_of_conduct.*_provision",
            "code_of_conduct.publish_codeversion",
            "code_of_conduct.view_member",
            "code_of_conduct.add_member",
            "code_of_conduct.change_member",
            "code_of_conduct.view_acceptance",
            "code_of_conduct.add_acceptance",
        )
        grant(Role.AUDITOR, "code_of_conduct.view_*")
