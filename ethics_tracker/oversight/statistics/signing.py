"""The signing coverage of the code in force (issue K). To be written: see ``signing_tables``."""

from code_of_conduct.models import EthicsCode

from ..figures import Period, Table


def signing_tables(*, period: Period, code: EthicsCode | None = None) -> list[Table]:
    return []
