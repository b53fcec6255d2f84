"""The public register of decisions (issue K), open to everyone without signing in:
the list of published decisions with its search (provision, year, words of the
summary), a page per decision, and an Atom feed of the latest.

Each entry shows only what ``DecisionPublication`` holds (never the case: no
reference, no complainant, no municipality); a decision taken out of the register, or
never published, answers 404. Reading these anonymised pages is not logged.
"""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from .. import selectors
from ..forms.register import RegisterFilterForm, register_provision_choices

PAGE_SIZE = 20
FEED_SIZE = 50


def _labelled(entries):
    """The entries with the labels the pages show (outcome, sanction, appeal)."""
    for entry in entries:
        entry.outcome_label = selectors.outcome_label(entry)
        entry.sanction_label = selectors.entry_sanction_label(entry)
        entry.appeal_outcome_label = selectors.appeal_outcome_label(entry)
    return entries


@require_safe
def register_list(request):
    filters = RegisterFilterForm(request.GET).filters()
    entries = selectors.published_decisions(
        year=filters["year"] or None, provision=filters["provision"], text=filters["q"]
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    _labelled(page.object_list)
    kept = {key: value for key, value in filters.items() if value}
    context = {
        "page": page,
        "filters": filters,
        "query": urlencode(kept),
        "years": [(str(year), str(year)) for year in selectors.register_years()],
        "provision_choices": register_provision_choices(),
        "newest_first": True,
    }
    return render(request, "cases/register_list.html", context)


@require_safe
def register_decision(request, year, number):
    entry = selectors.published_decision(year=year, number=number)
    if entry is None:
        raise Http404
    _labelled([entry])
    return render(request, "cases/register_decision.html", {"entry": entry})


class RegisterAtomFeed(Atom1Feed):
    """Atom with each entry's summary of the reasoning as its ``<content>``."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("content", item["content"], {"type": "text"})


class RegisterFeed(Feed):
    feed_type = RegisterAtomFeed
    title = gettext_lazy("Published decisions of the ethics committee")
    subtitle = gettext_lazy("Anonymised summaries of the committee's final decisions.")

    def link(self):
        return reverse("register:list")

    def items(self):
        return _labelled(list(selectors.published_decisions()[:FEED_SIZE]))

    def item_title(self, entry):
        title = _("Decision %(number)s: %(outcome)s") % {
            "number": entry.register_number,
            "outcome": entry.outcome_label,
        }
        # The member is named only when the decision orders it (as on the page).
        named = entry.respondent_named and entry.respondent_name
        return f"{title} — {entry.respondent_name}" if named else title

    def item_description(self, entry):
        """The facts in one line: the date, the sanction, the appeal, the provisions."""
        facts = [entry.decided_on.isoformat(), entry.sanction_label, entry.appeal_outcome_label]
        facts += [provision.full_citation for provision in entry.provisions.all()]
        return " · ".join(fact for fact in facts if fact)

    def item_link(self, entry):
        return entry.get_absolute_url()

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.published_at

    def item_extra_kwargs(self, entry):
        return {"content": entry.summary}


register_feed = require_safe(RegisterFeed())
