"""Who may do what with complaints and cases (issues D, E, F).

Registered in ``CasesConfig.ready()``. The complainant has no account: they act as a
``cases.principals.ReceiptHolder``
once they have proved the case's reference and receipt code. Staff act as users
with roles; on the committee, roles come from ``CommitteeMembership`` (chair,
deputy chair, member, secretary, lay member, each for a term). The respondent is
the member whose profile the case names.

Recusal comes first: a person recused from a case (a declared conflict, or being
its complainant or respondent) is refused everything on the committee's side,
and the pages answer 404 as if the case did not exist. The chair's actions fall
to the deputy chair when the chair is recused (``cases.panel.acting_chair``).
"""

from code_of_conduct.policy import member_of
from ethics_tracker.core import calendar
from ethics_tracker.core.policy import Role, has_role, rule

from . import panel, workflow
from .models import CaseState
from .principals import ReceiptHolder


def _holds_receipt_for(user, case) -> bool:
    return isinstance(user, ReceiptHolder) and case is not None and user.case_id == case.pk


def _committee_roles(user) -> frozenset[str]:
    if isinstance(user, ReceiptHolder):
        return frozenset()
    return panel.committee_roles(user)


def _is_secretary(user) -> bool:
    return has_role(user, Role.SECRETARY) or "secretary" in _committee_roles(user)


def _recused(user, case) -> bool:
    return not isinstance(user, ReceiptHolder) and panel.is_recused(user, case)


def _is_respondent(user, case) -> bool:
    member = None if isinstance(user, ReceiptHolder) else member_of(user)
    return member is not None and case is not None and case.respondent_id == member.pk


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
    """Read everything about a complaint, including who filed it (not when recused)."""
    if not has_role(user, Role.SECRETARY, Role.AUDITOR):
        return False
    return case is None or not _recused(user, case)


@rule("complaint.message_complainant")
def may_message_complainant(user, case=None) -> bool:
    """Write to the complainant on the committee's behalf."""
    return has_role(user, Role.SECRETARY) and case is not None and case.is_open_for_messages


@rule("complaint.register_evidence")
def may_register_evidence(user, case=None) -> bool:
    """Add to the case evidence a party sent on paper or by email (scanned), while the
    case is open: the secretary, unless recused."""
    return (
        has_role(user, Role.SECRETARY)
        and case is not None
        and case.is_open_for_messages
        and not _recused(user, case)
    )


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
    if _is_respondent(user, evidence.case):
        return _file_shown_to_respondent(evidence)
    if _recused(user, evidence.case):
        return False
    return has_role(user, Role.SECRETARY, Role.AUDITOR) or may_view_committee_case(
        user, evidence.case
    )


def _file_shown_to_respondent(evidence) -> bool:
    """Their own files always; the rest (their conversation, what the committee shared
    with them: ``EvidenceFile.visible_to_respondent``) once they are asked to reply."""
    if evidence.uploaded_by_party == "respondent":
        return True
    return evidence.case.reply_requested_at is not None and evidence.visible_to_respondent


# --- the committee's side (issue E) ---------------------------------------------------


@rule("case.list_committee")
def may_list_committee_cases(user, obj=None) -> bool:
    """The committee's case list: committee members, the secretary, auditors."""
    if isinstance(user, ReceiptHolder) or not getattr(user, "is_authenticated", False):
        return False
    return bool(_committee_roles(user)) or has_role(user, Role.SECRETARY, Role.AUDITOR)


def _sees_every_case(user) -> bool:
    roles = _committee_roles(user)
    return bool(roles.intersection({"chair", "deputy_chair", "secretary"})) or has_role(
        user, Role.SECRETARY, Role.AUDITOR
    )


@rule("case.view_committee")
def may_view_committee_case(user, case=None) -> bool:
    """The committee's page of a case: the chair, deputy, secretary and auditors see
    every case; other members the cases on whose panel they sit. Never when recused."""
    if case is None or not may_list_committee_cases(user) or _recused(user, case):
        return False
    return _sees_every_case(user) or panel.sits_on(user, case)


@rule("case.act_as_chair")
def may_act_as_chair(user, case=None) -> bool:
    return (
        case is not None
        and not isinstance(user, ReceiptHolder)
        and (panel.is_acting_chair(user, case))
    )


@rule("case.acknowledge")
def may_acknowledge(user, case=None) -> bool:
    if case is None or isinstance(user, ReceiptHolder):
        return False
    return (_is_secretary(user) and not _recused(user, case)) or may_act_as_chair(user, case)


@rule("case.manage_panel")
def may_manage_panel(user, case=None) -> bool:
    """Seat members, name the rapporteur: the acting chair, before the decision
    (the panel) or during the appeal (the appeal body)."""
    return may_act_as_chair(user, case) and case.state in workflow.PANEL_OPEN_STATES


@rule("case.vote")
def may_vote(user, case=None) -> bool:
    """A seated, non-recused member of the body deciding now."""
    if case is None or not may_view_committee_case(user, case):
        return False
    body = panel.voting_body(case)
    return body is not None and panel.sits_on(user, case, body)


@rule("case.declare_conflict")
def may_declare_conflict(user, case=None) -> bool:
    """A committee member declares their own conflict (the chair may record one for
    another member). Open until the case is closed."""
    if case is None or case.state in (CaseState.CLOSED, CaseState.WITHDRAWN):
        return False
    return bool(_committee_roles(user)) and may_view_committee_case(user, case)


@rule("case.add_internal_note")
def may_add_internal_note(user, case=None) -> bool:
    return may_view_committee_case(user, case) and (
        bool(_committee_roles(user)) or _is_secretary(user)
    )


@rule("case.see_complainant_identity")
def may_see_complainant_identity(user, case=None) -> bool:
    """Confidential complainants: only the chair and the secretary (and auditors)
    until revealing the identity to the committee is approved and recorded."""
    if case is None or not may_view_committee_case(user, case) or case.is_anonymous:
        return False
    if not case.confidentiality_requested or case.identity_revealed_at is not None:
        return True
    roles = _committee_roles(user)
    return (
        "chair" in roles
        or _is_secretary(user)
        or has_role(user, Role.AUDITOR)
        or may_act_as_chair(user, case)
    )


@rule("case.reveal_identity")
def may_reveal_identity(user, case=None) -> bool:
    return (
        case is not None
        and case.confidentiality_requested
        and not case.is_anonymous
        and case.identity_revealed_at is None
        and may_act_as_chair(user, case)
    )


@rule("case.record_mediation_consent")
def may_record_mediation_consent(user, case=None) -> bool:
    if case is None or case.state != CaseState.ASSESSMENT:
        return False
    return may_act_as_chair(user, case) or (_is_secretary(user) and not _recused(user, case))


# --- the respondent's side ---------------------------------------------------------------


@rule("case.view_as_respondent")
def may_view_as_respondent(user, case=None) -> bool:
    """The member complained about sees the case once asked to reply."""
    return _is_respondent(user, case) and case.reply_requested_at is not None


@rule("case.reply")
def may_reply(user, case=None) -> bool:
    return (
        may_view_as_respondent(user, case)
        and case.state == CaseState.AWAITING_RESPONSE
        and case.reply_received_at is None
        and case.reply_due_on is not None
        and calendar.today() <= case.reply_due_on
    )


@rule("case.appeal")
def may_appeal(user, case=None) -> bool:
    """Either party: the complainant (with the receipt code) or the respondent."""
    return _holds_receipt_for(user, case) or _is_respondent(user, case)


@rule("case.view_every_committee_case")
def may_view_every_committee_case(user, obj=None) -> bool:
    """The chair, the deputy chair, the secretary and auditors see every case (but
    those they are recused from); other members only their panels' cases."""
    if isinstance(user, ReceiptHolder) or not getattr(user, "is_authenticated", False):
        return False
    return _sees_every_case(user)


@rule("case.list_as_respondent")
def may_list_own_cases(user, obj=None) -> bool:
    """Members see the list of complaints about them (often empty)."""
    return not isinstance(user, ReceiptHolder) and member_of(user) is not None


# --- the committee's memberships (issue J) ------------------------------------------------


def _staff_account(user) -> bool:
    return (
        not isinstance(user, ReceiptHolder)
        and getattr(user, "is_authenticated", False)
        and user.is_active
    )


@rule("committee.view_members")
def may_view_committee_members(user, obj=None) -> bool:
    """Who sits on the committee, in which role and term: the committee's people today
    (members, lay members, the secretary), the secretariat, auditors and administrators."""
    if not _staff_account(user):
        return False
    return (
        user.is_superuser
        or bool(_committee_roles(user))
        or has_role(user, Role.SECRETARY, Role.AUDITOR)
    )


@rule("committee.manage_members")
def may_manage_committee_members(user, obj=None) -> bool:
    """Add a membership or end a term: the chair of today, the secretary (of the
    secretariat or of the committee) and administrators."""
    if not _staff_account(user):
        return False
    return user.is_superuser or "chair" in _committee_roles(user) or _is_secretary(user)


# --- hearings (issue J) -------------------------------------------------------------------

# The states in which the body may hear the parties: the panel before it decides, the
# appeal body during the appeal (``panel.current_body`` says which).
HEARING_STATES = frozenset(
    {
        CaseState.INVESTIGATION,
        CaseState.AWAITING_RESPONSE,
        CaseState.DELIBERATION,
        CaseState.APPEAL,
    }
)


def _is_rapporteur_now(user, case) -> bool:
    body = panel.current_body(case)
    return (
        not _recused(user, case)
        and case.seats.filter(body=body, user_id=user.pk, is_rapporteur=True).exists()
    )


@rule("hearing.manage")
def may_manage_hearings(user, case=None) -> bool:
    """Move, cancel a hearing, record its attendance and minutes: the acting chair, the
    rapporteur of the body sitting now, or the secretary (unless recused); until the
    case is over."""
    if case is None or not _staff_account(user) or _recused(user, case):
        return False
    if case.state in (CaseState.CLOSED, CaseState.WITHDRAWN):
        return False
    return may_act_as_chair(user, case) or _is_secretary(user) or _is_rapporteur_now(user, case)


@rule("hearing.schedule")
def may_schedule_hearing(user, case=None) -> bool:
    """Schedule a hearing: the same people, while the body still examines the case."""
    return may_manage_hearings(user, case) and case.state in HEARING_STATES


@rule("hearing.read_minutes")
def may_read_hearing_minutes(user, case=None) -> bool:
    """The minutes and attendance are the committee's: whoever sees the committee's
    case page, unless the minutes could name a confidential complainant they may not
    know. The parties never read them."""
    if not may_view_committee_case(user, case):
        return False
    if case.confidentiality_requested and case.identity_revealed_at is None:
        return may_see_complainant_identity(user, case)
    return True


@rule("hearing.ask_reschedule")
def may_ask_hearing_moved(user, hearing=None) -> bool:
    """An invited party asks to move a scheduled hearing that has not begun (once: the
    service refuses a second ask with a reason)."""
    if hearing is None or hearing.state != "scheduled":
        return False
    case = hearing.case
    if case.state in (CaseState.CLOSED, CaseState.WITHDRAWN):
        return False
    if _holds_receipt_for(user, case):
        return hearing.invite_complainant
    return hearing.invite_respondent and may_view_as_respondent(user, case)


@rule("hearing.demand")
def may_demand_hearing(user, case=None) -> bool:
    """The member complained about asks for a hearing before the panel decides (the
    service refuses it where the setting ``HEARING_ON_DEMAND`` is off)."""
    return may_view_as_respondent(user, case) and case.state in (
        CaseState.AWAITING_RESPONSE,
        CaseState.DELIBERATION,
    )


# --- evidence shared with the respondent (issue J) -----------------------------------------


@rule("evidence.share")
def may_share_evidence(user, case=None) -> bool:
    """Choose, file by file, what the respondent may see: the secretary or the acting
    chair, unless recused; not once the case's personal data is anonymised."""
    if case is None or isinstance(user, ReceiptHolder) or case.anonymised_at is not None:
        return False
    return (_is_secretary(user) and not _recused(user, case)) or may_act_as_chair(user, case)


@rule("evidence.add_redacted_copy")
def may_add_redacted_copy(user, case=None) -> bool:
    """Upload a copy of a file with what identifies the complainant removed: the
    secretary, unless recused, while the case is open."""
    if case is None or isinstance(user, ReceiptHolder) or case.anonymised_at is not None:
        return False
    return _is_secretary(user) and not _recused(user, case) and case.is_open_for_messages


# --- each party's thread with the committee, and forwarding (issue J, A) -----------------


def _writes_for_committee(user, case) -> bool:
    """The secretary (unless recused) or the acting chair of the case."""
    if case is None or isinstance(user, ReceiptHolder):
        return False
    return (_is_secretary(user) and not _recused(user, case)) or may_act_as_chair(user, case)


@rule("case.message_committee_as_respondent")
def may_message_committee_as_respondent(user, case=None) -> bool:
    """The member complained about writes to the committee (with files) once asked to
    reply, while the case is open; apart from their one formal reply."""
    return may_view_as_respondent(user, case) and case.is_open_for_messages


@rule("complaint.view_respondent_thread")
def may_view_respondent_thread(user, case=None) -> bool:
    """Read the committee's conversation with the member: those who read the
    complainant's (the secretary, auditors) and the acting chair; never when recused."""
    if case is None or isinstance(user, ReceiptHolder):
        return False
    return may_view_complaint(user, case) or may_act_as_chair(user, case)


@rule("complaint.message_respondent")
def may_message_respondent(user, case=None) -> bool:
    """Write to the member on the committee's behalf, once they were asked to reply
    (before that they cannot see the case), while the case is open."""
    return (
        _writes_for_committee(user, case)
        and case.respondent_id is not None
        and case.reply_requested_at is not None
        and case.is_open_for_messages
    )


@rule("complaint.forward_message")
def may_forward_message(user, case=None) -> bool:
    """Pass a party's message on to the other party (possibly edited), once the member
    takes part (asked to reply), while the case is open."""
    return (
        _writes_for_committee(user, case)
        and case.respondent_id is not None
        and case.reply_requested_at is not None
        and case.is_open_for_messages
    )


# --- linking an unlisted respondent (issue J) -----------------------------------------------


@rule("case.link_respondent")
def may_link_respondent(user, case=None) -> bool:
    """Link a complaint to the member it names (or register them): the secretary or the
    acting chair, unless recused. Whether the case still allows it is the service's
    answer (``respondent_link_refusal``), with the reason."""
    if case is None or isinstance(user, ReceiptHolder):
        return False
    return (_is_secretary(user) and not _recused(user, case)) or may_act_as_chair(user, case)


# --- the public register of decisions (issue K) --------------------------------------------


@rule("decision.publish")
def may_publish_decision(user, case=None) -> bool:
    """Publish the case's decision in the public register, correct or take it out: the
    acting chair of the case (whether the decision allows it is the service's answer)."""
    return may_act_as_chair(user, case)


@rule("decision.see_publication")
def may_see_publication(user, case=None) -> bool:
    """Whether and where the case's decision is published: whoever sees its page."""
    return may_view_committee_case(user, case)
