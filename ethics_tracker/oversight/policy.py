"""Who may read the oversight figures, and who writes and publishes the annual report."""

from ethics_tracker.core.policy import Role, has_role, rule

# The board's readers of the figures: the chair, the secretaries and the auditors.
FIGURE_READERS = (Role.COMMITTEE_CHAIR, Role.SECRETARY, Role.AUDITOR)


@rule("oversight.view_dashboard")
def may_view_dashboard(user, obj=None) -> bool:
    """The dashboard, its CSV downloads and the statistics API (any period)."""
    return has_role(user, *FIGURE_READERS)


@rule("report.view")
def may_view_report(user, report=None) -> bool:
    """A published annual report is public; a draft is for the dashboard's readers."""
    if report is not None and report.is_published:
        return True
    return has_role(user, *FIGURE_READERS)


@rule("report.edit")
def may_edit_report(user, report=None) -> bool:
    """The chair writes the report's text and publishes (or unpublishes) it."""
    return has_role(user, Role.COMMITTEE_CHAIR)
