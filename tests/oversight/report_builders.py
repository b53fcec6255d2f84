"""What the annual report's tests share: the chair, a report, and a decided case whose
parties have names no public page may show, published in the register.

The workflow fixtures are those of tests/cases (imported by the test modules that need
them: ``from tests.oversight.report_builders import *``)."""

import pytest

from cases import services as case_services
from cases.services.register import decision_publish
from ethics_tracker.oversight import services
from tests.cases.conftest import (  # noqa: F401  (fixtures)
    _fast_passwords,
    act,
    code,
    drive,
    form_appeal_body,
    form_panel,
    panel_votes,
    published_version,
)
from tests.factories import CaseFactory, MemberFactory, UserFactory

# The parties' details: none of them may reach the report's page, PDF or API.
COMPLAINANT_NAME = "Zlatomira Complainova"
COMPLAINANT_EMAIL = "zlatomira.secret@example.org"
COMPLAINANT_PHONE = "+359 888 123 456"
RESPONDENT_NAME = "Dobromir Respondentov"
RESPONDENT_EMAIL = "dobromir.private@example.org"
PERSONAL_DATA = [
    COMPLAINANT_NAME,
    "Zlatomira",
    "Complainova",
    COMPLAINANT_EMAIL,
    COMPLAINANT_PHONE,
    RESPONDENT_NAME,
    "Respondentov",
    RESPONDENT_EMAIL,
    "Secret description of the complaint",
]
CHAIR_TEXT = (
    "Комисията по етика разгледа през годината всички постъпили сигнали.\n\n"
    "Второ изречение: благодарим на членовете."
)
SUMMARY = "Изявлението пред медиите беше невярно; членът е предупреден."


@pytest.fixture
def chair(db):
    return UserFactory(username="report-chair", roles=["committee_chair", "committee_member"])


@pytest.fixture
def published_report(chair):
    """``published_report(year, text=CHAIR_TEXT)`` → the year's report, published."""

    def make(year, text=CHAIR_TEXT):
        report = services.annual_report_save(actor=chair, year=year, chair_text=text)
        return services.annual_report_publish(actor=chair, report=report, reason="Adopted.")

    return make


@pytest.fixture
def decided_case_published(make_committee, drive, published_version):  # noqa: F811
    """A case with distinctive personal data, decided (upheld, a warning) and published in
    the register with a citation; returns ``(committee, case, publication)``."""

    def make():
        committee = make_committee()
        respondent_user = UserFactory(roles=["member"], email=RESPONDENT_EMAIL)
        member = MemberFactory(
            user=respondent_user, full_name=RESPONDENT_NAME, email=RESPONDENT_EMAIL
        )
        article = published_version.provisions.get(number="1")
        case = CaseFactory(
            respondent=member,
            complainant_name=COMPLAINANT_NAME,
            complainant_email=COMPLAINANT_EMAIL,
            complainant_phone=COMPLAINANT_PHONE,
            description="Secret description of the complaint",
            code=published_version.code,
            provisions=[article],
        )
        case.respondent_user = respondent_user
        case = drive(case, "decided", committee)
        publication = decision_publish(
            actor=committee.chair,
            case=case,
            summary=SUMMARY,
            provisions=[article],
            respondent_named=False,
            reason="The committee decided to publish it.",
        )
        return committee, case, publication

    return make


def close_as_inadmissible(case, committee):
    """File-to-closed the short way: acknowledged, assessed, declared inadmissible."""
    case = case_services.case_transition(
        actor=committee.secretary, case=case, name="acknowledge", note="Received."
    )
    case = case_services.case_transition(
        actor=committee.chair, case=case, name="start_assessment", note="Assessing."
    )
    return case_services.case_transition(
        actor=committee.chair, case=case, name="declare_inadmissible", note="Outside the remit."
    )
