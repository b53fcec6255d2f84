"""A published report reads in its reader's language, whichever language the chair
published it in: its frozen tables are kept in every language of the site."""

import pytest
from django.utils import translation

from ethics_tracker.oversight import services
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_report_published_in_english_reads_in_bulgarian_to_a_bulgarian_reader(client):
    # given last year's report, published by a chair whose session reads English
    chair = UserFactory(username="english-chair", roles=["committee_chair", "committee_member"])
    with translation.override("en"):
        report = services.annual_report_save(actor=chair, year=2025, chair_text="Годината.")
        services.annual_report_publish(actor=chair, report=report, reason="Adopted.")
    # when a visitor reads it in Bulgarian, and another in English
    bulgarian = client.get("/reports/2025/", HTTP_ACCEPT_LANGUAGE="bg").content.decode()
    english = client.get("/reports/2025/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    # then each reads the frozen tables' titles in their own language
    assert "Преписки по текущо състояние" in bulgarian
    assert "Cases by state now" not in bulgarian
    assert "Cases by state now" in english
