"""Verifying the ledger in the background (issue J): an auditor asks from the ledger page
or the API; the run is queued, then passes on a sound ledger or fails naming the
problem on a tampered one; the auditor who asked is emailed when it is done; a run left
queued is picked up by ``run_verifications``; only auditors may ask."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from ethics_tracker.audit import verification_runs
from ethics_tracker.audit.breaks import Problem
from ethics_tracker.audit.models import LedgerCheckpoint, VerificationRun, VerificationState
from ethics_tracker.core.models import OutboxMessage
from tests.audit.tampering import SoundLedger, content_changed
from tests.factories import TEST_PASSWORD, UserFactory
from tests.factories import english_api_client as api
from tests.html_validity import html_defects

pytestmark = pytest.mark.django_db

START = "/audit/ledger/verifications/start/"
API = "/api/v1/audit/verifications/"


@pytest.fixture
def runner(settings):
    """``runner("inline" | "worker" | "thread")`` sets where runs work."""

    def use(name):
        settings.AUDIT_VERIFICATION_RUNNER = name

    use("inline")
    return use


def signed_in(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.login(username=user.username, password=TEST_PASSWORD)
    return client


def api_as(user):
    client = api()
    client.force_authenticate(user)
    return client


def test_a_run_asked_for_on_the_ledger_page_passes_on_a_sound_ledger_and_emails_the_auditor(
    auditor, case_with_events, runner, django_capture_on_commit_callbacks
):
    case, events = case_with_events(count=3)
    client = signed_in(auditor)
    assert 'data-form="verification-start"' in client.get("/audit/ledger/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(START)

    assert response.status_code == 302
    run = VerificationRun.objects.get()
    assert response["Location"] == f"/audit/ledger/verifications/?started={run.pk}"
    assert run.state == VerificationState.PASSED
    assert run.requested_by == auditor
    assert (run.cases_checked, run.events_checked, run.problems) == (1, len(events), [])
    assert run.started_at <= run.finished_at
    email = OutboxMessage.objects.get(kind="verification_done")
    assert email.to == auditor.email
    assert f"/audit/ledger/verifications/{run.pk}/" in email.body
    assert case.reference not in email.body  # the email names no case
    listing = client.get(response["Location"]).content.decode()
    assert f"Verification {run.pk} was asked for." in listing
    assert 'data-run-state="passed"' in listing
    assert "verification-runs.js" not in listing  # nothing left to follow
    detail = client.get(f"/audit/ledger/verifications/{run.pk}/").content.decode()
    assert "Every chain and checkpoint is sound." in detail


def test_a_run_fails_on_a_tampered_ledger_and_names_the_problem(
    auditor, tmp_path, runner, django_capture_on_commit_callbacks, settings
):
    settings.LANGUAGE_CODE = "en"
    ledger = SoundLedger.build(tmp_path)
    content_changed(ledger)
    client = signed_in(auditor)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(START)

    run = VerificationRun.objects.get()
    assert run.state == VerificationState.FAILED
    assert run.against_checkpoint is True and run.checkpoints_checked == 2
    (problem,) = run.problems
    assert problem["problem"] == Problem.CONTENT_CHANGED
    assert problem["reference"] == ledger.cases[0].reference
    assert problem["sequence"] == 2
    # what is stored names codes, references and hashes: not the notes' text
    assert "Nothing happened" not in str(run.problems) and "Elena" not in str(run.problems)
    detail = client.get(f"/audit/ledger/verifications/{run.pk}/").content.decode()
    assert 'data-problem="content_changed"' in detail
    assert "the note or details of event 2 were changed" in detail
    assert ledger.cases[0].reference in detail
    email = OutboxMessage.objects.get(kind="verification_done")
    assert "1 problem was found." in email.body  # (in English: the test's LANGUAGE_CODE)


def test_only_auditors_may_ask_for_a_run(user_with_role, runner):
    for role in ("secretary", "committee_chair", "member"):
        user = user_with_role(role)
        assert signed_in(user).post(START).status_code == 403
        assert api_as(user).post(API).status_code == 403
        assert api_as(user).get(API).status_code == 403
    anonymous = Client().post(START)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert api().post(API).status_code in {401, 403}
    assert not VerificationRun.objects.exists()


def test_the_api_answers_202_with_a_status_url_that_follows_the_run(
    auditor, case_with_events, runner, django_capture_on_commit_callbacks
):
    runner("worker")
    case_with_events(count=2)
    client = api_as(auditor)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(API)

    assert response.status_code == 202, response.data
    run = VerificationRun.objects.get()
    assert response.data["id"] == run.pk and response.data["state"] == "queued"
    assert response.data["status_url"].endswith(f"/api/v1/audit/verifications/{run.pk}/")
    assert response["Location"] == response.data["status_url"]
    queued = client.get(f"{API}{run.pk}/")
    assert queued.status_code == 200
    assert (queued.data["state"], queued.data["is_finished"]) == ("queued", False)

    call_command("run_verifications", stdout=mock.MagicMock())

    done = client.get(f"{API}{run.pk}/").data
    assert (done["state"], done["is_finished"], done["problems"]) == ("passed", True, [])
    assert done["events_checked"] == 3 and done["cases_checked"] == 1
    assert client.get(API).data["results"][0]["id"] == run.pk
    assert client.get(f"{API}{run.pk + 100}/").status_code == 404


def test_the_command_picks_up_runs_left_queued_and_requeues_a_stale_one(
    auditor, case_with_events, runner
):
    runner("worker")
    case_with_events(count=1)
    left = verification_runs.verification_run_request(actor=auditor)  # never started
    stale = VerificationRun.objects.create(
        requested_by=auditor,
        state=VerificationState.RUNNING,
        started_at=timezone.now() - timezone.timedelta(hours=5),
    )
    recent = VerificationRun.objects.create(
        requested_by=auditor, state=VerificationState.RUNNING, started_at=timezone.now()
    )

    call_command("run_verifications", stdout=mock.MagicMock())

    left.refresh_from_db()
    stale.refresh_from_db()
    recent.refresh_from_db()
    assert left.state == stale.state == VerificationState.PASSED
    assert recent.state == VerificationState.RUNNING  # perhaps still working elsewhere
    assert OutboxMessage.objects.filter(kind="verification_done").count() == 2


def test_a_run_is_claimed_once(auditor, case_with_events, runner):
    runner("worker")
    case_with_events(count=1)
    run = verification_runs.verification_run_request(actor=auditor)

    first = verification_runs.verification_run_execute(run.pk)
    second = verification_runs.verification_run_execute(run.pk)

    assert first.state == VerificationState.PASSED
    assert second is None
    assert OutboxMessage.objects.filter(kind="verification_done").count() == 1


def test_the_web_process_starts_a_thread_once_the_request_commits(
    auditor, runner, django_capture_on_commit_callbacks
):
    runner("thread")
    with mock.patch.object(verification_runs.threading, "Thread") as thread:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            run = verification_runs.verification_run_request(actor=auditor)
        thread.assert_not_called()  # nothing runs before the commit
        for callback in callbacks:
            callback()

    thread.assert_called_once()
    assert thread.call_args.kwargs["args"] == (run.pk,)
    thread.return_value.start.assert_called_once()


def test_a_run_that_cannot_finish_says_so(auditor, runner, django_capture_on_commit_callbacks):
    with mock.patch.object(verification_runs, "ledger_verify_all", side_effect=MemoryError):
        with django_capture_on_commit_callbacks(execute=True):
            run = verification_runs.verification_run_request(actor=auditor)

    run.refresh_from_db()
    assert (run.state, run.error) == (VerificationState.ERROR, "MemoryError")
    detail = signed_in(auditor).get(f"/audit/ledger/verifications/{run.pk}/").content.decode()
    assert "The verification could not finish." in detail


def test_a_pending_run_is_followed_by_the_page(auditor, runner):
    runner("worker")
    run = verification_runs.verification_run_request(actor=auditor)

    listing = signed_in(auditor).get("/audit/ledger/verifications/").content.decode()

    assert f'data-status-url="/api/v1/audit/verifications/{run.pk}/"' in listing
    assert "js/verification-runs.js" in listing
    assert "<noscript>" in listing


def test_a_user_without_email_is_not_emailed(runner, django_capture_on_commit_callbacks):
    auditor = UserFactory(roles=["auditor"], email="")
    with django_capture_on_commit_callbacks(execute=True):
        verification_runs.verification_run_request(actor=auditor)
    assert VerificationRun.objects.get().state == VerificationState.PASSED
    assert not OutboxMessage.objects.filter(kind="verification_done").exists()


def test_the_runs_pages_keep_valid_html(
    auditor, tmp_path, runner, django_capture_on_commit_callbacks
):
    ledger = SoundLedger.build(tmp_path)
    content_changed(ledger)
    with django_capture_on_commit_callbacks(execute=True):
        failed = verification_runs.verification_run_request(actor=auditor)
    runner("worker")
    verification_runs.verification_run_request(actor=auditor)  # still queued
    client = signed_in(auditor)

    for url in (
        "/audit/ledger/",
        "/audit/ledger/verifications/",
        f"/audit/ledger/verifications/{failed.pk}/",
    ):
        assert html_defects(client.get(url).content.decode()) == [], url


def test_the_audit_start_page_links_the_runs_and_the_newest_checkpoint(auditor, tmp_path):
    SoundLedger.build(tmp_path)  # two checkpoints

    html = signed_in(auditor).get("/audit/").content.decode()

    newest = LedgerCheckpoint.objects.order_by("-sequence").first()
    assert 'href="/audit/ledger/verifications/"' in html
    assert f'href="/audit/checkpoints/{newest.pk}.json" download' in html
    assert html_defects(html) == []
