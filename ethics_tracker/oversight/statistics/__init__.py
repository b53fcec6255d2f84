"""The figures of the ethics system for a period (and optionally one code), as tables.

Every figure is computed in the database (aggregates, annotations, window functions),
never by loading cases into Python, with a fixed number of queries whatever the number
of cases (tests/oversight count them for 10 and 1,000 cases).

``cases`` holds the complaints' figures (flow, speed against the deadlines, provisions,
municipalities, outcomes, sanctions, mediation, appeals); ``signing`` the signing
coverage of the code in force. ``tables()`` is what the dashboard, the CSV downloads,
the statistics API and the annual report all read.
"""

from code_of_conduct.models import EthicsCode

from ..figures import Period, Table
from .cases import case_tables
from .signing import signing_tables


def tables(*, period: Period, code: EthicsCode | None = None) -> list[Table]:
    """Every table, in the order the dashboard and the report show them."""
    return [*case_tables(period=period, code=code), *signing_tables(period=period, code=code)]


def table(key: str, *, period: Period, code: EthicsCode | None = None) -> Table | None:
    """One table by its key (the CSV download), or None for an unknown key."""
    return next((t for t in tables(period=period, code=code) if t.key == key), None)
