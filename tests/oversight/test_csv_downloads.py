"""Each table of figures as a CSV download (issue K): for the dashboard's readers, with
the dashboard's filters, labels in the reader's language, shares as percentages, and
cells a spreadsheet would run as formulas escaped."""

import csv
import datetime
import io

import pytest

from ethics_tracker.oversight.csv_tables import table_csv, table_rows
from ethics_tracker.oversight.figures import Column, Kind, Table
from tests.factories import AcceptanceFactory, EthicsCodeFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/oversight/tables/signing-by-municipality.csv"
MARCH = {"start": "2025-01-01", "end": "2025-03-31"}
BOM = "\ufeff"


@pytest.fixture
def chair(client):
    client.force_login(UserFactory(username="chair", roles=["committee_chair"]))
    return client


@pytest.fixture
def figures(draft_version, publish_version):
    """A code in force from 1.1.2025; Sofia: 2 members, 1 signed; a municipality whose
    name a spreadsheet would take for a formula: 1 member, signed."""
    code = EthicsCodeFactory(slug="main", title="Main code")
    version = publish_version(
        draft_version(code=code, label="2024", provisions=1),
        adopted_on=datetime.date(2024, 12, 1),
        effective_from=datetime.date(2025, 1, 1),
    )
    signed = datetime.datetime(2025, 2, 10, 12, tzinfo=datetime.UTC)
    for municipality in ("Sofia", '=HYPERLINK("http://x")'):
        AcceptanceFactory(
            member=MemberFactory(municipality=municipality), version=version, accepted_at=signed
        )
    MemberFactory(municipality="Sofia")
    return code


def parsed(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


def test_a_reader_downloads_a_table_as_csv(chair, figures):
    response = chair.get(URL, {**MARCH, "code": "main"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="signing-by-municipality-2025-01-01-2025-03-31.csv"'
    )
    assert parsed(response) == [
        ["Municipality", "Members", "Signed", "Share signed (%)"],
        ['\'=HYPERLINK("http://x")', "1", "1", "100.0"],
        ["Sofia", "2", "1", "50.0"],
    ]


def test_the_coverage_over_time_has_a_row_per_month(chair, figures):
    response = chair.get("/oversight/tables/signing-coverage.csv", MARCH, HTTP_ACCEPT_LANGUAGE="en")

    assert parsed(response) == [
        ["Month", "Members", "Signed", "Share signed (%)"],
        ["01.2025", "3", "0", "0.0"],
        ["02.2025", "3", "2", "66.7"],
        ["03.2025", "3", "2", "66.7"],
    ]


def test_the_header_is_in_the_readers_language(chair, figures):
    response = chair.get(URL, MARCH, HTTP_ACCEPT_LANGUAGE="bg")

    assert parsed(response)[0][0] == "Община"


@pytest.mark.parametrize("role", ["secretary", "auditor"])
def test_the_secretary_and_auditors_may_download(client, role, figures):
    client.force_login(UserFactory(roles=[role]))

    assert client.get(URL, MARCH).status_code == 200


def test_a_member_gets_the_403_page(client, figures):
    client.force_login(UserFactory(roles=["member"]))

    response = client.get(URL, MARCH)

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(URL, MARCH)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/oversight/tables/")


def test_an_unknown_table_is_404(chair):
    assert chair.get("/oversight/tables/no-such-table.csv").status_code == 404


@pytest.mark.parametrize(
    ("query", "language", "reason"),
    [
        (
            {"start": "2025-04-01", "end": "2025-03-01"},
            "en",
            "The period must start before it ends.",
        ),
        (
            {"start": "2025-04-01", "end": "2025-03-01"},
            "bg",
            "Периодът трябва да започва преди да свърши.",
        ),
        (
            {"start": "2000-01-01", "end": "2025-03-01"},
            "en",
            "Choose a period of at most ten years.",
        ),
        ({"start": "someday"}, "en", "From: Enter a valid date."),
        ({"code": "nope"}, "en", "Code: Select a valid choice."),
    ],
)
def test_bad_filters_are_400_with_the_reason_in_plain_text(chair, query, language, reason):
    response = chair.get(URL, query, HTTP_ACCEPT_LANGUAGE=language)

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert reason in response.content.decode("utf-8")


def test_the_download_only_reads(chair):
    assert chair.post(URL).status_code == 405


def test_days_have_one_decimal_and_nothing_measured_is_an_empty_cell():
    table = Table(
        key="speed",
        title="Speed",
        columns=[
            Column("month", "Month", Kind.LABEL),
            Column("cases", "Cases", Kind.COUNT),
            Column("median", "Median (days)", Kind.DAYS),
            Column("within", "Within the deadline", Kind.SHARE),
        ],
        rows=[["01.2025", 4, 3.25, 0.755], ["02.2025", 0, None, None], ["-1", 1, 12.0, 1]],
    )

    assert table_rows(table) == [
        ["Month", "Cases", "Median (days)", "Within the deadline (%)"],
        ["01.2025", "4", "3.2", "75.5"],
        ["02.2025", "0", "", ""],
        ["'-1", "1", "12.0", "100.0"],
    ]
    assert table_csv(table).startswith(BOM + "Month,Cases,")
