"""Every figure (the complaints' and the signing coverage) costs the same number of
queries for 10 cases as for 1,000: the statistics aggregate in the database."""

import datetime

import pytest

from cases.models import CaseOutcome, CaseState
from ethics_tracker.oversight.figures import Period
from ethics_tracker.oversight.statistics import tables
from tests.factories import EthicsCodeFactory, MemberFactory, UserFactory
from tests.oversight.case_data import Spec, build

pytestmark = pytest.mark.django_db

# The queries of ``statistics.tables``: the complaints' tables take 10 (one each, two for
# the time to acknowledge and to decide); the signing coverage 4 (the main code, its
# versions, one aggregate over the months, one by municipality). When a table is added
# or changes how it counts, this is the one number to update.
FIGURE_QUERIES = 14

YEAR = Period.year(2026)
DAY = datetime.timedelta(days=1)
SANCTIONS = ["none", "warning", "reprimand", "suspension"]


@pytest.fixture
def population(make_version):
    """``population(n)``: n cases over 2026, in every state, with every kind of row the
    figures read: acknowledgements, decisions, appeals and their decisions, cited
    provisions (18 of them), mediation steps, 20 municipalities and unknown members."""
    version = make_version(
        EthicsCodeFactory(), "2026", datetime.date(2025, 1, 1), [(str(n), "") for n in range(1, 19)]
    )
    articles = list(version.provisions.filter(kind="article").order_by("position"))
    members = [MemberFactory(municipality=f"Municipality {n:02d}") for n in range(20)]
    recorder = UserFactory()

    def make(n):
        specs = [_spec(i, version, articles, members) for i in range(n)]
        build(specs, recorder=recorder)

    return make


def _spec(i, version, articles, members) -> Spec:
    received = datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC) + (i % 300) * DAY
    fields = {
        "received_at": received,
        "code_version": version,
        "respondent": members[i % 20] if i % 7 else None,
        "acknowledged_at": received + (i % 5) * DAY,
        "acknowledge_due_on": (received + 3 * DAY).date(),
        "decision_due_on": (received + 60 * DAY).date(),
    }
    spec = Spec(fields, provisions=[articles[i % 18], articles[(i + 5) % 18]][: 1 + i % 2])
    kind = i % 5
    if kind == 0:  # decided, and on appeal every other time
        _decided(spec, received + (20 + i % 50) * DAY, SANCTIONS[i % 4], appealed=i % 2 == 0)
    elif kind == 1:  # through mediation: settled, or investigated after all
        spec.mediation_at = received + 10 * DAY
        settled = i % 2 == 0
        fields["state"] = CaseState.CLOSED if settled else CaseState.INVESTIGATION
        if settled:
            fields.update(outcome=CaseOutcome.SETTLED, closed_at=received + 30 * DAY)
    elif kind == 2:
        fields.update(
            state=CaseState.WITHDRAWN,
            outcome=CaseOutcome.WITHDRAWN,
            closed_at=received + 5 * DAY,
            withdrawn_at=received + 5 * DAY,
        )
    else:
        fields["state"] = [CaseState.ACKNOWLEDGED, CaseState.ASSESSMENT][kind - 3]
    return spec


def _decided(spec, when, sanction, *, appealed):
    outcome = "not_upheld" if sanction == "none" else "upheld"
    spec.fields.update(decided_at=when, outcome=outcome, state=CaseState.DECIDED)
    spec.decisions.append(
        {"body": "panel", "outcome": outcome, "sanction": sanction, "decided_at": when}
    )
    if not appealed:
        return
    spec.appeal_filed_at = when + 5 * DAY
    spec.fields.update(state=CaseState.CLOSED, closed_at=when + 30 * DAY)
    spec.decisions.append(
        {"body": "appeal", "appeal_outcome": "confirmed", "decided_at": when + 30 * DAY}
    )


@pytest.mark.parametrize("cases", [10, 1000])
def test_the_figures_take_the_same_queries_for_10_and_1000_cases(
    population, cases, django_assert_num_queries
):
    population(cases)

    with django_assert_num_queries(FIGURE_QUERIES):
        figures = {table.key: table for table in tables(period=YEAR, code=None)}

    # Every path had rows to count.
    assert sum(row[1] for row in figures["cases-by-state"].rows) == cases
    assert figures["timeliness"].rows[0][1] == cases
    assert figures["timeliness"].rows[1][1] > 0
    assert sum(row[1] for row in figures["sanctions"].rows) > 0
    assert sum(row[1] for row in figures["appeals"].rows) > 0
    assert sum(row[1] for row in figures["mediation"].rows) > 0
    assert figures["cases-by-provision"].rows
