"""The case page's part for the public register (issue K): whether and where the
decision is published, and the acting chair's forms to publish, correct or take it
out. ``case_context`` (``views.committee``) adds it; ``views.register_actions`` takes
the forms' posts (kept apart so that neither view module imports the other)."""

from ethics_tracker.core import policy

from ..forms.register import PublicationForm, UnpublishForm
from ..models import DecisionPublication
from ..services import final_decision

# Each form's fields get their own ids on the case page (see ``views.committee.FORM_IDS``).
PUBLICATION_IDS = "publish_%s"
UNPUBLISH_IDS = "unpublish_%s"


def publication_of(case) -> DecisionPublication | None:
    return DecisionPublication.objects.filter(case_id=case.pk).first()


def publication_form(case, publication, data=None) -> PublicationForm:
    return PublicationForm(data, case=case, publication=publication, auto_id=PUBLICATION_IDS)


def unpublish_form(data=None) -> UnpublishForm:
    return UnpublishForm(data, auto_id=UNPUBLISH_IDS)


def register_context(user, case, forms) -> dict:
    """The publication block: shown to whoever sees the case once it has a final
    decision (or an entry); the forms only to the acting chair."""
    if not policy.can(user, "decision.see_publication", case):
        return {"show_publication": False}
    publication = publication_of(case)
    has_final = final_decision(case) is not None
    may_publish = has_final and policy.can(user, "decision.publish", case)
    return {
        "show_publication": has_final or publication is not None,
        "publication": publication,
        "may_publish": may_publish,
        "may_unpublish": policy.can(user, "decision.publish", case),
        "publication_form": forms.get("publication_form")
        or (publication_form(case, publication) if may_publish else None),
        "unpublish_form": forms.get("unpublish_form") or unpublish_form(),
    }
