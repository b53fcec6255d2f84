"""Public pages of the workflow: how complaints are handled (the diagram), and the
complainant's appeal against a decision."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from .. import services, workflow
from ..forms import AppealForm
from ..views import _apply_service_errors, _back_to_follow, _done, _followed_case


def how_complaints_are_handled(request):
    """The workflow drawn from the state machine itself, and the deadlines in force."""
    context = {
        "diagram": workflow.diagram(),
        "legend": workflow.legend(),
        "deadlines": {
            "acknowledge": settings.CASES_ACKNOWLEDGE_DAYS,
            "admissibility": settings.CASES_ADMISSIBILITY_DAYS,
            "reply": settings.CASES_REPLY_DAYS,
            "decision_months": settings.CASES_DECISION_MONTHS,
            "appeal": settings.CASES_APPEAL_DAYS,
            "time_bar_years": settings.CASES_TIME_BAR_YEARS,
            "working_days": settings.DEADLINE_DAY_COUNTING == "working",
        },
        "quorum": settings.CASES_QUORUM,
        "lay_required": settings.CASES_QUORUM_REQUIRES_LAY,
        "sanctions": [label for _key, label in workflow.sanction_choices()],
    }
    return render(request, "cases/how.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def follow_appeal(request, reference):
    """The complainant appeals the decision, within the appeal period."""
    case, holder = _followed_case(request, reference)
    if case is None:
        return _back_to_follow(reference)
    url = reverse("cases:follow_case", args=[case.reference])
    form = AppealForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.case_transition(
                    actor=holder, case=case, name="appeal", note=form.cleaned_data["grounds"]
                )
            except ValidationError as error:
                _apply_service_errors(form, error)
            except (TransitionNotAllowed, ConcurrentTransition):
                return _done(url, "appeal-too-late")
            else:
                return _done(url, "appealed")
    return render(request, "cases/follow_appeal.html", {"case": case, "form": form}, status=status)
