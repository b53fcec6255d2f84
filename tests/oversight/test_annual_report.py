"""The annual ethics report: the chair writes, publishes and unpublishes it (services),
its pages and who sees them (public once published; a draft is the readers' and a 404
for anyone else), and no personal data of either party on its page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from ethics_tracker.core.history import history_of
from ethics_tracker.oversight import services
from ethics_tracker.oversight.models import AnnualReport
from ethics_tracker.oversight.services import ReportConflict, frozen_figures
from tests.factories import CaseFactory, UserFactory
from tests.oversight.report_builders import *  # noqa: F403  (fixtures)
from tests.oversight.report_builders import (
    CHAIR_TEXT,
    PERSONAL_DATA,
    SUMMARY,
    _fast_passwords,  # noqa: F401
    close_as_inadmissible,
)

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year


def english(user=None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


# --- services -------------------------------------------------------------------------------


def test_the_chair_starts_and_corrects_the_text_and_the_history_keeps_both(chair):
    report = services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text=" First. ")
    report = services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Second.")

    assert AnnualReport.objects.get().chair_text == "Second."
    rows = history_of(AnnualReport).filter(id=report.pk).order_by("history_id")
    assert [(r.chair_text, r.history_user_id) for r in rows] == [
        ("First.", chair.pk),
        ("Second.", chair.pk),
    ]
    assert [r.history_change_reason for r in rows] == [
        "Annual report started",
        "Annual report's text changed",
    ]


@pytest.mark.parametrize("role", ["secretary", "auditor", "committee_member", "member"])
def test_only_the_chair_writes_the_report(role):
    user = UserFactory(roles=[role])

    with pytest.raises(PermissionDenied):
        services.annual_report_save(actor=user, year=THIS_YEAR, chair_text="Mine.")
    assert not AnnualReport.objects.exists()


@pytest.mark.parametrize("year", [THIS_YEAR + 1, 1999, "soon"])
def test_a_year_to_come_or_before_the_register_is_refused(chair, year):
    with pytest.raises(ValidationError) as refused:
        services.annual_report_save(actor=chair, year=year, chair_text="Text.")
    assert "year" in refused.value.message_dict


def test_publishing_freezes_the_figures_and_a_case_closed_later_does_not_change_them(
    chair, make_committee
):
    committee = make_committee(prefix="c-")
    CaseFactory()
    later = CaseFactory()
    report = services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text=CHAIR_TEXT)

    report = services.annual_report_publish(actor=chair, report=report, reason="Adopted.")
    frozen = AnnualReport.objects.get().figures
    close_as_inadmissible(later, committee)

    assert report.is_published and report.published_by == chair
    assert frozen["period"] == {"start": f"{THIS_YEAR}-01-01", "end": f"{THIS_YEAR}-12-31"}
    assert frozen["tables"], "the report froze no table"
    assert AnnualReport.objects.get().figures == frozen
    assert frozen_figures(THIS_YEAR) != frozen  # the closing shows in today's figures
    last = history_of(AnnualReport).filter(id=report.pk).latest("history_id")
    assert (last.history_change_reason, last.history_user_id) == ("Published: Adopted.", chair.pk)


def test_unpublishing_makes_it_a_draft_again_with_its_reason(chair, published_report):
    report = published_report(THIS_YEAR)

    report = services.annual_report_unpublish(actor=chair, report=report, reason="A mistake.")

    stored = AnnualReport.objects.get()
    assert (stored.is_published, stored.published_at, stored.figures) == (False, None, {})
    last = history_of(AnnualReport).filter(id=report.pk).latest("history_id")
    assert last.history_change_reason == "Unpublished: A mistake."
    assert english().get(f"/reports/{THIS_YEAR}/").status_code == 404


@pytest.mark.parametrize("reason", ["", "   ", "x" * 81])
def test_publishing_and_unpublishing_need_a_short_reason(chair, published_report, reason):
    draft = services.annual_report_save(actor=chair, year=THIS_YEAR - 1, chair_text="Draft.")
    published = published_report(THIS_YEAR)

    with pytest.raises(ValidationError) as refused:
        services.annual_report_publish(actor=chair, report=draft, reason=reason)
    assert "reason" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.annual_report_unpublish(actor=chair, report=published, reason=reason)
    assert "reason" in refused.value.message_dict
    assert not AnnualReport.objects.get(pk=draft.pk).is_published


def test_a_step_the_report_is_not_ready_for_is_a_conflict(chair, published_report):
    published = published_report(THIS_YEAR)
    draft = services.annual_report_save(actor=chair, year=THIS_YEAR - 1, chair_text="Draft.")

    with pytest.raises(ReportConflict):
        services.annual_report_publish(actor=chair, report=published, reason="Again.")
    with pytest.raises(ReportConflict):
        services.annual_report_unpublish(actor=chair, report=draft, reason="Not yet.")


# --- the pages ------------------------------------------------------------------------------


def test_a_published_report_is_public_with_its_text_and_a_pdf_link(published_report):
    published_report(THIS_YEAR, text="First <b>paragraph</b>.\n\nSecond one.")

    response = english().get(f"/reports/{THIS_YEAR}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<p>First &lt;b&gt;paragraph&lt;/b&gt;.</p>" in page  # escaped, by paragraph
    assert "<p>Second one.</p>" in page
    assert 'data-report-state="published"' in page
    assert f'href="/reports/{THIS_YEAR}/ethics-report-{THIS_YEAR}.pdf"' in page
    assert "Draft —" not in page
    listing = english().get("/reports/").content.decode()
    assert f'href="/reports/{THIS_YEAR}/"' in listing


@pytest.mark.parametrize("who", [None, "member", "committee_member"])
def test_a_draft_is_not_found_by_anyone_but_the_readers(chair, who):
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Secret draft.")
    client = english(UserFactory(roles=[who]) if who else None)

    assert client.get(f"/reports/{THIS_YEAR}/").status_code == 404
    assert client.get(f"/reports/{THIS_YEAR}/ethics-report-{THIS_YEAR}.pdf").status_code == 404
    assert f"/reports/{THIS_YEAR}/" not in client.get("/reports/").content.decode()


@pytest.mark.parametrize("role", ["secretary", "auditor", "committee_chair"])
def test_the_readers_see_a_draft_marked_with_the_day_of_its_figures(chair, role):
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Secret draft.")
    client = english(UserFactory(roles=[role]))

    page = client.get(f"/reports/{THIS_YEAR}/")

    assert page.status_code == 200
    assert 'id="report-draft"' in page.content.decode()
    assert "Draft — figures as of" in page.content.decode()
    assert "no-cache" in page["Cache-Control"]
    assert "Draft, not public" in client.get("/reports/").content.decode()


def test_the_chair_is_offered_to_start_this_years_report(chair):
    page = english(chair).get("/reports/").content.decode()

    assert f'href="/reports/{THIS_YEAR}/edit/"' in page
    assert english(UserFactory(roles=["secretary"])).get("/reports/").status_code == 200
    assert (
        "/edit/" not in english(UserFactory(roles=["secretary"])).get("/reports/").content.decode()
    )


def test_the_chair_writes_and_publishes_on_the_edit_page(chair):
    client = english(chair)

    saved = client.post(f"/reports/{THIS_YEAR}/edit/", {"chair_text": CHAIR_TEXT}, follow=True)
    published = client.post(
        f"/reports/{THIS_YEAR}/publish/", {"publish-reason": "Adopted."}, follow=True
    )

    assert "The report&#x27;s text was saved." in saved.content.decode()
    assert "The report is published" in published.content.decode()
    assert 'data-report-state="published"' in published.content.decode()
    assert AnnualReport.objects.get(year=THIS_YEAR).is_published
    unpublished = client.post(
        f"/reports/{THIS_YEAR}/unpublish/", {"unpublish-reason": "Wrong year."}, follow=True
    )
    assert "no longer public" in unpublished.content.decode()
    assert not AnnualReport.objects.get(year=THIS_YEAR).is_published


def test_publishing_without_a_reason_shows_the_error_summary(chair):
    client = english(chair)
    client.post(f"/reports/{THIS_YEAR}/edit/", {"chair_text": "Text."})

    response = client.post(f"/reports/{THIS_YEAR}/publish/", {"publish-reason": " "})

    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert 'href="#id_publish-reason"' in response.content.decode()
    assert not AnnualReport.objects.get().is_published


def test_the_edit_pages_are_the_chairs_only(chair):
    secretary = english(UserFactory(roles=["secretary"]))
    services.annual_report_save(actor=chair, year=THIS_YEAR, chair_text="Draft.")

    assert secretary.get(f"/reports/{THIS_YEAR}/edit/").status_code == 403
    assert secretary.post(f"/reports/{THIS_YEAR}/edit/", {"chair_text": "X"}).status_code == 403
    assert (
        secretary.post(f"/reports/{THIS_YEAR}/publish/", {"publish-reason": "Y"}).status_code == 403
    )
    assert english().get(f"/reports/{THIS_YEAR}/edit/").status_code == 302  # to log in
    assert english(chair).get(f"/reports/{THIS_YEAR + 1}/edit/").status_code == 404
    assert (
        english(chair)
        .post(f"/reports/{THIS_YEAR - 3}/publish/", {"publish-reason": "Y"})
        .status_code
        == 404
    )
    assert AnnualReport.objects.get().chair_text == "Draft."


def test_the_page_shows_the_years_decisions_and_no_personal_data(
    decided_case_published, published_report
):
    _committee, _case, publication = decided_case_published()

    published_report(publication.year)
    page = english().get(f"/reports/{publication.year}/").content.decode()

    assert SUMMARY in page
    assert f'href="{publication.get_absolute_url()}"' in page
    assert "Art. 1" in page or "чл. 1" in page
    for value in PERSONAL_DATA:
        assert value not in page, value


def test_the_headline_figures_are_those_frozen_at_publication(
    chair, published_report, make_committee
):
    committee = make_committee(prefix="h-")
    first, _second = CaseFactory(), CaseFactory()
    published_report(THIS_YEAR)
    close_as_inadmissible(first, committee)
    CaseFactory()

    page = english().get(f"/reports/{THIS_YEAR}/").content.decode()

    assert headline(page, "received") == "2"
    assert headline(page, "closed") == "0"
    assert 'data-headline="decided-within"' in page
    assert 'data-headline="breaches"' in page


def headline(page: str, key: str) -> str:
    start = page.index(f'data-headline="{key}"')
    return page[page.index("<dd>", start) + 4 : page.index("</dd>", start)]


# --- the admin ------------------------------------------------------------------------------


def test_the_admin_writes_the_text_through_the_service_and_shows_the_frozen_figures(
    published_report,
):
    admin_chair = UserFactory(roles=["committee_chair"], is_staff=True, is_superuser=True)
    client = english(admin_chair)

    added = client.post(
        "/admin/oversight/annualreport/add/", {"year": THIS_YEAR - 1, "chair_text": "Начало."}
    )
    future = client.post(
        "/admin/oversight/annualreport/add/", {"year": THIS_YEAR + 1, "chair_text": "X"}
    )
    report = published_report(THIS_YEAR)
    page = client.get(f"/admin/oversight/annualreport/{report.pk}/change/").content.decode()

    assert added.status_code == 302
    draft = AnnualReport.objects.get(year=THIS_YEAR - 1)
    assert draft.chair_text == "Начало."
    last = history_of(AnnualReport).filter(id=draft.pk).latest("history_id")
    assert (last.history_user_id, last.history_change_reason) == (
        admin_chair.pk,
        "Annual report started",
    )
    assert future.status_code == 200 and "year to come" in future.content.decode()
    assert "&quot;tables&quot;" in page  # the frozen figures, read-only
    assert f'href="/reports/{THIS_YEAR}/edit/"' in page
    assert client.get(f"/admin/oversight/annualreport/{report.pk}/delete/").status_code == 403
