"""A hearing through the pages: the chair schedules it on the case page, the member
complained about sees it on their page and asks to move it, the secretary records the
attendance and the minutes once it has taken place.

Selectors use ids, names and data attributes, not words: the browser speaks Bulgarian.
"""

import datetime

import pytest
from django.utils import timezone

from cases import services
from cases.models import Case, Hearing, HearingState
from tests.factories import TEST_PASSWORD, EthicsCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def step(case, name, actor):
    fresh = Case.objects.get(pk=case.pk)
    return services.case_transition(actor=actor, case=fresh, name=name, note="Записано.")


@pytest.fixture
def setting(settings, tmp_path, make_version, make_committee, case_with_respondent_account):
    """A complaint about a member with an account, waiting for their reply."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    code = EthicsCodeFactory(slug="asko", title="Sample Ethics Code")
    version = make_version(code, "2020", datetime.date(2020, 1, 1), [("1", "Truthfulness")])
    committee = make_committee()
    case = case_with_respondent_account(code=version.code)
    member = case.respondent_user
    step(case, "acknowledge", committee.secretary)
    step(case, "start_assessment", committee.chair)
    for index, seat in enumerate(committee.panel):
        services.panel_seat_add(actor=committee.chair, case=case, user=seat, rapporteur=not index)
    step(case, "open_investigation", committee.chair)
    step(case, "request_response", committee.chair)
    return committee, Case.objects.get(pk=case.pk), member


@pytest.fixture
def as_user(login):
    def sign_in(page, user):
        page.context.clear_cookies()
        login(page, user.username, TEST_PASSWORD)

    return sign_in


def open_form(page, name):
    summary = page.locator(f"details[data-form={name}] > summary")
    if page.locator(f"details[data-form={name}][open]").count() == 0:
        summary.click()


def test_the_chair_schedules_the_member_asks_to_move_the_secretary_records(page, setting, as_user):
    committee, case, member = setting
    case_url = f"/complaints/committee/{case.reference}/"

    # The chair schedules a hearing on the case page.
    as_user(page, committee.chair)
    page.goto(case_url)
    open_form(page, "hearing-schedule")
    when = timezone.localtime(timezone.now() + datetime.timedelta(days=10))
    page.fill("#hearing_schedule_starts_at", when.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#hearing_schedule_duration_minutes", "90")
    page.fill("#hearing_schedule_place", "Зала 2, ул. Раковски 2")
    page.fill("#hearing_schedule_video_link", "https://meet.example.org/hearing")
    page.click("details[data-form=hearing-schedule] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1, page.content()[:2000]
    hearing = Hearing.objects.get(case=case)
    assert page.locator(f"#hearing-{hearing.pk}[data-hearing-state=scheduled]").count() == 1

    # The member sees it on their page and asks once to move it.
    as_user(page, member)
    page.goto(f"/complaints/about-me/{case.reference}/")
    invitation = page.locator(f"#hearing-{hearing.pk}")
    assert "Зала 2" in invitation.inner_text()
    page.fill("#hearing_ask_reason", "В чужбина съм тази седмица.")
    page.click(f"#hearing-{hearing.pk} button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1
    assert page.locator(f"#hearing-{hearing.pk} [data-asked=yes]").count() == 1
    assert page.locator("#hearing_ask_reason").count() == 0
    hearing.refresh_from_db()
    assert hearing.respondent_reschedule_reason == "В чужбина съм тази седмица."

    # The hearing takes place; the secretary records who attended and the minutes.
    Hearing.objects.filter(pk=hearing.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=2)
    )
    as_user(page, committee.secretary)
    page.goto(case_url)
    assert page.locator(f"#hearing-{hearing.pk} [data-asked=respondent]").count() == 1
    open_form(page, "hearing-record")
    page.check("#hearing_record_present_complainant")
    page.check("#hearing_record_present_respondent")
    page.fill("#hearing_record_note_respondent", "с адвокат")
    for seat in committee.panel:
        page.check(f"#hearing_record_present_user_{seat.pk}")
    page.fill("#hearing_record_minutes", "Изслушани бяха двете страни.")
    page.click("details[data-form=hearing-record] button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("#done-message").count() == 1, page.content()[:2000]
    assert page.locator(f"#hearing-{hearing.pk}[data-hearing-state=held]").count() == 1
    assert "Изслушани бяха двете страни." in page.locator(".hearing-minutes").inner_text()
    hearing.refresh_from_db()
    assert hearing.state == HearingState.HELD and hearing.attendance.count() == 5

    # The member never reads the minutes.
    as_user(page, member)
    page.goto(f"/complaints/about-me/{case.reference}/")
    assert page.locator(f"#hearing-{hearing.pk}[data-hearing-state=held]").count() == 1
    assert "Изслушани" not in page.content()
