"""The public register of decisions (issue K): the acting chair publishes a final
decision with a reason (history, ledger), corrects it, takes it out and publishes it
again under the same number; the public list searches by provision, year and words;
each decision has its page; the Atom feed lists the latest."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from cases import selectors, services
from cases.events import LedgerKind
from cases.models import DecisionPublication, LedgerEvent
from ethics_tracker.core.history import history_of
from tests.cases import register_helpers as build
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def _english():
    """The services' messages in English (the pages ask for it with Accept-Language)."""
    with translation.override("en"):
        yield


@pytest.fixture
def committee(make_committee):
    return make_committee()


@pytest.fixture
def version(make_version):
    return build.code_in_force(make_version)


@pytest.fixture
def decided(version, committee):
    return build.decided(build.complaint(version), committee)


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def case_page(case) -> str:
    return f"/complaints/committee/{case.reference}/"


# --- the services ---------------------------------------------------------------------------


def test_the_chair_publishes_a_decided_case_with_history_and_ledger(decided, committee):
    entry = build.publish(decided, committee.chair)

    today = timezone.localdate()
    assert (entry.year, entry.number, entry.register_number) == (today.year, 1, f"1/{today.year}")
    assert (entry.outcome, entry.sanction, entry.appeal_outcome) == ("upheld", "warning", "")
    assert entry.decided_on == today and entry.is_published
    assert [p.key for p in entry.provisions.all()] == ["art-1"]
    assert entry.respondent_name == "" and not entry.respondent_named
    row = history_of(DecisionPublication).get(id=entry.pk)
    assert row.history_user == committee.chair
    assert row.history_change_reason == (
        "Published in the register: The committee decided to publish it."
    )
    event = LedgerEvent.objects.filter(case=decided).order_by("sequence").last()
    assert event.kind == LedgerKind.DECISION_PUBLISHED
    assert event.content.note == "The committee decided to publish it."
    assert event.content.payload == {
        "register_number": entry.register_number,
        "provisions": ["art-1"],
        "respondent_named": False,
        "outcome": "upheld",
        "sanction": "warning",
    }


def test_only_the_acting_chair_may_publish(decided, committee):
    for person in (committee.secretary, committee.deputy, committee.panel[0]):
        with pytest.raises(PermissionDenied):
            build.publish(decided, person)
    assert not DecisionPublication.objects.exists()


def test_no_final_decision_no_publication(version, committee):
    case = build.complaint(version)
    with pytest.raises(services.PublicationRefused, match="final decision"):
        build.publish(case, committee.chair)
    under_appeal = build.appealed(build.decided(build.complaint(version), committee))
    with pytest.raises(services.PublicationRefused):
        build.publish(under_appeal, committee.chair)
    assert not DecisionPublication.objects.exists()


def test_an_annulled_decision_cannot_be_published(version, committee):
    case = build.appealed(build.decided(build.complaint(version), committee))
    case = build.decided_on_appeal(case, committee, choice="annul")
    assert services.final_decision(case) is None
    with pytest.raises(services.PublicationRefused):
        build.publish(case, committee.chair)


def test_the_appeal_bodys_decision_is_the_one_published(version, committee):
    case = build.appealed(build.decided(build.complaint(version), committee))
    case = build.decided_on_appeal(
        case, committee, choice="change", outcome="partly_upheld", sanction="recommendation"
    )
    entry = build.publish(case, committee.chair)
    assert (entry.outcome, entry.sanction, entry.appeal_outcome) == (
        "partly_upheld",
        "recommendation",
        "changed",
    )
    confirmed = build.appealed(build.decided(build.complaint(version), committee))
    confirmed = build.decided_on_appeal(confirmed, committee, choice="confirm")
    entry = build.publish(confirmed, committee.chair)
    assert (entry.outcome, entry.sanction, entry.appeal_outcome) == (
        "upheld",
        "warning",
        "confirmed",
    )


def test_a_case_closed_after_the_appeal_window_can_be_published(decided, committee):
    closed = build.closed_after_window(decided, committee)
    assert build.publish(closed, committee.chair).outcome == "upheld"


def test_a_reason_and_a_summary_are_required(decided, committee):
    with pytest.raises(ValidationError) as error:
        build.publish(decided, committee.chair, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        build.publish(decided, committee.chair, summary="")
    assert "summary" in error.value.message_dict
    entry = build.publish(decided, committee.chair)
    with pytest.raises(ValidationError) as error:
        services.decision_unpublish(actor=committee.chair, publication=entry, reason="")
    assert "reason" in error.value.message_dict
    assert DecisionPublication.objects.get().is_published


@pytest.mark.parametrize(
    "summary, what",
    [
        ("Ms Kovacheva complained.", "the complainant"),
        ("Write to zlatomira.kovacheva@pochta.example.", "the complainant"),
        ("Rodopski Glas Weekly asked.", "the complainant"),
        ("Bozhidar Trendafilov said so.", "the member"),
        ("Mr Trendafilov said so.", "the member"),
        ("The office in Chepelare said so.", "the member's municipality"),
    ],
)
def test_a_summary_that_names_a_party_is_refused(decided, committee, summary, what):
    with pytest.raises(ValidationError) as error:
        build.publish(decided, committee.chair, summary=summary)
    message = error.value.message_dict["summary"][0]
    assert what in message
    assert "Kovacheva" not in message and "Trendafilov" not in message


def test_the_case_reference_is_refused_in_the_summary(decided, committee):
    with pytest.raises(ValidationError, match="reference"):
        build.publish(decided, committee.chair, summary=f"Case {decided.reference} was decided.")


def test_the_members_name_is_copied_only_when_the_decision_orders_it(decided, committee):
    entry = build.publish(
        decided, committee.chair, respondent_named=True, summary="Mr Trendafilov misled."
    )
    assert entry.respondent_named and entry.respondent_name == "Bozhidar Trendafilov"


def test_provisions_must_be_of_the_cases_code_version(decided, committee, make_version):
    other = build.code_in_force(make_version, slug="another-code")
    with pytest.raises(ValidationError) as error:
        build.publish(decided, committee.chair, provisions=list(other.provisions.all()[1:2]))
    assert "provisions" in error.value.message_dict


def test_numbers_follow_each_other_in_the_year_and_restart_in_the_next(version, committee):
    first = build.publish(build.decided(build.complaint(version), committee), committee.chair)
    second = build.publish(build.decided(build.complaint(version), committee), committee.chair)
    assert (first.number, second.number) == (1, 2)
    third_case = build.decided(build.complaint(version), committee)
    next_year = timezone.now() + datetime.timedelta(days=366)
    third_case.decisions.update(decided_at=next_year)
    third = build.publish(third_case, committee.chair)
    assert (third.year, third.number) == (next_year.year, 1)


def test_unpublish_then_publish_again_keeps_the_number(decided, committee):
    entry = build.publish(decided, committee.chair)
    out = services.decision_unpublish(actor=committee.chair, publication=entry, reason="Error.")
    assert not out.is_published and out.unpublished_by == committee.chair
    with pytest.raises(services.PublicationRefused):
        services.decision_unpublish(actor=committee.chair, publication=entry, reason="Again.")

    again = build.publish(decided, committee.chair, summary="A better summary.")

    assert (again.pk, again.number, again.summary) == (entry.pk, 1, "A better summary.")
    reasons = list(
        history_of(DecisionPublication)
        .filter(id=entry.pk)
        .order_by("history_id")
        .values_list("history_change_reason", flat=True)
    )
    assert reasons == [
        "Published in the register: The committee decided to publish it.",
        "Taken out of the register: Error.",
        "Published in the register again: The committee decided to publish it.",
    ]
    kinds = LedgerEvent.objects.filter(
        case=decided,
        kind__in=[LedgerKind.DECISION_PUBLISHED, LedgerKind.DECISION_UNPUBLISHED],
    )
    assert [e.kind for e in kinds.order_by("sequence")] == [
        LedgerKind.DECISION_PUBLISHED,
        LedgerKind.DECISION_UNPUBLISHED,
        LedgerKind.DECISION_PUBLISHED,
    ]


def test_a_second_publication_corrects_the_text(decided, committee):
    entry = build.publish(decided, committee.chair)
    fixed = build.publish(decided, committee.chair, summary="Corrected.", reason="A typo.")
    assert (fixed.pk, fixed.number, fixed.summary) == (entry.pk, 1, "Corrected.")
    last = history_of(DecisionPublication).filter(id=entry.pk).order_by("history_id").last()
    assert last.history_change_reason == "Published text corrected: A typo."


# --- the case page --------------------------------------------------------------------------


def test_the_chair_publishes_from_the_case_page(decided, committee, version):
    client = signed_in(committee.chair)
    html = client.get(case_page(decided)).content.decode()
    assert 'data-publication="none"' in html and 'data-form="publish"' in html
    art1, art2 = (version.provisions.get(key=key).pk for key in ("art-1", "art-2"))
    # The cited provisions are ticked by default.
    assert f'value="{art1}" id="publish_provisions_0" checked' in html

    response = client.post(
        f"/complaints/committee/{decided.reference}/publication/",
        {"summary": build.SUMMARY, "provisions": [art2], "reason": "Ordered."},
    )

    assert response.status_code == 302 and response["Location"].endswith("#publication")
    shown = client.get(response["Location"]).content.decode()
    entry = DecisionPublication.objects.get()
    assert f"The decision is published in the register as {entry.register_number}." in shown
    assert 'data-publication="published"' in shown and entry.get_absolute_url() in shown
    assert [p.key for p in entry.provisions.all()] == ["art-2"]

    response = client.post(f"/complaints/committee/{decided.reference}/publication/unpublish/", {})
    assert response.status_code == 400
    assert "Say why." in response.content.decode()
    response = client.post(
        f"/complaints/committee/{decided.reference}/publication/unpublish/", {"reason": "Wrong."}
    )
    assert response.status_code == 302
    assert "was taken out of the register" in client.get(response["Location"]).content.decode()


def test_errors_show_on_the_case_page(decided, committee):
    client = signed_in(committee.chair)
    response = client.post(
        f"/complaints/committee/{decided.reference}/publication/",
        {"summary": "Ms Kovacheva complained.", "reason": "x"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html and "it names: the complainant" in html
    assert not DecisionPublication.objects.exists()


def test_others_see_the_state_but_no_form_and_may_not_post(decided, committee):
    build.publish(decided, committee.chair)
    client = signed_in(committee.secretary)
    html = client.get(case_page(decided)).content.decode()
    assert 'data-publication="published"' in html
    assert 'data-form="publish"' not in html and 'data-form="unpublish"' not in html
    response = client.post(
        f"/complaints/committee/{decided.reference}/publication/unpublish/", {"reason": "No."}
    )
    assert response.status_code == 403
    assert DecisionPublication.objects.get().is_published


def test_no_block_before_a_final_decision(version, committee):
    case = build.complaint(version)
    html = signed_in(committee.chair).get(case_page(case)).content.decode()
    assert 'data-block="publication"' not in html


# --- the public pages and the feed ------------------------------------------------------------


def three_entries(version, committee):
    """Three published decisions: art-1 (now), art-2 (now), art-1 decided two years ago."""
    chair = committee.chair
    first = build.publish(build.decided(build.complaint(version), committee), chair)
    second = build.publish(
        build.decided(build.complaint(version), committee),
        chair,
        summary="Rude to journalists.",
        provisions=list(version.provisions.filter(key="art-2")),
    )
    old_case = build.decided(build.complaint(version), committee)
    old_case.decisions.update(decided_at=timezone.now() - datetime.timedelta(days=730))
    old = build.publish(old_case, chair, summary="An old one.")
    return first, second, old


def test_the_list_is_public_newest_first_and_searchable(version, committee):
    first, second, old = three_entries(version, committee)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")

    def numbers(query=""):
        html = client.get(f"/decisions/{query}").content.decode()
        return [e.register_number for e in (first, second, old) if f'"{e.register_number}"' in html]

    response = client.get("/decisions/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index(second.register_number) < html.index(old.register_number)
    assert 'type="application/atom+xml" href="/decisions/feed/"' in html
    assert numbers("?provision=art-2") == [second.register_number]
    assert numbers(f"?year={old.year}") == [old.register_number]
    assert numbers("?q=journalists") == [second.register_number]
    assert numbers("?provision=art-1&year=1900") == []
    assert client.get("/decisions/?year=abc&provision=" + "x" * 500).status_code == 200
    assert f'<option value="{old.year}">' in html and '<option value="art-2">' in html


def test_the_decision_page_and_404s(decided, committee, version):
    entry = build.publish(decided, committee.chair)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    html = client.get(entry.get_absolute_url()).content.decode()
    assert f"Decision {entry.register_number}" in html
    assert "Upheld" in html and "Warning" in html and build.SUMMARY in html
    article = version.provisions.get(key="art-1")
    assert article.body in html and f"/code/{version.code.slug}/versions/2020/#art-1" in html
    assert client.get(f"/decisions/{entry.year}/99/").status_code == 404
    services.decision_unpublish(actor=committee.chair, publication=entry, reason="Out.")
    assert client.get(entry.get_absolute_url()).status_code == 404
    assert entry.register_number not in client.get("/decisions/").content.decode()


def test_the_feed_is_atom_with_the_latest(version, committee):
    first, second, old = three_entries(version, committee)
    response = Client(HTTP_ACCEPT_LANGUAGE="en").get("/decisions/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own answer, not untrusted input)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [
        f"http://testserver{e.get_absolute_url()}" for e in (second, first, old)
    ]
    assert entries[0].find(f"{ATOM}content").text == "Rude to journalists."
    assert "Decision" in entries[0].find(f"{ATOM}title").text


def test_the_selector_for_the_annual_report(version, committee, django_assert_num_queries):
    first, second, old = three_entries(version, committee)
    assert selectors.register_years() == [first.year, old.year]
    with django_assert_num_queries(2):  # the entries, their provisions (with parents)
        rows = list(selectors.published_decisions(year=first.year))
        citations = [p.full_citation for row in rows for p in row.provisions.all()]
    assert [row.pk for row in rows] == [second.pk, first.pk] and len(citations) == 2


# --- the admin ------------------------------------------------------------------------------


def test_the_admin_reads_entries_with_their_history_and_writes_nothing(decided, committee):
    entry = build.publish(decided, committee.chair)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = signed_in(admin)
    base = "/admin/cases/decisionpublication/"

    assert entry.register_number in client.get(base).content.decode()
    change = client.get(f"{base}{entry.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    history = client.get(f"{base}{entry.pk}/history/").content.decode()
    assert "Published in the register: The committee decided to publish it." in history
    assert client.get(f"{base}add/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert DecisionPublication.objects.filter(pk=entry.pk).exists()
