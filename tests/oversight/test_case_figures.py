"""The complaints' figures (issue K) on a crafted data set where every number is known
by hand: counts, medians and 90th percentiles (PostgreSQL's percentile_cont), shares
within the deadlines, the top 15 + the rest, the code filter and the period's edges
(Europe/Sofia; summer time starts on 29 March 2026, so 31 March is UTC+3).

The first quarter of 2026, main code (C1–C11 but C7 and C9; C8 is received before):

    case  received (UTC)     ack  ack due  decided   due       state / outcome          where
    C1    05.01 10:00        +1   08.01 ✓  +30¼ ✓    01.03     closed upheld, warning   Sofia
    C2    10.01 10:00        +2   11.01 ✗  +40  ✓    01.03     closed partly, reprimand Sofia
                                                                (appeal 25.02, confirmed 10.03)
    C3    15.01 10:00        +3   —     ✗  +50  ✗    01.03     appeal (filed 12.03)     Plovdiv
    C4    01.02 10:00        +10  05.02 ✗                      settled by mediation     Plovdiv
    C5    10.02 22:30        +9   19.02 ✗ (00:30 on 20.02 in Sofia) mediation failed    —
    C6    31.03 20:30 (23:30 in Sofia, counts)                 received                 Varna
    C7    31.03 21:10 (00:10 on 1 April in Sofia, does not count)                      Varna
    C8    31.12 21:30 (23:30 in Sofia: 2025)  +5 05.01 ✓ (23:30 on the day)  withdrawn 20.01
    C10   06.01 10:00        +5   09.01 ✗  +20½ ✓    06.02     upheld, suspension; changed on
                                                                appeal to not upheld     Sofia
    C11   20.01 10:00        +3   23.01 ✓                      in mediation             Plovdiv
    C9    another code: upheld, expulsion, Sofia
"""

import datetime

import pytest
from django.utils import translation

from cases.models import CaseOutcome, CaseState
from ethics_tracker.oversight.figures import Chart, Period
from ethics_tracker.oversight.statistics import table, tables
from tests.factories import EthicsCodeFactory, MemberFactory, UserFactory
from tests.oversight.case_data import Spec, build

pytestmark = pytest.mark.django_db

Q1 = Period(datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
DAY = datetime.timedelta(days=1)


def at(month, day, hour=10, minute=0, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def panel(outcome, sanction, when):
    return {"body": "panel", "outcome": outcome, "sanction": sanction, "decided_at": when}


def appeal_body(appeal_outcome, when, outcome="", sanction=""):
    return {
        "body": "appeal",
        "appeal_outcome": appeal_outcome,
        "outcome": outcome,
        "sanction": sanction,
        "decided_at": when,
    }


@pytest.fixture
def codes(make_version):
    main = EthicsCodeFactory(slug="main", title="Main code")
    other = EthicsCodeFactory(slug="other", title="Other code")
    articles = [(str(n), f"Article {n}") for n in range(1, 4)]
    first = make_version(main, "2025", datetime.date(2025, 1, 1), articles)
    second = make_version(other, "B1", datetime.date(2025, 1, 1), articles[:1])
    return main, other, first, second


def closed(outcome, when, **more):
    return {"state": CaseState.CLOSED, "outcome": outcome, "closed_at": when, **more}


@pytest.fixture
def crafted(codes):
    main, other, version, other_version = codes
    art1, art2, art3 = version.provisions.filter(kind="article").order_by("position")
    sofia, plovdiv, varna = (MemberFactory(municipality=m) for m in ("Sofia", "Plovdiv", "Varna"))

    def case(received, *, member=None, ack=None, ack_due=None, decided=None, due=None, **fields):
        return {
            "received_at": received,
            "code_version": version,
            "respondent": member,
            "acknowledged_at": received + ack * DAY if ack is not None else None,
            "acknowledge_due_on": ack_due,
            "decided_at": received + decided * DAY if decided is not None else None,
            "decision_due_on": due,
            **fields,
        }

    march = datetime.date(2026, 3, 1)
    c1, c2, c3 = at(1, 5), at(1, 10), at(1, 15)
    c10 = at(1, 6)
    specs = [
        Spec(
            case(
                c1,
                member=sofia,
                ack=1,
                ack_due=datetime.date(2026, 1, 8),
                decided=30.25,
                due=march,
                **closed(CaseOutcome.UPHELD, at(2, 20)),
            ),
            provisions=[art1, art2],
            decisions=[panel("upheld", "warning", c1 + 30.25 * DAY)],
        ),
        Spec(
            case(
                c2,
                member=sofia,
                ack=2,
                ack_due=datetime.date(2026, 1, 11),
                decided=40,
                due=march,
                **closed(CaseOutcome.PARTLY_UPHELD, at(3, 10)),
            ),
            provisions=[art1],
            decisions=[
                panel("partly_upheld", "reprimand", c2 + 40 * DAY),
                appeal_body("confirmed", at(3, 10)),
            ],
            appeal_filed_at=at(2, 25),
        ),
        Spec(
            case(
                c3,
                member=plovdiv,
                ack=3,
                decided=50,
                due=march,
                state=CaseState.APPEAL,
                outcome=CaseOutcome.NOT_UPHELD,
            ),
            provisions=[art1],
            decisions=[panel("not_upheld", "none", c3 + 50 * DAY)],
            appeal_filed_at=at(3, 12),
        ),
        Spec(
            case(
                at(2, 1),
                member=plovdiv,
                ack=10,
                ack_due=datetime.date(2026, 2, 5),
                **closed(CaseOutcome.SETTLED, at(3, 1)),
            ),
            provisions=[art3],
            mediation_at=at(2, 15),
        ),
        Spec(
            case(
                at(2, 10, 22, 30),
                ack=9,
                ack_due=datetime.date(2026, 2, 19),
                state=CaseState.INVESTIGATION,
            ),
            provisions=[art2],
            mediation_at=at(2, 20),
        ),
        Spec(case(at(3, 31, 20, 30), member=varna)),
        Spec(case(at(3, 31, 21, 10), member=varna)),
        Spec(
            case(
                at(12, 31, 21, 30, year=2025),
                member=sofia,
                ack=5,
                ack_due=datetime.date(2026, 1, 5),
                state=CaseState.WITHDRAWN,
                outcome=CaseOutcome.WITHDRAWN,
                closed_at=at(1, 20),
                withdrawn_at=at(1, 20),
            ),
        ),
        Spec(
            case(
                c10,
                member=sofia,
                ack=5,
                ack_due=datetime.date(2026, 1, 9),
                decided=20.5,
                due=datetime.date(2026, 2, 6),
                **closed(CaseOutcome.NOT_UPHELD, at(2, 20)),
            ),
            provisions=[art2],
            decisions=[
                panel("upheld", "suspension", c10 + 20.5 * DAY),
                appeal_body("changed", at(2, 20), outcome="not_upheld", sanction="none"),
            ],
            appeal_filed_at=at(2, 1),
        ),
        Spec(
            case(
                at(1, 20),
                member=plovdiv,
                ack=3,
                ack_due=datetime.date(2026, 1, 23),
                state=CaseState.MEDIATION,
            ),
            provisions=[art3],
            mediation_at=at(2, 1),
        ),
        Spec(
            case(
                at(1, 20),
                member=sofia,
                ack=1,
                ack_due=datetime.date(2026, 1, 25),
                decided=10,
                due=march,
                code_version=other_version,
                **closed(CaseOutcome.UPHELD, at(2, 1)),
            ),
            provisions=list(other_version.provisions.filter(kind="article")),
            decisions=[panel("upheld", "expulsion", at(1, 30))],
        ),
    ]
    build(specs, recorder=UserFactory())
    return main, other


def figures(key, code=None, period=Q1):
    with translation.override("en"):
        found = table(key, period=period, code=code)
        return found, [
            [str(value) if i == 0 else value for i, value in enumerate(row)] for row in found.rows
        ]


def test_every_table_has_its_key_columns_note_and_chart(crafted):
    with translation.override("en"):
        found = tables(period=Q1, code=crafted[0])
    keys = [t.key for t in found][:9]
    assert keys == [
        "cases-by-state",
        "cases-per-month",
        "timeliness",
        "cases-by-provision",
        "cases-by-municipality",
        "outcomes",
        "sanctions",
        "mediation",
        "appeals",
    ]
    for figure in found[:9]:
        assert str(figure.title) and str(figure.note)
        assert figure.columns[0].kind == "label"
        assert all(len(row) == len(figure.columns) for row in figure.rows)
    assert found[1].chart == Chart.COLUMNS
    assert found[2].chart_columns == ["share_within"]


def test_cases_by_state_counts_the_cases_received_in_the_period_by_state_now(crafted):
    figure, rows = figures("cases-by-state", crafted[0])

    assert [c.key for c in figure.columns] == ["state", "cases"]
    assert rows == [
        ["Received", 1],  # C6 at 23:30 in Sofia on the last day; not C7 at 00:10
        ["Acknowledged", 0],
        ["Admissibility assessment", 0],
        ["Mediation", 1],
        ["Investigation", 1],
        ["Awaiting the member's reply", 0],
        ["Deliberation", 0],
        ["Decided", 0],
        ["Appeal", 1],
        ["Closed", 4],
        ["Withdrawn", 0],  # C8 was received on 31 December in Sofia
    ]


def test_received_and_closed_per_month_count_withdrawn_cases_as_closed(crafted):
    figure, rows = figures("cases-per-month", crafted[0])

    assert [c.key for c in figure.columns] == ["month", "received", "closed"]
    assert rows == [["01.2026", 5, 1], ["02.2026", 2, 2], ["03.2026", 1, 2]]


def test_time_to_acknowledge_and_to_decide_against_the_deadlines(crafted):
    figure, rows = figures("timeliness", crafted[0])

    assert [c.key for c in figure.columns] == [
        "step",
        "measured",
        "median_days",
        "p90_days",
        "within",
        "share_within",
    ]
    # Acknowledged in the quarter after 1, 2, 3, 3, 5, 5, 9, 10 days (C8 received in
    # 2025 counts: it was acknowledged in the period); C1, C8 (at 23:30 on the day it
    # was due) and C11 kept the deadline; C5 (00:30 the day after) and C3 (no due date)
    # did not. Median: (3 + 5) / 2; 90th percentile: 9 + 0.3 × (10 − 9).
    assert rows[0] == ["Acknowledgement of receipt", 8, 4.0, 9.3, 3, 0.375]
    # Decided after 20.5, 30.25, 40, 50 days: median 35.125, p90 40 + 0.7 × 10.
    assert rows[1] == ["Decision", 4, 35.1, 47.0, 3, 0.75]


def test_provisions_and_municipalities_of_the_cases_received(crafted):
    _figure, provisions = figures("cases-by-provision", crafted[0])
    _figure, municipalities = figures("cases-by-municipality", crafted[0])

    assert provisions == [["Art. 1", 3], ["Art. 2", 3], ["Art. 3", 2]]
    assert municipalities == [
        ["Plovdiv", 3],
        ["Sofia", 3],
        ["Varna", 1],
        ["Member not identified", 1],
    ]


def test_outcomes_of_the_cases_closed_in_the_period(crafted):
    _figure, rows = figures("outcomes", crafted[0])

    assert rows == [
        ["Upheld", 1],
        ["Partly upheld", 1],
        ["Not upheld", 1],
        ["Inadmissible", 0],
        ["Withdrawn", 1],
        ["Settled by mediation", 1],
        ["Decision annulled on appeal", 0],
    ]


def test_sanctions_of_the_final_decisions_finding_a_breach(crafted):
    _figure, rows = figures("sanctions", crafted[0])

    # C1's warning; C2's reprimand confirmed on appeal (final on 10 March); C10's
    # suspension changed on appeal to not upheld; C3 not upheld.
    assert rows == [
        ["No sanction", 0],
        ["Recommendation", 0],
        ["Warning", 1],
        ["Reprimand", 1],
        ["Suspension of membership", 0],
        ["Expulsion from the association", 0],
    ]


def test_mediation_and_appeals(crafted):
    _figure, mediation = figures("mediation", crafted[0])
    _figure, appeals = figures("appeals", crafted[0])

    assert mediation == [["Settled", 1], ["Not settled", 1], ["Still in mediation", 1]]
    assert appeals == [
        ["Decision confirmed", 1],
        ["Decision changed", 1],
        ["Decision annulled", 0],
        ["Pending", 1],
    ]


def test_the_code_filter_keeps_the_cases_of_that_code(crafted):
    main, other = crafted

    _f, everything = figures("sanctions", None)
    _f, of_other = figures("sanctions", other)
    _f, states = figures("cases-by-state", other)
    _f, speed = figures("timeliness", None)
    _f, provisions = figures("cases-by-provision", None)

    assert dict(everything)["Expulsion from the association"] == 1
    assert dict(everything)["Warning"] == 1
    assert dict(of_other) == dict(dict(everything), Warning=0, Reprimand=0)
    assert dict(states)["Closed"] == 1 and sum(dict(states).values()) == 1
    # C9 acknowledged after 1 day, within: 1, 1, 2, 3, 3, 5, 5, 9, 10.
    assert speed[0] == ["Acknowledgement of receipt", 9, 3.0, 9.2, 4, 0.4444]
    # Two codes' "Art. 1": each named with its version.
    assert provisions == [
        ["Art. 1 (Sample code 2025)", 3],
        ["Art. 2", 3],
        ["Art. 3", 2],
        ["Art. 1 (Sample code B1)", 1],
    ]


def test_a_period_without_cases_has_zeros_and_nothing_measured(crafted):
    empty = Period(datetime.date(2030, 1, 1), datetime.date(2030, 1, 31))

    _f, speed = figures("timeliness", crafted[0], empty)
    _f, provisions = figures("cases-by-provision", crafted[0], empty)
    _f, municipalities = figures("cases-by-municipality", crafted[0], empty)
    _f, months = figures("cases-per-month", crafted[0], empty)

    assert speed[0] == ["Acknowledgement of receipt", 0, None, None, 0, None]
    assert provisions == []
    assert municipalities == [["Member not identified", 0]]
    assert months == [["01.2030", 0, 0]]


def quick(received, **fields):
    return Spec({"received_at": received, **fields})


@pytest.mark.parametrize(
    ("days", "median", "p90"),
    [
        ([1, 2, 3, 10], 2.5, 7.9),
        (list(range(1, 11)), 5.5, 9.1),
        ([4], 4.0, 4.0),
        ([2, 0.4], 1.2, 1.8),  # 1.2 and 1.84, to one decimal
    ],
)
def test_percentiles_interpolate_as_percentile_cont(days, median, p90):
    build(
        [quick(at(1, 2), acknowledged_at=at(1, 2) + d * DAY) for d in days],
        recorder=UserFactory(),
    )

    _f, rows = figures("timeliness")

    assert rows[0][:4] == ["Acknowledgement of receipt", len(days), median, p90]


def test_the_15_provisions_cited_most_then_the_others_together(make_version):
    code = EthicsCodeFactory()
    version = make_version(
        code, "1", datetime.date(2025, 1, 1), [(str(n), "") for n in range(1, 19)]
    )
    articles = list(version.provisions.filter(kind="article").order_by("position"))
    # Case k cites the articles 1..k: article n is cited by 19 − n cases.
    build(
        [quick(at(1, 2), code_version=version) for _ in articles],
        recorder=UserFactory(),
    )
    cases = list(version.cases.order_by("pk"))
    for k, case in enumerate(cases, start=1):
        case.cited_provisions.set(articles[:k])

    _f, rows = figures("cases-by-provision")

    assert rows[:15] == [[f"Art. {n}", 19 - n] for n in range(1, 16)]
    assert rows[15:] == [["Other provisions", 3 + 2 + 1]]


def test_the_15_municipalities_with_most_cases_then_the_others_then_no_member():
    members = [MemberFactory(municipality=f"M{n:02d}") for n in range(1, 18)]
    sofia = MemberFactory(municipality="Sofia")
    build(
        [
            *(quick(at(1, 2), respondent=member) for member in members),
            *(quick(at(1, 3), respondent=sofia) for _ in range(3)),
            quick(at(1, 4)),
            quick(at(1, 5)),
        ],
        recorder=UserFactory(),
    )

    _f, rows = figures("cases-by-municipality")

    assert rows == [
        ["Sofia", 3],
        *([f"M{n:02d}", 1] for n in range(1, 15)),
        ["Other municipalities", 3],
        ["Member not identified", 2],
    ]
