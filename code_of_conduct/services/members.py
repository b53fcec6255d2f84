"""Every write about members and their acceptances (signatures of a code version).

An acceptance is evidence: it is written once, through these functions only, and
records the SHA-256 of the version's text at that moment. Permission checks
(who may call what) are made by the callers through ``ethics_tracker.policy``;
these functions enforce the domain rules (only the version in force, only active
members, one acceptance per member and version, a member signs only for
themselves).
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ethics_tracker.core.history import save_tracked
from ethics_tracker.core.outbox import outbox_enqueue

from ..models import (
    Acceptance,
    AcceptanceMethod,
    CodeVersion,
    Member,
    MembershipStatus,
    VersionState,
    VersionStatus,
)
from ..selectors.members import unsigned_members, version_earliest_signing_date

__all__ = [
    "IMPORT_COLUMNS",
    "MEMBER_PROFILE_FIELDS",
    "AlreadySigned",
    "ImportReport",
    "ReminderReport",
    "acceptance_import_csv",
    "acceptance_register_paper",
    "acceptance_sign",
    "member_change_status",
    "member_create",
    "member_update",
    "reminder_send",
]

MEMBER_PROFILE_FIELDS = (
    "user",
    "full_name",
    "email",
    "municipality",
    "position",
    "membership_number",
    "joined_on",
)
REMINDER_TEMPLATE = "code_of_conduct/email/acceptance_reminder"
REMINDER_KIND = "acceptance_reminder"


class AlreadySigned(ValidationError):
    """The member's acceptance of this version exists; ``acceptance`` is that record."""

    def __init__(self, acceptance: Acceptance, message: str | None = None):
        self.acceptance = acceptance
        super().__init__(
            message or _("This signature is already recorded; nothing was changed."),
            code="already_signed",
        )


# --- members ---------------------------------------------------------------


def _save_member(member: Member, *, actor, reason: str) -> Member:
    save_tracked(member, actor=actor, reason=reason)
    return member


@transaction.atomic
def member_create(*, actor, full_name, municipality, membership_number, **profile) -> Member:
    """Register a member (active from today unless ``joined_on`` says otherwise)."""
    unknown = set(profile) - set(MEMBER_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"member_create() got unknown fields: {sorted(unknown)}")
    member = Member(
        full_name=full_name,
        municipality=municipality,
        membership_number=membership_number,
        **profile,
    )
    return _save_member(member, actor=actor, reason=gettext_noop("Member registered"))


@transaction.atomic
def member_update(*, actor, member: Member, reason: str = "", **profile) -> Member:
    """Change profile fields (name, contact, municipality, account…), never the status."""
    unknown = set(profile) - set(MEMBER_PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"member_update() got unknown fields: {sorted(unknown)}")
    member = Member.objects.select_for_update().get(pk=member.pk)
    for name, value in profile.items():
        setattr(member, name, value)
    return _save_member(
        member, actor=actor, reason=reason or gettext_noop("Profile updated")
    )  # stored audit text: not translated


@transaction.atomic
def member_change_status(*, actor, member: Member, status: str, reason: str, until=None) -> Member:
    """Suspend, expel, reinstate or record that a member left; the reason goes to history.

    ``until`` (a date) is the end of a suspension and is accepted only with it.
    Callers check who may do this (``member.change_status``, or a committee
    decision in the case workflow).
    """
    if status not in MembershipStatus.values:
        raise ValidationError({"status": _("Unknown membership status.")})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the change of status.")})
    if until is not None and status != MembershipStatus.SUSPENDED:
        raise ValidationError({"until": _("Only a suspension has an end date.")})
    today = timezone.localdate()
    if until is not None and until <= today:
        raise ValidationError({"until": _("A suspension must end after today.")})
    member = Member.objects.select_for_update().get(pk=member.pk)
    if member.status == status and member.suspended_until == until:
        raise ValidationError({"status": _("The member already has this status.")})
    member.status = status
    member.status_changed_on = today
    member.suspended_until = until if status == MembershipStatus.SUSPENDED else None
    return _save_member(member, actor=actor, reason=reason)


# --- acceptances -----------------------------------------------------------


def _lock(version: CodeVersion, member: Member) -> tuple[CodeVersion, Member]:
    # Always version first, then member: a publication (which supersedes the
    # version) and a signature cannot interleave, and two tabs of the same member
    # wait for each other instead of racing.
    version = CodeVersion.objects.select_for_update().get(pk=version.pk)
    member = Member.objects.select_for_update().get(pk=member.pk)
    return version, member


def _find(member: Member, version: CodeVersion) -> Acceptance | None:
    return Acceptance.objects.filter(member=member, version=version).first()


def _refusals(*, member, version) -> list[ValidationError]:
    """Why ``member`` may not sign ``version`` now (online or on paper), if at all."""
    errors = []
    if version.state == VersionState.DRAFT:
        errors.append(
            ValidationError(
                _("This version is a draft: only a published version can be signed."),
                code="draft",
            )
        )
    elif version.status not in (VersionStatus.IN_FORCE, VersionStatus.SCHEDULED):
        errors.append(
            ValidationError(
                _("This version has been superseded: sign the version in force instead."),
                code="superseded",
            )
        )
    elif not version.content_hash:
        errors.append(
            ValidationError(_("This version has no SHA-256 fingerprint yet."), code="no_hash")
        )
    if not member.is_active_member:
        errors.append(
            ValidationError(
                _("Only active members sign the code; this membership is “%(status)s”."),
                code="inactive",
                params={"status": member.get_status_display()},
            )
        )
    return errors


def _record(*, actor, member, version, method, accepted_at, reason, **fields) -> Acceptance:
    existing = _find(member, version)
    if existing is not None:
        raise AlreadySigned(existing)
    acceptance = Acceptance(
        member=member,
        version=version,
        content_hash=version.content_hash,
        accepted_at=accepted_at,
        method=method,
        recorded_by=actor if getattr(actor, "pk", None) else None,
        **fields,
    )
    # The (member, version) constraint is left to the database: a second tab that
    # slipped past the check above meets IntegrityError below, answered cleanly.
    try:
        with transaction.atomic():
            save_tracked(
                acceptance,
                actor=acceptance.recorded_by,
                reason=reason,
                validate_constraints=False,
            )
    except IntegrityError:
        existing = _find(member, version)
        if existing is None:
            raise
        raise AlreadySigned(existing) from None
    return acceptance


def _local_noon(day: datetime.date) -> datetime.datetime:
    # Noon, so the date reads the same in any time zone and across DST changes.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _date_refusals(version: CodeVersion, day: datetime.date) -> list[ValidationError]:
    if day > timezone.localdate():
        return [ValidationError(_("The date is in the future."), code="future")]
    earliest = version_earliest_signing_date(version)
    if earliest and day < earliest:
        return [
            ValidationError(
                _("The date is before this version was adopted (%(date)s)."),
                code="too_early",
                params={"date": earliest.isoformat()},
            )
        ]
    return []


@transaction.atomic
def acceptance_sign(
    *, actor, member: Member, version: CodeVersion, confirmed: bool, ip_address=None, user_agent=""
) -> Acceptance:
    """A member signs the version in force online, for themselves.

    ``confirmed`` is the member's explicit statement of having read the version
    (never pre-ticked). Records the version's SHA-256 at this moment, the IP and
    the browser. Raises ``AlreadySigned`` when the signature exists (a double
    click or a second tab): one acceptance, and a clear answer for the other.
    """
    if actor is None or member.user_id is None or member.user_id != actor.pk:
        raise PermissionDenied(_("Members sign only for themselves."))
    if not confirmed:
        raise ValidationError(
            {"confirmed": _("Confirm that you have read this version before signing it.")}
        )
    version, member = _lock(version, member)
    errors = _refusals(member=member, version=version)
    if errors:
        raise ValidationError(errors)
    return _record(
        actor=actor,
        member=member,
        version=version,
        method=AcceptanceMethod.ONLINE,
        accepted_at=timezone.now(),
        reason=gettext_noop("Signed online"),
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
    )


@transaction.atomic
def acceptance_register_paper(
    *, actor, member: Member, version: CodeVersion, signed_on: datetime.date, note: str = ""
) -> Acceptance:
    """The secretary records a signature made on paper, dated as on the paper."""
    version, member = _lock(version, member)
    errors = _refusals(member=member, version=version)
    errors += _date_refusals(version, signed_on)
    if errors:
        raise ValidationError(errors)
    return _record(
        actor=actor,
        member=member,
        version=version,
        method=AcceptanceMethod.PAPER,
        accepted_at=_local_noon(signed_on),
        reason=gettext_noop("Paper acceptance registered"),
        note=note,
    )


# --- import of historical acceptances ----------------------------------------

IMPORT_COLUMNS = ("membership_number", "code", "version", "signed_on")
IMPORT_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y")


@dataclass
class ImportReport:
    """What an import found: valid rows, rows already recorded, errors by line."""

    dry_run: bool
    valid: int = 0
    created: int = 0
    skipped: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _ImportRow:
    line: int
    member: Member
    version: CodeVersion
    signed_on: datetime.date
    note: str


def _parse_date(text: str) -> datetime.date | None:
    for fmt in IMPORT_DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    return None


def _reader(text: str) -> csv.DictReader:
    """A reader for comma-, semicolon- or tab-separated text with a header row."""
    text = text.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    except (csv.Error, IndexError):
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    reader.fieldnames = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    return reader


def _lookups(records: list[dict]) -> tuple[dict, dict]:
    numbers = {(r.get("membership_number") or "").strip() for r in records}
    codes = {(r.get("code") or "").strip() for r in records}
    members = {m.membership_number: m for m in Member.objects.filter(membership_number__in=numbers)}
    versions = {
        (v.code.slug, v.label): v
        for v in CodeVersion.objects.filter(code__slug__in=codes).select_related("code")
    }
    return members, versions


def _check_row(record: dict, members: dict, versions: dict) -> tuple[_ImportRow | None, list]:
    number = (record.get("membership_number") or "").strip()
    code = (record.get("code") or "").strip()
    label = (record.get("version") or "").strip()
    raw_date = (record.get("signed_on") or "").strip()
    note = (record.get("note") or "").strip()
    problems = []
    member = members.get(number)
    if member is None:
        problems.append(_("no member has the membership number “%(number)s”") % {"number": number})
    version = versions.get((code, label))
    if version is None:
        problems.append(
            _("the code “%(code)s” has no version “%(label)s”") % {"code": code, "label": label}
        )
    elif version.state == VersionState.DRAFT or not version.content_hash:
        problems.append(
            _("version “%(label)s” is a draft and cannot have been signed") % {"label": label}
        )
    signed_on = _parse_date(raw_date)
    if signed_on is None:
        problems.append(_("the date “%(date)s” is not a date like 2024-03-31") % {"date": raw_date})
    elif version is not None:
        problems += [error.messages[0] for error in _date_refusals(version, signed_on)]
    if len(note) > 500:
        problems.append(_("the note is longer than 500 characters"))
    if problems:
        return None, problems
    return _ImportRow(0, member, version, signed_on, note), []


def _validate_import(text: str, report: ImportReport) -> list[_ImportRow]:
    reader = _reader(text)
    missing = [c for c in IMPORT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        report.errors.append(
            (1, _("missing columns: %(columns)s") % {"columns": ", ".join(missing)})
        )
        return []
    records = []
    try:
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error as error:
        report.errors.append((reader.line_num, _("unreadable CSV: %(error)s") % {"error": error}))
        return []
    if not records:
        report.errors.append((1, _("the file has no rows after the header")))
        return []
    members, versions = _lookups([record for _line, record in records])
    recorded = Acceptance.objects.filter(member__in=members.values())
    existing = set(recorded.values_list("member_id", "version_id"))
    seen: dict[tuple[int, int], int] = {}
    rows = []
    for line, record in records:
        row, problems = _check_row(record, members, versions)
        if problems:
            report.errors.append((line, "; ".join(str(p) for p in problems)))
            continue
        pair = (row.member.pk, row.version.pk)
        if pair in seen:
            report.errors.append((line, _("repeats line %(line)d") % {"line": seen[pair]}))
        elif pair in existing:
            report.skipped.append((line, _("already recorded; left as it is")))
        else:
            seen[pair] = line
            row.line = line
            rows.append(row)
    report.valid = len(rows)
    return rows


@transaction.atomic
def acceptance_import_csv(*, actor, text: str, dry_run: bool = True) -> ImportReport:
    """Import historical acceptances from CSV text, all or nothing.

    Columns: ``membership_number, code, version, signed_on`` (YYYY-MM-DD or
    DD.MM.YYYY) and an optional ``note``; comma or semicolon separated. Every bad
    row is reported with its line number and then nothing is saved; ``dry_run``
    only reports. Rows already recorded are skipped, so a file can be re-run.
    Members of any status may appear (a past signature stays a fact).
    """
    report = ImportReport(dry_run=dry_run)
    rows = _validate_import(text, report)
    if dry_run or report.errors:
        return report
    for row in rows:
        _record(
            actor=actor,
            member=row.member,
            version=row.version,
            method=AcceptanceMethod.IMPORTED,
            accepted_at=_local_noon(row.signed_on),
            reason=gettext_noop("Imported from earlier records"),
            note=row.note,
        )
        report.created += 1
    return report


# --- reminders ---------------------------------------------------------------


@dataclass
class ReminderReport:
    queued: int = 0
    already_reminded: int = 0
    without_email: int = 0


def _reminder_key(version: CodeVersion, member: Member, day: datetime.date) -> str:
    return f"acceptance-reminder:v{version.pk}:m{member.pk}:{day.isoformat()}"


@transaction.atomic
def reminder_send(*, actor, version: CodeVersion) -> ReminderReport:
    """Queue a reminder email to every active member who has not signed ``version``.

    At most one reminder per member, per version, per calendar day (Europe/Sofia):
    the outbox ``dedupe_key`` holds the day, so pressing the button twice, or two
    secretaries pressing it together, queues each email once.
    """
    if version.status != VersionStatus.IN_FORCE:
        raise ValidationError(_("Reminders are sent only for the version in force."))
    report = ReminderReport()
    day = timezone.localdate()
    sign_path = reverse("members:sign_version", args=[version.pk])
    for member in unsigned_members(version=version).iterator():
        if not member.email:
            report.without_email += 1
            continue
        try:
            with transaction.atomic():
                message = outbox_enqueue(
                    to=member.email,
                    template=REMINDER_TEMPLATE,
                    context={
                        "member_name": member.full_name,
                        "code_title": version.code.title,
                        "version_label": version.label,
                        "sign_path": sign_path,
                    },
                    kind=REMINDER_KIND,
                    dedupe_key=_reminder_key(version, member, day),
                )
        except IntegrityError:  # queued by a concurrent press of the button
            message = None
        if message is None:
            report.already_reminded += 1
        else:
            report.queued += 1
    return report
