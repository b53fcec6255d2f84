"""Verifying the whole ledger in the background, at an auditor's request.

Verifying every chain takes as long as the ledger is long, longer than a web request
should wait. An auditor asks for a run (``verification_run_request``, from the ledger
page or ``POST /api/v1/audit/verifications/``); the run is a row, ``VerificationRun``,
queued in the request's transaction. Where it then works is a setting,
``AUDIT_VERIFICATION_RUNNER``:

- ``"thread"`` (the default): once the request commits, a daemon thread of the web
  process runs it. Nothing more to deploy; the request answers at once.
- ``"worker"``: nothing starts in the web process; ``manage.py run_verifications``
  (cron every minute, or a worker with ``--loop``) runs what is queued.
- ``"inline"``: run once the request commits, in the request (tests, tiny setups).

Either way the row is the truth, so no run is lost: a web process restarted before its
thread started leaves the run queued, and ``run_verifications`` picks it up (schedule it
even with threads); a run whose process died mid-way stays "running" until
``run_verifications`` requeues it after ``AUDIT_VERIFICATION_STALE_MINUTES``.

A run is *claimed* by one conditional UPDATE (queued → running), so two workers, or a
thread and a worker, never both run it; the worker finds the next one with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (skipping rows another worker is
claiming). No transaction stays open while the ledger is read. When it finishes, the
result is saved and an email is queued in the outbox for the auditor who asked, in one
transaction.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import connections, transaction
from django.urls import reverse
from django.utils import timezone

from ethics_tracker.core import policy
from ethics_tracker.core.outbox import outbox_enqueue

from .checkpoints import latest_checkpoint_heads
from .models import VerificationRun, VerificationState
from .verification import ledger_verify_all

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 5000  # events between two progress updates of the row


def verification_run_request(*, actor) -> VerificationRun:
    """Queue a verification of every chain for ``actor`` (an auditor) and start it
    (see the module docstring) once the caller's transaction commits."""
    policy.require(actor, "audit.verify")
    with transaction.atomic():
        run = VerificationRun(requested_by=actor)
        run.full_clean()
        run.save()
        transaction.on_commit(lambda: verification_run_start(run.pk))
    return run


def verification_run_start(run_id: int) -> None:
    """Start a queued run where ``AUDIT_VERIFICATION_RUNNER`` says."""
    runner = settings.AUDIT_VERIFICATION_RUNNER
    if runner == "inline":
        verification_run_execute(run_id)
    elif runner == "thread":
        thread = threading.Thread(
            target=_run_in_thread, args=(run_id,), name=f"verification-{run_id}", daemon=True
        )
        thread.start()
    # "worker": ``run_verifications`` picks it up.


def _run_in_thread(run_id: int) -> None:
    try:
        verification_run_execute(run_id)
    except Exception:  # a thread's exception is lost otherwise; the row says "error"
        logger.exception("verification run %s failed", run_id)
    finally:
        connections.close_all()  # this thread's own connections


def _claim(run_id: int) -> bool:
    """queued → running, for one caller only."""
    claimed = VerificationRun.objects.filter(pk=run_id, state=VerificationState.QUEUED).update(
        state=VerificationState.RUNNING, started_at=timezone.now()
    )
    return claimed == 1


def verification_run_execute(run_id: int) -> VerificationRun | None:
    """Claim the run and verify every chain and the checkpoints; None when someone else
    has claimed it (or it is not queued)."""
    if not _claim(run_id):
        return None
    return _verify(run_id)


def _verify(run_id: int) -> VerificationRun:
    """The claimed (running) run: verify, then save what was found."""

    def progress(events: int) -> None:
        VerificationRun.objects.filter(pk=run_id).update(events_checked=events)

    try:
        heads = latest_checkpoint_heads()
        summary = ledger_verify_all(checkpoint_heads=heads, progress=progress)
    except Exception as error:
        logger.exception("verification run %s could not finish", run_id)
        return _finish(run_id, state=VerificationState.ERROR, error=type(error).__name__)
    return _finish(
        run_id,
        state=VerificationState.PASSED if summary.ok else VerificationState.FAILED,
        cases_checked=summary.chains,
        events_checked=summary.events,
        checkpoints_checked=summary.checkpoints,
        against_checkpoint=heads is not None,
        problems=[_problem(problem) for problem in summary.breaks],
    )


def _problem(problem) -> dict:
    """A break as stored: codes, references, numbers and hashes (no note, no name)."""
    return {
        "reference": problem.reference,
        "sequence": problem.sequence,
        "problem": problem.problem,
        "expected": problem.expected,
        "found": problem.found,
    }


@transaction.atomic
def _finish(run_id: int, *, state: str, **values) -> VerificationRun:
    run = VerificationRun.objects.select_for_update().get(pk=run_id)
    run.state = state
    run.finished_at = timezone.now()
    for name, value in values.items():
        setattr(run, name, value)
    run.full_clean()
    run.save()
    _tell_requester(run)
    return run


def _tell_requester(run: VerificationRun) -> None:
    user = run.requested_by
    if user is None or not user.email or not user.is_active:
        return
    outbox_enqueue(
        to=user.email,
        template="audit/email/verification_done",
        context={
            "run": run,
            "state": run.get_state_display(),
            "problems": len(run.problems),
            "url": f"{settings.SITE_URL}{reverse('audit:verification', args=[run.pk])}",
        },
        kind="verification_done",
        dedupe_key=f"verification_done:{run.pk}",
    )


def verification_run_next() -> int | None:
    """Claim the oldest queued run (skipping rows another worker holds) → its id."""
    while True:
        with transaction.atomic():
            run_id = (
                VerificationRun.objects.select_for_update(skip_locked=True)
                .filter(state=VerificationState.QUEUED)
                .order_by("requested_at", "id")
                .values_list("pk", flat=True)
                .first()
            )
            if run_id is None:
                return None
            if _claim(run_id):
                return run_id


def verification_runs_requeue_stale(*, now=None) -> int:
    """Runs left "running" by a process that died: back to the queue."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.AUDIT_VERIFICATION_STALE_MINUTES)
    return VerificationRun.objects.filter(
        state=VerificationState.RUNNING, started_at__lt=cutoff
    ).update(state=VerificationState.QUEUED, started_at=None, events_checked=0)


def verification_runs_process(*, limit: int | None = None) -> list[VerificationRun]:
    """Run what is queued, oldest first (``run_verifications``); returns the runs done."""
    verification_runs_requeue_stale()
    done = []
    while limit is None or len(done) < limit:
        run_id = verification_run_next()
        if run_id is None:
            break
        done.append(_verify(run_id))
    return done
