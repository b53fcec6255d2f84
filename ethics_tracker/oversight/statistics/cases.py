"""The complaints' figures for a period (issue K). To be written: see ``case_tables``."""

from code_of_conduct.models import EthicsCode

from ..figures import Period, Table


def case_tables(*, period: Period, code: EthicsCode | None = None) -> list[Table]:
    return []
