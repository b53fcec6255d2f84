"""A ``Table`` as a CSV file, for a spreadsheet (the dashboard's downloads).

The header holds the columns' labels in the active language; a share is written as a
percentage with one decimal (its header says "(%)"), days with one decimal, an empty
cell for nothing measured. Numbers use a decimal point. The file starts with a
byte-order mark so that spreadsheet programs read its UTF-8 (Cyrillic) right, and a
text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``) is prefixed with ``'``, as the project's other CSV exports do: labels
such as municipalities come from data people typed.
"""

import csv
import io

from .figures import Kind, Table

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def header(table: Table) -> list[str]:
    return [
        f"{column.label} (%)" if column.kind == Kind.SHARE else safe_text(str(column.label))
        for column in table.columns
    ]


def cell(value, kind: str) -> str:
    """One value as the spreadsheet should read it."""
    if value is None:
        return ""
    if kind == Kind.SHARE:
        return f"{value * 100:.1f}"
    if kind == Kind.DAYS:
        return f"{value:.1f}"
    if kind == Kind.COUNT and isinstance(value, int | float):
        return str(int(value))
    return safe_text(str(value))


def table_rows(table: Table) -> list[list[str]]:
    """The header, then one list of cells per row of the table."""
    kinds = [column.kind for column in table.columns]
    body = [
        [cell(value, kind) for value, kind in zip(row, kinds, strict=True)] for row in table.rows
    ]
    return [header(table), *body]


def table_csv(table: Table) -> str:
    """The whole file, byte-order mark included."""
    out = io.StringIO()
    csv.writer(out).writerows(table_rows(table))
    return BOM + out.getvalue()
