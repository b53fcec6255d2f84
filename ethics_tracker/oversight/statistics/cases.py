"""The complaints' figures for a period (issue K): flow, speed against the deadlines,
outcomes, sanctions, mediation and appeals. Provisions and municipalities are in
``rankings``, the percentiles in ``percentiles``.

Every table is one aggregate query (the speed two, one per deadline), with conditional
counts (``Count(filter=...)``) so that a row per state, month or sanction costs no more
queries; none loads the cases themselves. "In the period" means on one of its local
days in Sofia (``periods.in_period``).
"""

from fractions import Fraction

from django.conf import settings
from django.db.models import Case as Switch
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.events import LedgerKind
from cases.models import (
    AppealOutcome,
    Body,
    Case,
    CaseOutcome,
    CaseState,
    LedgerEvent,
)
from cases.workflow import STATE_ORDER, sanction_label
from code_of_conduct.models import EthicsCode

from ..figures import Chart, Column, Kind, Period, Table
from .percentiles import DaysBetween, speed
from .periods import in_period, months
from .rankings import municipality_table, provision_table

MEDIAN, P90 = Fraction(1, 2), Fraction(9, 10)
BREACHES = [CaseOutcome.UPHELD, CaseOutcome.PARTLY_UPHELD]


def case_tables(*, period: Period, code: EthicsCode | None = None) -> list[Table]:
    """The nine tables of the complaints, in the order the dashboard shows them."""
    cases = of_code(code)
    return [
        by_state_table(cases, period),
        per_month_table(cases, period),
        timeliness_table(cases, period),
        provision_table(cases, period),
        municipality_table(cases, period),
        outcomes_table(cases, period),
        sanctions_table(cases, period),
        mediation_table(cases, period),
        appeals_table(cases, period),
    ]


def of_code(code: EthicsCode | None) -> QuerySet:
    """The cases under ``code`` (their code version's code), or all of them."""
    cases = Case.objects.order_by()
    return cases if code is None else cases.filter(code_version__code=code)


def _label_and_count(key: str, label) -> list[Column]:
    """The row's label (a state, an outcome...) under ``key``, and the count of cases."""
    return [Column(key, label, Kind.LABEL), Column("cases", _("Cases"))]


def by_state_table(cases: QuerySet, period: Period) -> Table:
    counts = cases.filter(in_period("received_at", period)).aggregate(
        **{f"n_{state}": Count("pk", filter=Q(state=state)) for state in STATE_ORDER}
    )
    return Table(
        key="cases-by-state",
        title=_("Cases by state now"),
        columns=_label_and_count("state", _("State")),
        rows=[[CaseState(state).label, counts[f"n_{state}"]] for state in STATE_ORDER],
        note=_("Cases received in the period, by the state they are in today."),
    )


def per_month_table(cases: QuerySet, period: Period) -> Table:
    spans = months(period)
    counts = cases.filter(in_period("received_at", period) | in_period("closed_at", period))
    counts = counts.aggregate(
        **{
            f"received_{i}": Count("pk", filter=in_period("received_at", m))
            for i, m in enumerate(spans)
        },
        **{
            f"closed_{i}": Count("pk", filter=in_period("closed_at", m))
            for i, m in enumerate(spans)
        },
    )
    return Table(
        key="cases-per-month",
        title=_("Cases received and closed per month"),
        columns=[
            Column("month", _("Month"), Kind.LABEL),
            # "figures": a column of counts (plural), not a case's state (singular).
            Column("received", pgettext_lazy("figures", "Received")),
            Column("closed", pgettext_lazy("figures", "Closed")),
        ],
        rows=[
            [span.start.strftime("%m.%Y"), counts[f"received_{i}"], counts[f"closed_{i}"]]
            for i, span in enumerate(spans)
        ],
        chart=Chart.COLUMNS,
        note=_(
            "Cases received in each month, and cases closed in it: decided and closed, "
            "declared inadmissible, settled by mediation, decided on appeal, or withdrawn."
        ),
    )


def timeliness_table(cases: QuerySet, period: Period) -> Table:
    zone = timezone.get_default_timezone()
    acknowledged = speed(
        cases.filter(in_period("acknowledged_at", period)),
        days=DaysBetween("acknowledged_at", "received_at"),
        within=Q(acknowledge_due_on__gte=TruncDate("acknowledged_at", tzinfo=zone)),
        percentiles=[MEDIAN, P90],
    )
    decided = speed(
        cases.filter(in_period("decided_at", period)),
        days=DaysBetween("decided_at", "received_at"),
        within=Q(decision_due_on__gte=TruncDate("decided_at", tzinfo=zone)),
        percentiles=[MEDIAN, P90],
    )
    return Table(
        key="timeliness",
        title=_("Time to acknowledge and to decide"),
        columns=[
            Column("step", _("Step"), Kind.LABEL),
            Column("measured", _("Cases measured")),
            Column("median_days", _("Median (days)"), Kind.DAYS),
            Column("p90_days", _("90th percentile (days)"), Kind.DAYS),
            Column("within", _("Within the deadline")),
            Column("share_within", _("Share within the deadline"), Kind.SHARE),
        ],
        rows=[
            _speed_row(_("Acknowledgement of receipt"), acknowledged),
            _speed_row(_("Decision"), decided),
        ],
        chart_columns=["share_within"],
        note=_(
            "Cases acknowledged (or first decided by the panel) in the period: days from "
            "receipt, and how many kept the deadline set when the case was filed; a case "
            "without a recorded deadline counts as not within it."
        ),
    )


def _speed_row(label, measured) -> list:
    def days(p):
        value = measured.percentiles[p]
        return None if value is None else round(value, 1)

    share = round(measured.within / measured.measured, 4) if measured.measured else None
    return [label, measured.measured, days(MEDIAN), days(P90), measured.within, share]


def outcomes_table(cases: QuerySet, period: Period) -> Table:
    counts = cases.filter(in_period("closed_at", period)).aggregate(
        **{f"n_{o}": Count("pk", filter=Q(outcome=o)) for o in CaseOutcome.values}
    )
    return Table(
        key="outcomes",
        title=_("Outcomes of the cases closed"),
        columns=_label_and_count("outcome", _("Outcome")),
        rows=[[o.label, counts[f"n_{o.value}"]] for o in CaseOutcome],
        note=_("Cases closed (or withdrawn) in the period, by how they ended."),
    )


def final_decisions(cases: QuerySet) -> QuerySet:
    """Each decided case with its final decision: the appeal body's when it decided
    (the panel's outcome and sanction when it confirmed them), else the panel's."""
    cases = cases.annotate(
        panel=FilteredRelation("decisions", condition=Q(decisions__body=Body.PANEL)),
        appeal_body=FilteredRelation("decisions", condition=Q(decisions__body=Body.APPEAL)),
    )
    changed = Q(appeal_body__appeal_outcome=AppealOutcome.CHANGED)
    annulled = Q(appeal_body__appeal_outcome=AppealOutcome.ANNULLED)
    return cases.filter(panel__isnull=False).annotate(
        final_at=Coalesce("appeal_body__decided_at", "panel__decided_at"),
        final_outcome=Switch(
            When(changed, then=F("appeal_body__outcome")),
            When(annulled, then=F("appeal_body__appeal_outcome")),
            default=F("panel__outcome"),
        ),
        final_sanction=Switch(
            When(changed, then=F("appeal_body__sanction")), default=F("panel__sanction")
        ),
    )


def sanctions_table(cases: QuerySet, period: Period) -> Table:
    breaches = final_decisions(cases).filter(
        in_period("final_at", period), final_outcome__in=BREACHES
    )
    counts = breaches.aggregate(
        **{
            f"n_{i}": Count("pk", filter=Q(final_sanction=s))
            for i, s in enumerate(settings.CASES_SANCTIONS)
        }
    )
    return Table(
        key="sanctions",
        title=_("Breaches found, by sanction"),
        columns=_label_and_count("sanction", _("Sanction")),
        rows=[
            [sanction_label(s), counts[f"n_{i}"]] for i, s in enumerate(settings.CASES_SANCTIONS)
        ],
        note=_(
            "Complaints upheld or partly upheld by a final decision taken in the period (the "
            "appeal body's when there was an appeal, else the panel's), by the sanction."
        ),
    )


def mediation_table(cases: QuerySet, period: Period) -> Table:
    entered = LedgerEvent.objects.filter(
        in_period("created_at", period),
        case=OuterRef("pk"),
        kind=LedgerKind.TRANSITION,
        to_state=CaseState.MEDIATION,
    )
    settled, ongoing = Q(outcome=CaseOutcome.SETTLED), Q(state=CaseState.MEDIATION)
    counts = cases.filter(Exists(entered)).aggregate(
        settled=Count("pk", filter=settled),
        not_settled=Count("pk", filter=~settled & ~ongoing),
        ongoing=Count("pk", filter=ongoing),
    )
    return Table(
        key="mediation",
        title=_("Mediation"),
        columns=_label_and_count("result", _("Result")),
        rows=[
            [_("Settled"), counts["settled"]],
            [_("Not settled"), counts["not_settled"]],
            [_("Still in mediation"), counts["ongoing"]],
        ],
        note=_(
            "Cases the chair sent to mediation in the period (the step recorded in the case "
            "ledger): settled, not settled (investigated after all, or withdrawn), or still "
            "in mediation today."
        ),
    )


def appeals_table(cases: QuerySet, period: Period) -> Table:
    # A case has at most one appeal (``Appeal.case`` is one-to-one): counting the cases
    # counts the appeals.
    appealed = cases.filter(in_period("appeal_filed__filed_at", period)).annotate(
        decision=FilteredRelation("decisions", condition=Q(decisions__body=Body.APPEAL))
    )
    counts = appealed.aggregate(
        **{
            f"n_{o}": Count("pk", filter=Q(decision__appeal_outcome=o))
            for o in AppealOutcome.values
        },
        pending=Count("pk", filter=Q(decision__isnull=True)),
    )
    return Table(
        key="appeals",
        title=_("Appeals"),
        columns=[Column("result", _("Result"), Kind.LABEL), Column("appeals", _("Appeals"))],
        rows=[
            *([o.label, counts[f"n_{o.value}"]] for o in AppealOutcome),
            [_("Pending"), counts["pending"]],
        ],
        note=_(
            "Appeals filed in the period, by what the appeal body decided (pending: not "
            "decided yet)."
        ),
    )
