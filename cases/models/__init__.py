"""The cases app's models, one module per area; import them from ``cases.models``."""

from .complaints import (  # noqa: F401
    WITHDRAWABLE_STATES,
    Case,
    CaseMessage,
    CaseOutcome,
    CaseReferenceCounter,
    CaseState,
    Channel,
    EvidenceFile,
    OutboxMessage,
    OutboxStatus,
    Party,
    evidence_upload_to,
)
from .ledger import LedgerContent, LedgerEvent, LedgerImmutable  # noqa: F401
