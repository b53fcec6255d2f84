"""Reads shared by the complaint pages and the API, one module per side of a case:

- ``filing``: the codes a complaint can cite, the version in force on the day of the
  conduct, its citable provisions, the members a complaint can name;
- ``complainant``: a case by its receipt, what the complainant reads and sees;
- ``secretariat``: the secretary's list of incoming complaints and case;
- ``committee``: the committee's list, case, timeline, notes, conflicts, decisions;
- ``respondent``: the respondent's cases and case;
- ``messages``: each party's thread (without the member's reply), the reply, forwarding;
- ``records``: how a row leads to its case (retention, the audit trail), evidence files;
- ``evidence``: the files the respondent may see, under names that cannot identify the
  complainant;
- ``register``: the public register of decisions (published entries, years, provisions).

Callers import from here (``from cases import selectors``; ``selectors.case_path``).
"""

from .committee import (
    ACTOR_LABELS,
    LedgerLine,
    committee_case_get,
    committee_case_list,
    committee_timeline,
    conflicts,
    decisions,
    internal_notes,
)
from .complainant import (
    CHANNEL_EVENT,
    NEXT_STEP,
    NO_MATCH_MESSAGE,
    PUBLIC_STATUS,
    TimelineEntry,
    case_by_receipt,
    case_files_for_complainant,
    case_messages_for_complainant,
    case_public_timeline,
    complainant_file_count,
)
from .evidence import (
    RespondentFile,
    files_for_respondent,
    is_respondent_of,
    neutral_name,
    respondent_file_name,
    respondent_file_names,
)
from .filing import (
    ProvisionGroup,
    citable_provision_ids,
    citable_provisions,
    complaint_codes,
    respondent_choices,
    version_for_conduct,
)
from .messages import (
    forward_reasons,
    forwardable_messages,
    party_thread,
    respondent_reply_messages,
    respondent_thread,
)
from .records import case_path, evidence_get
from .register import (
    appeal_outcome_label,
    entry_sanction_label,
    outcome_label,
    published_decision,
    published_decisions,
    register_provisions,
    register_years,
)
from .respondent import respondent_case_get, respondent_cases
from .secretariat import case_get_for_staff, case_list_incoming, case_messages_for_staff
from .sorting import COMMITTEE_SORTS, INCOMING_SORTS, Sort, parse_sort, sort_choices, sort_headers
from .sorting import ordering as sort_ordering

__all__ = [
    # sorting
    "COMMITTEE_SORTS",
    "INCOMING_SORTS",
    "Sort",
    "parse_sort",
    "sort_choices",
    "sort_headers",
    "sort_ordering",
    # filing
    "ProvisionGroup",
    "citable_provision_ids",
    "citable_provisions",
    "complaint_codes",
    "respondent_choices",
    "version_for_conduct",
    # complainant
    "CHANNEL_EVENT",
    "NEXT_STEP",
    "NO_MATCH_MESSAGE",
    "PUBLIC_STATUS",
    "TimelineEntry",
    "case_by_receipt",
    "case_files_for_complainant",
    "case_messages_for_complainant",
    "case_public_timeline",
    "complainant_file_count",
    # secretariat
    "case_get_for_staff",
    "case_list_incoming",
    "case_messages_for_staff",
    # committee
    "ACTOR_LABELS",
    "LedgerLine",
    "committee_case_get",
    "committee_case_list",
    "committee_timeline",
    "conflicts",
    "decisions",
    "internal_notes",
    # the public register of decisions
    "appeal_outcome_label",
    "entry_sanction_label",
    "outcome_label",
    "published_decision",
    "published_decisions",
    "register_provisions",
    "register_years",
    # respondent
    "respondent_case_get",
    "respondent_cases",
    # each party's thread
    "forward_reasons",
    "forwardable_messages",
    "party_thread",
    "respondent_reply_messages",
    "respondent_thread",
    # records
    "case_path",
    "evidence_get",
    # evidence
    "RespondentFile",
    "files_for_respondent",
    "is_respondent_of",
    "neutral_name",
    "respondent_file_name",
    "respondent_file_names",
]
