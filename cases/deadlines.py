"""Gone: due dates are ``cases.workflow`` (``due_dates``), reminders
``cases.services.reminders``. Only ``step_label`` is left here, for
``cases.views.committee`` until it reads ``workflow.step_label``; delete this
module then."""

from .workflow import step_label  # noqa: F401
