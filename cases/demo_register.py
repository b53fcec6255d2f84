"""Three demo decisions in the public register (issue K), published by the chair a few
days after each became final, under the demo clock; called by ``seed_demo`` after the
past cases (``cases.demo_history``). Idempotent: a case already in the register (or
taken out of it by hand) is left alone. Every write is ``decision_publish``.
"""

import datetime

from django.utils import timezone

from ethics_tracker.core.demo import demo_clock

from . import services
from .demo import _filed_before
from .models import DecisionPublication

# (past case's name, member named as the decision orders, anonymised summary)
PUBLISHED = [
    (
        "history-13-closed",
        False,
        "Членът е разпространил от името на общината съобщение, че ремонт на училище е "
        "завършен, докато работите продължават. Комисията приема, че информацията е "
        "подвеждаща и не е поправена след сигнала, и налага порицание.",
    ),
    (
        "history-28-closed",
        True,
        "От официалния профил на общината членът е отговарял на граждани с подигравки и "
        "обиди. Комисията приема, че е нарушено задължението за уважително общуване, и "
        "налага порицание. Решението разпорежда името на члена да бъде публикувано, "
        "защото нарушението е повторено след предупреждение.",
    ),
    (
        "history-36-appeal-changed",
        False,
        "Годишният отчет на общината, разпространен от члена, съдържа числа, които не "
        "отговарят на приетия бюджет. Апелативният състав приема, че нарушението е "
        "частично: грешката е поправена, но със закъснение, и изменя санкцията на "
        "предупреждение.",
    ),
]
REASON = "Решението е окончателно; комисията реши да го публикува."


def seed(stdout, users) -> None:
    chair = users.get("chair")
    made = 0
    for name, named, summary in PUBLISHED:
        filing = _filed_before(name)
        if chair is None or filing is None:
            continue
        case = filing.case
        if DecisionPublication.objects.filter(case=case).exists():
            continue
        if services.publication_refusal(case) is not None:
            continue  # not final (e.g. the plan changed): nothing to publish
        with demo_clock(_a_few_days_after(case.closed_at or case.decided_at)):
            services.decision_publish(
                actor=chair,
                case=case,
                summary=summary,
                provisions=list(case.cited_provisions.all()),
                respondent_named=named,
                reason=REASON,
            )
        made += 1
    stdout.write(f"Demo register: {made} new published decisions (/decisions/)")


def _a_few_days_after(instant):
    return min(instant + datetime.timedelta(days=4), timezone.now())
