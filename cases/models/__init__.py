"""The cases app's models, one module per area; import them from ``cases.models``."""

from .committee import (  # noqa: F401
    APPEAL_CHOICES,
    DECISION_CHOICES,
    VOTING_ROLES,
    Appeal,
    AppealOutcome,
    Body,
    CommitteeMembership,
    CommitteeRole,
    ConflictDeclaration,
    Decision,
    InternalNote,
    PanelSeat,
    Vote,
    VoteChoice,
)
from .complaints import (  # noqa: F401
    DECISION_OUTCOMES,
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
