"""Every kind of ledger event is shown by its label: on the committee's case page and
on the auditor's ledger page, in Bulgarian by default and in English when asked."""

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from cases.chain import ledger_append
from cases.events import LedgerKind, kind_label
from tests.factories import TEST_PASSWORD, CaseFactory

pytestmark = pytest.mark.django_db


def client_of(user, language=None) -> Client:
    client = Client(**({"HTTP_ACCEPT_LANGUAGE": language} if language else {}))
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def shown(body: str, pattern: str) -> dict[str, str]:
    """kind → the text shown for it."""
    return {kind: html.unescape(text).strip() for kind, text in re.findall(pattern, body, re.S)}


@pytest.fixture
def case_with_every_kind():
    case = CaseFactory()
    for kind in LedgerKind:
        ledger_append(case=case, kind=kind.value, note=f"a {kind.value} event")
    return case


@pytest.mark.parametrize(("language", "header"), [("bg", None), ("en", "en")])
def test_the_committee_timeline_and_the_auditors_ledger_name_every_kind_by_its_label(
    case_with_every_kind, auditor, language, header, make_committee
):
    case = case_with_every_kind
    chair = make_committee().chair
    timeline = client_of(chair, header).get(f"/complaints/committee/{case.reference}/")
    ledger = client_of(auditor, header).get(f"/audit/ledger/cases/{case.reference}/")
    assert timeline.status_code == ledger.status_code == 200

    on_timeline = shown(
        timeline.content.decode(), r'<li data-kind="([a-z_]+)">.*?<strong>(.*?)</strong>'
    )
    on_ledger = shown(ledger.content.decode(), r'<td data-kind="([a-z_]+)">(.*?)</td>')

    with translation.override(language):
        labels = {kind.value: str(kind.label) for kind in LedgerKind}
    for kind, label in labels.items():
        assert on_ledger[kind] == label, kind
        assert on_timeline[kind].startswith(label), kind  # a vote adds its choice
        assert kind not in (on_ledger[kind], on_timeline[kind])
    if language == "bg":
        with translation.override("en"):
            assert all(labels[kind.value] != str(kind.label) for kind in LedgerKind)


def test_an_unknown_kind_is_shown_as_stored():
    assert kind_label("note") == "note"
    assert kind_label(LedgerKind.ANONYMISED) == str(LedgerKind.ANONYMISED.label)
    assert LedgerKind.ANONYMISED == "anonymised"  # stored values never change


def test_the_ledger_api_adds_the_label_beside_the_kind(case_with_every_kind, auditor):
    case = case_with_every_kind
    data = client_of(auditor, "en").get(f"/api/v1/audit/ledger/{case.reference}/").json()
    kinds = {event["kind"]: event["kind_label"] for event in data["events"]}
    assert kinds["legal_hold_set"] == "Legal hold set"
    assert kinds["anonymised"] == "Personal data anonymised"
