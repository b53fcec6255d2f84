"""The committee's members, a page for the chair (issue J): who sits in which role and
term, current first; the chair, the secretary and administrators add a membership and
end a term, through the same services as the API and the admin
(``membership_add``, ``membership_end``), each with a reason kept in the history.

Its two forms are in ``cases/forms/memberships.py``.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ethics_tracker.core import calendar, policy

from .. import services
from ..forms.memberships import MembershipAddForm, MembershipEndForm
from ..selectors import memberships as selectors
from .common import apply_service_errors, done_message, redirect_done

DONE_MESSAGES = {
    "added": _("The membership was added."),
    "ended": _("The term was ended."),
}


def _page(request, *, add_form=None, failed=None, status=200):
    """The page; ``failed`` is the membership whose end form (with errors) is shown."""
    may_manage = policy.can(request.user, "committee.manage_members")
    rows = []
    for membership in selectors.committee_memberships():
        open_term = membership.term_end is None or membership.term_end >= calendar.today()
        form = failed[1] if failed and failed[0].pk == membership.pk else None
        if form is None and may_manage and open_term:
            form = MembershipEndForm(membership=membership)
        rows.append({"membership": membership, "end_form": form})
    context = {
        "rows": rows,
        "may_manage": may_manage,
        "add_form": (add_form or MembershipAddForm()) if may_manage else None,
        "done": done_message(request, DONE_MESSAGES),
        "today": calendar.today(),
    }
    return render(request, "cases/committee_members.html", context, status=status)


@never_cache
@login_required
@require_safe
def committee_members(request):
    policy.require(request.user, "committee.view_members")
    return _page(request)


@login_required
@require_POST
def committee_member_add(request):
    policy.require(request.user, "committee.manage_members")
    form = MembershipAddForm(request.POST)
    if form.is_valid():
        try:
            services.membership_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect_done(reverse("cases:committee_members"), "added", "members")
    return _page(request, add_form=form, status=400)


@login_required
@require_POST
def committee_member_end(request, pk):
    policy.require(request.user, "committee.manage_members")
    membership = selectors.membership_get(pk)
    if membership is None:
        raise Http404
    form = MembershipEndForm(request.POST, membership=membership)
    if form.is_valid():
        try:
            services.membership_end(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect_done(reverse("cases:committee_members"), "ended", "members")
    return _page(request, failed=(membership, form), status=400)
