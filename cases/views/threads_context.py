"""What the pages show of each party's thread with the committee: the committee's case
page (the member's thread, the forms to write to the member and to forward) and the
member's own page (their thread, with the files under the names they see them by)."""

from ethics_tracker.core import policy

from .. import selectors
from ..forms import ForwardForm, RespondentMessageForm, StaffRespondentMessageForm


def party_threads_context(user, case, forms) -> dict:
    """The case page's part: the member's thread (for those who read the complainant's,
    and the acting chair) and the forms to write to the member and to forward."""
    may_view = policy.can(user, "complaint.view_respondent_thread", case)
    thread = list(selectors.respondent_thread(case)) if may_view else []
    if thread:
        reasons = selectors.forward_reasons(case)
        for message in thread:
            message.forward_reason = reasons.get(message.pk, "")
    message_form = forms.get("respondent_message_form")
    forward_form = forms.get("forward_form")
    if policy.can(user, "complaint.message_respondent", case):
        message_form = message_form or StaffRespondentMessageForm()
    else:
        message_form = None
    if policy.can(user, "complaint.forward_message", case):
        forward_form = forward_form or ForwardForm(case=case)
    else:
        forward_form = None
    return {
        "may_view_respondent_thread": may_view,
        "respondent_thread": thread,
        "respondent_message_form": message_form,
        "forward_form": forward_form,
    }


def respondent_thread_context(user, case, extra) -> dict:
    """The member's page: their thread with the committee and the form to write (a
    form shown again with its errors is ``extra["thread_form"]``)."""
    by_message = {}
    for item in selectors.files_for_respondent(case):
        if item.message_id is not None:
            by_message.setdefault(item.message_id, []).append(item)
    thread = list(selectors.respondent_thread(case))
    for message in thread:
        message.respondent_files = by_message.get(message.pk, [])
    form = extra.pop("thread_form", None)
    if form is None and policy.can(user, "case.message_committee_as_respondent", case):
        form = RespondentMessageForm()
    return {"thread": thread, "thread_form": form}
