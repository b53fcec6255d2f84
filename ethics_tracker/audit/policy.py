"""Who may read the audit trail and the ledgers, and who may hold a case's data (issue F).

Auditors read everything and change nothing: every audit rule below is a read. The
only write here is the legal hold, which stops retention from anonymising a case.
"""

from cases import panel
from ethics_tracker.core.policy import Role, has_role, rule


@rule("audit.view")
def may_view_audit(user, obj=None) -> bool:
    """The trail, any record's history, the ledgers and their verification."""
    return has_role(user, Role.AUDITOR)


@rule("audit.export")
def may_export_audit(user, obj=None) -> bool:
    return has_role(user, Role.AUDITOR)


@rule("retention.legal_hold")
def may_set_legal_hold(user, case=None) -> bool:
    """Put a case under legal hold (or lift it): the acting chair of the case (the chair,
    or the deputy when the chair is recused; a chair recused from the case may not), or
    an administrator."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_staff:
        return True
    if case is None:
        return has_role(user, Role.COMMITTEE_CHAIR)
    if panel.is_acting_chair(user, case):
        return True
    return has_role(user, Role.COMMITTEE_CHAIR) and not panel.is_recused(user, case)


@rule("audit.verify")
def may_run_verification(user, obj=None) -> bool:
    """Ask for a verification of the whole ledger, run in the background: auditors. It
    writes only the audit's own record of the run, none of the apps' records."""
    return has_role(user, Role.AUDITOR)
