"""The audit app's own record: checkpoints of the case ledgers.

The table keeps the name it had before audit was an app of its own (``db_table``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ethics_tracker.core.models import AppendOnlyModel


class LedgerCheckpoint(AppendOnlyModel):
    """The head (sequence, hash) of every case ledger at one moment, signed.

    Numbered and chained (the ``document`` names the digest of the checkpoint before
    it) and signed with Ed25519 (see ``ethics_tracker.audit.checkpoints``). Auditors
    keep the JSON ``document`` outside the system (``ledger_checkpoint`` prints and
    writes it) and anyone may keep the public transparency log; ``verify_ledger
    --checkpoint FILE`` then proves that no chain lost its newest events and no
    checkpoint was deleted or rewritten since. The database refuses UPDATE and
    DELETE of these rows (triggers, audit migration 0003).
    """

    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    sequence = models.PositiveIntegerField(_("number"), unique=True)
    chains = models.PositiveIntegerField(_("chains"))
    document = models.JSONField(_("checkpoint document"))
    digest = models.CharField(_("SHA-256 of the document"), max_length=64)
    signing_key = models.CharField(_("signing key"), max_length=16)
    signature = models.CharField(_("signature"), max_length=100)

    class Meta:
        db_table = "ethics_tracker_ledgercheckpoint"
        verbose_name = _("ledger checkpoint")
        verbose_name_plural = _("ledger checkpoints")
        ordering = ["-sequence"]

    def __str__(self):
        return f"checkpoint {self.sequence} ({self.created_at:%Y-%m-%d %H:%M})"


class VerificationState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    PASSED = "passed", _("Passed: every chain is sound")
    FAILED = "failed", _("Failed: the ledger is broken")
    ERROR = "error", _("Could not finish")


VERIFICATION_FINISHED = (
    VerificationState.PASSED,
    VerificationState.FAILED,
    VerificationState.ERROR,
)


class VerificationRun(models.Model):
    """One verification of every chain and the checkpoints, asked for by an auditor and
    run in the background (``ethics_tracker.audit.verification_runs``).

    It keeps what was checked and what was found — case references, sequence numbers,
    problem codes and hashes (``LedgerBreak``), never a note, a name or an address —
    so the record of the run holds no personal data. Its only changes are its own
    progress (queued → running → passed, failed or error), made by the run itself.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=VerificationState.choices,
        default=VerificationState.QUEUED,
        db_index=True,
    )
    cases_checked = models.PositiveIntegerField(_("cases checked"), default=0)
    events_checked = models.PositiveBigIntegerField(_("events checked"), default=0)
    checkpoints_checked = models.PositiveIntegerField(_("checkpoints checked"), default=0)
    against_checkpoint = models.BooleanField(_("checked against a checkpoint"), default=False)
    problems = models.JSONField(
        _("problems found"),
        default=list,
        blank=True,
        help_text=_("Each break: reference, sequence, problem code, expected and found."),
    )
    error = models.CharField(_("why it could not finish"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("ledger verification run")
        verbose_name_plural = _("ledger verification runs")
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"verification {self.pk} ({self.state})"

    @property
    def is_finished(self) -> bool:
        return self.state in VERIFICATION_FINISHED
