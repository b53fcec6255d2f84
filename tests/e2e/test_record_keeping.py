"""On the committee's case page: the secretary links a complaint about someone not in
the member list to the member (a panelist who turns out to be them is removed), and the
chair puts the case under legal hold.

Selectors use ids and data attributes, not words: the browser speaks Bulgarian.
"""

import pytest

from cases import services
from cases.models import PanelSeat
from tests.factories import TEST_PASSWORD, CaseFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_secretary_links_the_respondent_and_the_chair_sets_a_legal_hold(
    page, login, make_committee, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    committee = make_committee()
    case = CaseFactory(respondent=None, respondent_name="Petar Unlisted")
    for state_step in ("acknowledge", "start_assessment"):
        actor = committee.secretary if state_step == "acknowledge" else committee.chair
        case = services.case_transition(actor=actor, case=case, name=state_step, note="Done.")
    panelist = committee.members[0]
    services.panel_seat_add(actor=committee.chair, case=case, user=panelist)
    member = MemberFactory(full_name="Petar Listed", email=panelist.email)
    url = f"/complaints/committee/{case.reference}/"

    login(page, committee.secretary.username, TEST_PASSWORD)
    page.goto(url)
    page.click("details[data-form=respondent-link] summary")
    page.select_option("#link_member", str(member.pk))
    page.fill("#link_reason", "The same person, found in the list.")
    page.click("details[data-form=respondent-link] button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#respondent-link").inner_text().startswith("Petar Listed")
    assert page.locator(".message-warning").count() == 1  # the panelist was removed
    assert not PanelSeat.objects.filter(case=case, user=panelist).exists()
    case.refresh_from_db()
    assert case.respondent == member

    page.context.clear_cookies()
    login(page, committee.chair.username, TEST_PASSWORD)
    page.goto(url)
    assert page.locator("#legal-hold").get_attribute("data-legal-hold") == "off"
    page.click("details[data-form=legal-hold] summary")
    page.fill("#hold_reason", "A court asked us to keep the file.")
    page.click("details[data-form=legal-hold] button[type=submit]")
    page.wait_for_load_state()

    assert page.locator("#legal-hold").get_attribute("data-legal-hold") == "on"
    case.refresh_from_db()
    assert case.legal_hold is True
