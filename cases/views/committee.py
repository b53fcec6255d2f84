"""The committee's pages: the case list, the case page, and each action on a case.

Views parse input, call a selector or a service, and render. A case the viewer
may not see — or is recused from — answers 404, as if it did not exist. A step
that is stale or not possible answers 409 with the state the case is really in.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from ethics_tracker.core import calendar, policy
from ethics_tracker.core.access import access_case_view

from .. import panel, selectors, services, workflow
from ..forms import (
    DUE_FILTERS,
    CommitteeCaseFilterForm,
    ConflictForm,
    ConsentForm,
    EvidenceRegisterForm,
    InternalNoteForm,
    RevealForm,
    StaffMessageForm,
    VoteForm,
    panel_forms,
    provision_filter_choices,
    transition_form_class,
)
from ..models import APPEAL_CHOICES, DECISION_CHOICES, Body, CaseState, Vote, VoteChoice
from .common import apply_service_errors, done_message, redirect_done
from .evidence_context import evidence_context
from .hearings_context import hearings_context
from .record_keeping_context import record_keeping_context
from .register_context import register_context
from .threads_context import party_threads_context

DONE_MESSAGES = {
    "seated": gettext_lazy("The panel was updated."),
    "voted": gettext_lazy("Your vote was recorded."),
    "noted": gettext_lazy("The internal note was added."),
    "consent": gettext_lazy("The agreement to mediation was recorded."),
    "revealed": gettext_lazy("The complainant's identity is now shown to the panel."),
}


@login_required
@require_safe
def committee_list(request):
    policy.require(request.user, "case.list_committee")
    filters = CommitteeCaseFilterForm(request.GET).filters()
    # An unknown ?sort= is ignored (the list keeps its own order), never an error.
    sort = selectors.parse_sort(request.GET.get("sort"), selectors.COMMITTEE_SORTS)
    cases = selectors.committee_case_list(viewer=request.user, filters=filters, sort=sort)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    kept = {key: value for key, value in filters.items() if value}
    query = urlencode({**kept, **({"sort": sort.param} if sort else {})})
    context = {
        "page": page,
        "filters": filters,
        "query": query,
        "sort": sort,
        "sort_headers": selectors.sort_headers(sort, selectors.COMMITTEE_SORTS, kept),
        "sort_choices": selectors.sort_choices(selectors.COMMITTEE_SORTS),
        "states": CaseState.choices,
        "due_filters": DUE_FILTERS,
        "members": panel.voting_members(),
        "provision_choices": provision_filter_choices(),
        "today": calendar.today(),
    }
    return render(request, "cases/committee_list.html", context)


def committee_case_or_404(request, reference):
    """The case on the committee's side, or 404 (also when the viewer is recused)."""
    case = selectors.committee_case_get(viewer=request.user, reference=reference)
    if case is None:
        raise Http404
    return case


def case_page_again(request, case, **forms):
    """The case page again with the forms that failed (400). Files are not kept after an
    error: the forms' help says to attach them again."""
    context = case_context(request, case, **forms)
    return render(request, "cases/committee_case.html", context, status=400)


def _vote_choices(case):
    allowed = APPEAL_CHOICES if panel.current_body(case) == Body.APPEAL else DECISION_CHOICES
    return [(choice, VoteChoice(choice).label) for choice in allowed]


# The case page shows several small forms at once; each gets its own id prefix so no two
# fields share an id (the seat and conflict forms both have a "user", two a "reason").
# The panel's forms take theirs from their action (``forms.panel_forms``: seat-…,
# rapporteur-…, unseat-…); the message to the complainant is ``message_…``.
FORM_IDS = {
    "conflict_form": "conflict_%s",
    "vote_form": "vote_%s",
    "note_form": "note_%s",
    "consent_form": "consent_%s",
    "reveal_form": "reveal_%s",
}


def _ids(form_name: str) -> dict:
    return {"auto_id": FORM_IDS[form_name]}


def case_context(request, case, **forms) -> dict:
    """Everything the case page shows the viewer, with empty forms unless given."""
    user = request.user
    can = {
        action: policy.can(user, f"case.{action}", case)
        for action in (
            "manage_panel",
            "vote",
            "declare_conflict",
            "add_internal_note",
            "see_complainant_identity",
            "reveal_identity",
            "record_mediation_consent",
            "act_as_chair",
        )
    }
    panel_status = panel.body_status(case, Body.PANEL)
    appeal_status = panel.body_status(case, Body.APPEAL)
    current = appeal_status if panel.current_body(case) == Body.APPEAL else panel_status
    own_vote = Vote.objects.filter(case=case, body=current.body, voter=user).first()
    vote_initial = {"choice": own_vote.choice, "reasons": own_vote.reasons} if own_vote else None
    context = {
        "case": case,
        "can": can,
        "options": workflow.options_for(case, user),
        "panel_status": panel_status,
        "appeal_status": appeal_status,
        "own_vote": own_vote,
        "decisions": selectors.decisions(case),
        "conflicts": selectors.conflicts(case),
        "notes": selectors.internal_notes(case) if can["add_internal_note"] else [],
        "timeline": selectors.committee_timeline(
            case, show_party_content=can["see_complainant_identity"]
        ),
        "reply_messages": selectors.respondent_reply_messages(case),
        "case_files": case.files.filter(message__isnull=True).order_by("uploaded_at", "id"),
        "due_label": workflow.step_label(case.due_step),
        "acting_chair": panel.acting_chair(case),
        "done": moved_message(request, case) or done_message(request, DONE_MESSAGES),
        "panel_forms": forms.get("panel_forms")
        or (panel_forms(case) if can["manage_panel"] else {}),
        "conflict_form": forms.get("conflict_form") or ConflictForm(**_ids("conflict_form")),
        "vote_form": forms.get("vote_form")
        or VoteForm(choices=_vote_choices(case), initial=vote_initial, **_ids("vote_form")),
        "note_form": forms.get("note_form") or InternalNoteForm(**_ids("note_form")),
        "consent_form": forms.get("consent_form") or ConsentForm(**_ids("consent_form")),
        "reveal_form": forms.get("reveal_form") or RevealForm(**_ids("reveal_form")),
        "sanction_label": workflow.sanction_label,
        **record_keeping_context(user, case, forms),
        **register_context(user, case, forms),
        **hearings_context(request, case, forms),
        **evidence_context(user, case, forms),
        **party_threads_context(user, case, forms),
        **_secretariat_context(user, case, forms.get("message_form"), forms.get("evidence_form")),
    }
    return context


def _secretariat_context(user, case, message_form=None, evidence_form=None) -> dict:
    """The secretariat's part of the case page: the conversation with the complainant
    (read by the secretary and auditors, written by the secretary) and the evidence a
    party sent on paper (added by the secretary)."""
    may_view = policy.can(user, "complaint.view", case)
    may_message = policy.can(user, "complaint.message_complainant", case)
    may_add_evidence = policy.can(user, "complaint.register_evidence", case)
    return {
        "may_view_complaint": may_view,
        "case_messages": selectors.case_messages_for_staff(case) if may_view else [],
        "message_form": (message_form or StaffMessageForm()) if may_message else None,
        "evidence_form": (evidence_form or EvidenceRegisterForm()) if may_add_evidence else None,
    }


@never_cache
@login_required
@require_safe
def committee_case(request, reference):
    case = committee_case_or_404(request, reference)
    access_case_view(request, case)
    return render(request, "cases/committee_case.html", case_context(request, case))


def _back(case, what, anchor=""):
    return redirect_done(reverse("cases:committee_case", args=[case.reference]), what, anchor)


def _moved(case, name):
    """Back to the case page, which then names the step taken and the state it led to."""
    query = urlencode({"done": "moved", "step": name, "state": case.state})
    return redirect(f"{reverse('cases:committee_case', args=[case.reference])}?{query}")


def moved_message(request, case) -> str:
    """Which step was taken and the state it led to, as the redirect names them (only
    known steps and states: the query cannot make the page say anything else)."""
    name, state = request.GET.get("step", ""), request.GET.get("state", "")
    if request.GET.get("done") != "moved" or name not in workflow.STEPS:
        return ""
    if state not in CaseState.values:
        return ""
    return _("%(step)s: %(reference)s is now “%(state)s”.") % {
        "step": workflow.label_of(name),
        "reference": case.reference,
        "state": CaseState(state).label,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def committee_transition(request, reference, name):
    """The form of one step (its note and fields); POST takes the step."""
    case = committee_case_or_404(request, reference)
    if name not in workflow.transition_names():
        raise Http404
    form_class = transition_form_class(name)
    majority = _majority_hint(case, name)
    kwargs = {"note_label": workflow.note_label(name), "case": case}
    if majority:
        field = "appeal_outcome" if name == "decide_appeal" else "outcome"
        kwargs["initial"] = {field: majority}
    form = form_class(request.POST or None, **kwargs)
    status = 200
    conflict = ""
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                moved = services.case_transition(
                    actor=request.user,
                    case=case,
                    name=name,
                    note=form.cleaned_data["note"],
                    expected_state=form.cleaned_data.get("expected_state") or None,
                    **form.fields_for_service(),
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            except (TransitionNotAllowed, ConcurrentTransition) as error:
                status, conflict = 409, str(error)
                case.refresh_from_db()
            else:
                return _moved(moved, name)
    elif workflow.transition_for(case, name) is None:
        status, conflict = 409, _("This step is not possible in the case's current state.")
    context = {
        "case": case,
        "form": form,
        "name": name,
        "label": workflow.label_of(name),
        "unmet": workflow.unmet_conditions(case, name),
        "conflict": conflict,
        "majority": majority,
    }
    return render(request, "cases/committee_transition.html", context, status=status)


def _majority_hint(case, name):
    if name == "decide":
        majority = panel.body_status(case, Body.PANEL).majority
        return workflow.VOTE_OUTCOMES.get(majority)
    if name == "decide_appeal":
        majority = panel.body_status(case, Body.APPEAL).majority
        return workflow.APPEAL_VOTE_OUTCOMES.get(majority)
    return None


def _post_form(request, reference, form_name, form_class, call, done, anchor, form_kwargs=None):
    """Validate a small form on the case page, call the service, come back."""
    case = committee_case_or_404(request, reference)
    kwargs = {**(form_kwargs(case) if form_kwargs else {}), **_ids(form_name)}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(case, form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _back(case, done, anchor)
    return case_page_again(request, case, **{form_name: form})


@login_required
@require_POST
def committee_seat(request, reference):
    """Seat a member, name the rapporteur or remove a member: the form of the action
    asked for (``action``) takes the POST; the service decides who may sit."""
    case = committee_case_or_404(request, reference)
    forms_by_action = panel_forms(case, request.POST)
    form = next(form for form in forms_by_action.values() if form.is_bound)
    if form.is_valid():
        try:
            services.panel_change(
                actor=request.user,
                case=case,
                user=form.cleaned_data["user"],
                action=form.cleaned_data["action"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return _back(case, "seated", "panel")
    return case_page_again(request, case, panel_forms=forms_by_action)


@login_required
@require_POST
def committee_conflict(request, reference):
    declared = {}

    def call(case, data):
        services.conflict_declare(
            actor=request.user, case=case, reason=data["reason"], user=data.get("user")
        )
        declared["reference"] = case.reference

    response = _post_form(
        request, reference, "conflict_form", ConflictForm, call, "conflict", "conflicts"
    )
    if not declared:
        return response
    messages.success(
        request,
        _("The conflict of interest on %(reference)s was recorded.")
        % {"reference": declared["reference"]},
    )
    # Whoever declared their own conflict can no longer see the case: go to the list.
    if not request.POST.get("user"):
        return redirect("cases:committee_list")
    url = reverse("cases:committee_case", args=[declared["reference"]])
    return redirect(f"{url}#conflicts")


@login_required
@require_POST
def committee_vote(request, reference):
    def call(case, data):
        services.vote_cast(
            actor=request.user, case=case, choice=data["choice"], reasons=data["reasons"]
        )

    return _post_form(
        request,
        reference,
        "vote_form",
        VoteForm,
        call,
        "voted",
        "votes",
        form_kwargs=lambda case: {"choices": _vote_choices(case)},
    )


@login_required
@require_POST
def committee_note(request, reference):
    def call(case, data):
        services.internal_note_add(actor=request.user, case=case, body=data["body"])

    return _post_form(request, reference, "note_form", InternalNoteForm, call, "noted", "notes")


@login_required
@require_POST
def committee_consent(request, reference):
    def call(case, data):
        services.mediation_consent_record(
            actor=request.user, case=case, party=data["party"], note=data["note"]
        )

    return _post_form(request, reference, "consent_form", ConsentForm, call, "consent", "mediation")


@login_required
@require_POST
def committee_reveal(request, reference):
    def call(case, data):
        services.identity_reveal(actor=request.user, case=case, reason=data["reason"])

    return _post_form(
        request, reference, "reveal_form", RevealForm, call, "revealed", "complainant"
    )
