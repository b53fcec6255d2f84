"""History everywhere: every domain model keeps it, services record who and why, and no
code writes a tracked model around it (``QuerySet.update()``, plain ``bulk_create``)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from cases.principals import ReceiptHolder
from cases.services import case_withdraw
from code_of_conduct.models import Acceptance, CodeVersion
from ethics_tracker.core.history import tracked_models
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

# The apps of the project, by label (the floors of the house, bottom first).
PROJECT_APPS = ("core", "code_of_conduct", "cases", "audit")

# Models that are not domain records, and why they keep no django-simple-history.
UNTRACKED = {
    "core.outboxmessage": "a delivery queue; the email's text is not a record",
    "cases.casereferencecounter": "a counter under a row lock; the cases it numbers have history",
    "cases.ledgerevent": "the ledger itself: append-only and hash-chained",
    "cases.ledgercontent": "the ledger's content: changed only by a recorded redaction",
    "core.readaccess": "an append-only audit record",
    "core.hashedsession": "Django's sessions, stored hashed: login state, not a record",
    "audit.ledgercheckpoint": "an append-only audit record",
    "audit.verificationrun": "a background job's progress, changed only by the run itself",
}
# Receivers that are history tables (not tracked models): retention overwrites personal
# values there on purpose (see cases/services/retention.py).
HISTORY_RECEIVERS = {("cases/services/retention.py", "history")}
WRITES = {"update", "bulk_create", "bulk_update"}
QUERYSET_STEPS = {
    "objects",
    "filter",
    "exclude",
    "all",
    "select_for_update",
    "select_related",
    "prefetch_related",
    "order_by",
    "annotate",
    "using",
    "none",
}


def domain_models():
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical") or model._meta.auto_created:
                continue
            yield model


def test_every_domain_model_keeps_its_history():
    tracked = {model._meta.label_lower for model in tracked_models()}
    missing = [
        model._meta.label_lower
        for model in domain_models()
        if model._meta.label_lower not in tracked and model._meta.label_lower not in UNTRACKED
    ]
    assert not missing, f"models without HistoricalRecords(): {missing}"
    assert set(UNTRACKED) <= {m._meta.label_lower for m in domain_models()}


def _chain(node):
    """(root name or call name, attribute names) of ``A.objects.filter(...).update``."""
    steps = []
    while True:
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                args = [a.id for a in node.args if isinstance(a, ast.Name)]
                return f"{node.func.id}({','.join(args)})", steps
            node = node.func
        elif isinstance(node, ast.Attribute):
            steps.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id, steps
        else:
            return None, steps


def scan_source(relative: str, source: str, *, tracked: set, untracked: set) -> list[str]:
    """``<queryset>.update/bulk_create/bulk_update(`` calls on tracked models in a file."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            continue
        name, steps = _chain(node.func.value)
        on_queryset = bool(QUERYSET_STEPS.intersection(steps)) or name in tracked
        if not on_queryset or name in untracked:
            continue
        if (relative, name) in HISTORY_RECEIVERS or (name or "").startswith("history_of("):
            continue
        found.append(f"{relative}:{node.lineno} {name}.{'.'.join(reversed(steps))}")
    return found


def model_names():
    tracked = {model.__name__ for model in tracked_models()}
    untracked = {
        model.__name__ for model in domain_models() if model._meta.label_lower in UNTRACKED
    }
    return tracked, untracked


def bypassing_writes():
    tracked, untracked = model_names()
    found = []
    for label in PROJECT_APPS:
        folder = Path(apps.get_app_config(label).path)
        for path in folder.rglob("*.py"):
            relative = path.relative_to(settings.BASE_DIR).as_posix()
            if "/migrations/" not in relative:
                source = path.read_text(encoding="utf-8")
                found += scan_source(relative, source, tracked=tracked, untracked=untracked)
    return found


def test_no_code_writes_a_tracked_model_around_its_history():
    offenders = bypassing_writes()
    assert not offenders, "QuerySet.update()/bulk_create on tracked models:\n" + "\n".join(
        offenders
    )


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("Case.objects.filter(pk=1).update(summary='x')", True),
        ("Member.objects.bulk_create([Member()])", True),
        ("qs = Case.objects.all()\nqs.filter(pk=1).update(summary='x')", True),
        ("Provision.objects.bulk_update(rows, ['body'])", True),
        ("OutboxMessage.objects.filter(pk=1).update(status='sent')", False),
        ("CaseReferenceCounter.objects.bulk_create([])", False),
        ("context.update({'a': 1})", False),
        ("history_of(Case).filter(id=1).update(description='x')", False),
    ],
)
def test_the_guard_catches_writes_around_history_and_nothing_else(source, caught):
    tracked, untracked = model_names()
    found = scan_source("somewhere.py", source, tracked=tracked, untracked=untracked)
    assert bool(found) is caught, found


# --- services record who and why ----------------------------------------------------------


def newest(history):
    return history.order_by("-history_date", "-history_id").first()


def test_filing_a_case_records_its_reason():
    case = CaseFactory()
    row = newest(case.history.all())
    assert row.history_change_reason == "Complaint filed by the complainant"
    assert row.history_user is None  # the public has no account


def test_registering_a_paper_case_records_the_secretary_and_reason(secretary):
    from django.utils import timezone

    from cases.services import ComplaintDetails, case_register

    filing = case_register(
        actor=secretary,
        details=ComplaintDetails(
            conduct_date=timezone.localdate(),
            summary="Paper complaint",
            description="Received by post.",
            respondent_name="Ivan Pressov",
            complainant_name="Petar Citizen",
        ),
        channel="paper",
        received_at=timezone.now(),
    )
    row = newest(filing.case.history.all())
    assert row.history_user == secretary
    assert "paper" in row.history_change_reason


def test_withdrawal_records_its_reason():
    case = CaseFactory()
    case_withdraw(actor=ReceiptHolder(case_id=case.pk), case=case, reason="Settled.")
    row = newest(case.history.all())
    assert row.state == "withdrawn"
    assert row.history_change_reason


def test_publishing_a_version_records_the_secretary_and_reason(secretary):
    from code_of_conduct.services import version_publish
    from tests.factories import CodeVersionFactory, ProvisionFactory

    version = CodeVersionFactory()
    ProvisionFactory(version=version)
    version_publish(actor=secretary, version=version)
    row = newest(CodeVersion.history.filter(id=version.pk))
    assert row.state == "published"
    assert row.history_user == secretary
    assert row.history_change_reason


def test_signing_records_the_member_and_reason(secretary):
    from code_of_conduct.services import acceptance_sign, version_publish
    from tests.factories import (
        CodeVersionFactory,
        MemberFactory,
        ProvisionFactory,
        UserFactory,
    )

    version = CodeVersionFactory()
    ProvisionFactory(version=version)
    version_publish(actor=secretary, version=version)
    user = UserFactory(roles=["member"])
    member = MemberFactory(user=user)
    acceptance = acceptance_sign(actor=user, member=member, version=version, confirmed=True)
    row = newest(Acceptance.history.filter(id=acceptance.pk))
    assert row.history_user == user
    assert row.history_change_reason


def test_no_case_service_saved_a_tracked_row_without_a_reason(secretary, upload):
    """What filing (with a file and a message) and withdrawal wrote all has its reason.

    (The respondent ``Member`` comes from a raw factory, so only the cases app is checked.)
    """
    from cases.services import case_message_post
    from tests.factories import PNG

    case = CaseFactory(files=[upload("photo.png", PNG)])
    holder = ReceiptHolder(case_id=case.pk)
    case_message_post(actor=holder, case=case, body="More details.")
    case_withdraw(actor=holder, case=case, reason="Settled.")
    for model in tracked_models():
        if model._meta.app_label != "cases":
            continue
        rows = model.history.filter(history_change_reason__isnull=True)
        assert not rows.exists(), f"{model._meta.label}: history rows without a reason"
