"""The public register never shows personal data (issue K): a case whose parties carry
distinctive names, addresses, phone, organisation, municipality, messages and a
reference is published; none of it appears in the list, the decision page, the feed or
the API — except the member's name when the decision orders it, and then only that."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from cases import services
from cases.principals import ReceiptHolder
from tests.cases import register_helpers as build

pytestmark = pytest.mark.django_db

MESSAGE = "Kovacheva writes: my neighbour Petkana saw everything."
CASE_SUMMARY = "Xylophone headline of the complaint"
DESCRIPTION = "Quetzal description of what happened."


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def published(make_version, committee):
    """``published(respondent_named=False)`` → (case, entry)."""

    def make(respondent_named=False):
        version = build.code_in_force(make_version)
        case = build.complaint(version, summary=CASE_SUMMARY, description=DESCRIPTION)
        services.case_message_post(actor=ReceiptHolder(case_id=case.pk), case=case, body=MESSAGE)
        case = build.decided(case, committee)
        summary = "Mr Trendafilov misled the press." if respondent_named else build.SUMMARY
        entry = build.publish(
            case, committee.chair, respondent_named=respondent_named, summary=summary
        )
        return case, entry

    return make


def public_texts(entry) -> dict[str, str]:
    """Every public answer that shows the entry, as text."""
    client, api = Client(HTTP_ACCEPT_LANGUAGE="en"), APIClient()
    answers = {
        "list": client.get("/decisions/"),
        "search": client.get("/decisions/?provision=art-1"),
        "page": client.get(entry.get_absolute_url()),
        "feed": client.get("/decisions/feed/"),
        "api list": api.get("/api/v1/register/"),
        "api detail": api.get(f"/api/v1/register/{entry.year}/{entry.number}/"),
    }
    for name, response in answers.items():
        assert response.status_code == 200, name
        assert entry.register_number in response.content.decode(), name
    return {name: response.content.decode() for name, response in answers.items()}


def personal_values(case) -> list[str]:
    return [
        *build.COMPLAINANT.values(),
        "Zlatomira",
        "Kovacheva",
        case.reference,
        CASE_SUMMARY,
        DESCRIPTION,
        MESSAGE,
        "Petkana",
        build.RESPONDENT["municipality"],
        build.RESPONDENT["email"],
        case.respondent.membership_number,
    ]


def test_nothing_personal_is_public(published):
    case, entry = published()
    values = [*personal_values(case), build.RESPONDENT["full_name"], "Trendafilov", "Bozhidar"]
    for name, text in public_texts(entry).items():
        leaked = [value for value in values if value in text]
        assert leaked == [], name


def test_the_members_name_only_when_the_decision_orders_it(published):
    case, entry = published(respondent_named=True)
    for name, text in public_texts(entry).items():
        assert build.RESPONDENT["full_name"] in text, name
        leaked = [value for value in personal_values(case) if value in text]
        assert leaked == [], name
