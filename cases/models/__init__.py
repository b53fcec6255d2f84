"""The cases app's models, one module per area; import them from ``cases.models``.

``case`` (the case and its state machine), ``messages`` (each party's conversation
and the evidence), ``committee`` (memberships, panels, votes, decisions, appeals),
``hearings`` (the body hears the parties), ``publication`` (the public register of
decisions), ``ledger`` (the hash-chained events), and
``bodies`` / ``conditions`` (the reads the transitions' conditions ask).
"""

from .case import (  # noqa: F401
    DECISION_OUTCOMES,
    WITHDRAWABLE_STATES,
    Case,
    CaseOutcome,
    CaseReferenceCounter,
    CaseState,
    Channel,
)
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
from .hearings import Hearing, HearingAttendance, HearingState  # noqa: F401
from .ledger import LedgerContent, LedgerEvent, LedgerImmutable  # noqa: F401
from .messages import CaseMessage, EvidenceFile, Party, evidence_upload_to  # noqa: F401
from .publication import DecisionPublication  # noqa: F401
