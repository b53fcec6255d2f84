"""Who may do what with complaints and cases (issues D, E, F).

The complainant has no account: they act as a ``cases.principals.ReceiptHolder``
once they have proved the case's reference and receipt code. Staff act as users
with roles. Issue E extends these rules (panels, recusal, the respondent).
"""

from cases.principals import ReceiptHolder

from . import Role, has_role, rule


def _holds_receipt_for(user, case) -> bool:
    return isinstance(user, ReceiptHolder) and case is not None and user.case_id == case.pk


@rule("complaint.file")
def may_file_complaint(user, obj=None) -> bool:
    """Anyone may complain, with or without an account."""
    return True


@rule("complaint.register")
def may_register_complaint(user, obj=None) -> bool:
    """Record a complaint that arrived on paper or by email."""
    return has_role(user, Role.SECRETARY)


@rule("complaint.list_incoming")
def may_list_incoming(user, obj=None) -> bool:
    return has_role(user, Role.SECRETARY, Role.AUDITOR)


@rule("complaint.view")
def may_view_complaint(user, case=None) -> bool:
    """Read everything about a complaint, including who filed it."""
    return has_role(user, Role.SECRETARY, Role.AUDITOR)


@rule("complaint.message_complainant")
def may_message_complainant(user, case=None) -> bool:
    """Write to the complainant on the committee's behalf."""
    return has_role(user, Role.SECRETARY) and case is not None and case.is_open_for_messages


@rule("case.follow")
def may_follow_case(user, case=None) -> bool:
    """See the complainant's view of the case: status, timeline, messages."""
    return _holds_receipt_for(user, case)


@rule("case.message_committee")
def may_message_committee(user, case=None) -> bool:
    return _holds_receipt_for(user, case) and case.is_open_for_messages


@rule("case.withdraw")
def may_withdraw_case(user, case=None) -> bool:
    return _holds_receipt_for(user, case)


@rule("evidence.download")
def may_download_evidence(user, evidence=None) -> bool:
    if evidence is None:
        return False
    if isinstance(user, ReceiptHolder):
        return user.case_id == evidence.case_id and evidence.visible_to_complainant
    return has_role(user, Role.SECRETARY, Role.AUDITOR)
