"""The signing coverage of the code in force (issue K): over time, and per municipality.

"In force on a day" is code_of_conduct's definition (``selectors.versions``): the
published version whose ``effective_from`` is not after the day and that no version
published after it has replaced by then (its ``ends_on``, ``with_end_dates``). The
versions of the code are read once and the rule applied to each month's last day, so
the coverage over ten years costs no more queries than over one month.

A member counts on a day when the data says they were a member then: joined by that
day (or their joining date is unknown) and active now, or active until a change of
status (suspension, expulsion, leaving) recorded after that day. The member's record
keeps only the latest change, so a reinstated member counts throughout. "Signed" means
an acceptance, dated (Europe/Sofia) by that day, of the version in force that day.

Queries, whatever the number of members and months: the code (when none is given),
its versions, one aggregate over the members for every month-end, one grouped by
municipality.
"""

import datetime
from calendar import monthrange

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from cases.selectors import complaint_codes
from code_of_conduct.models import Acceptance, CodeVersion, EthicsCode, Member, MembershipStatus
from code_of_conduct.selectors.versions import PUBLIC_STATES, with_end_dates

from ..figures import Chart, Column, Kind, Period, Table

COLUMNS = [
    Column("members", _("Members"), Kind.COUNT),
    Column("signed", pgettext_lazy("figures", "Signed"), Kind.COUNT),
    Column("share", _("Share signed"), Kind.SHARE),
]


def signing_tables(*, period: Period, code: EthicsCode | None = None) -> list[Table]:
    """Coverage at each month's end of the period, and per municipality at its end."""
    code = code or main_code()
    versions = _versions_of(code)
    days = month_ends(period)
    in_force = [version_in_force(versions, day) for day in days]
    return [
        _coverage_table(code, days, in_force),
        _municipality_table(code, period.end, in_force[-1]),
    ]


def main_code() -> EthicsCode | None:
    """The association's main code, as the complaint form picks it: the first code put
    in force."""
    return complaint_codes().first()


def month_ends(period: Period) -> list[datetime.date]:
    """The last day of each month of the period; the period's end for its last month."""
    days, month = [], period.start.replace(day=1)
    while True:
        last = month.replace(day=monthrange(month.year, month.month)[1])
        days.append(min(last, period.end))
        if last >= period.end:  # stepping past 31.12.9999 would overflow
            return days
        month = last + datetime.timedelta(days=1)


def _versions_of(code: EthicsCode | None) -> list[CodeVersion]:
    if code is None:
        return []
    published = CodeVersion.objects.filter(code=code, state__in=PUBLIC_STATES)
    return list(with_end_dates(published).order_by())


def version_in_force(versions: list[CodeVersion], day: datetime.date) -> CodeVersion | None:
    """``versions_in_force_on(day)`` for versions read with ``with_end_dates``: taken
    effect by ``day`` and not replaced by then; the latest one, as ``version_in_force_on``."""
    candidates = [
        v
        for v in versions
        if v.effective_from and v.effective_from <= day and (v.ends_on is None or v.ends_on > day)
    ]
    return max(candidates, key=lambda v: (v.effective_from, v.published_at), default=None)


def member_on(day: datetime.date) -> Q:
    """Members of the association on ``day`` as far as their record tells (see above)."""
    joined = Q(joined_on__isnull=True) | Q(joined_on__lte=day)
    still_active = Q(status=MembershipStatus.ACTIVE) | Q(status_changed_on__gt=day)
    return joined & still_active


def _signed_by(version: CodeVersion, day: datetime.date) -> Exists:
    return Exists(
        Acceptance.objects.filter(
            member=OuterRef("pk"), version=version, accepted_at__date__lte=day
        )
    )


def _share(signed: int, members: int) -> float | None:
    return signed / members if members else None


def _coverage_table(code, days, in_force) -> Table:
    aggregates = {}
    for i, (day, version) in enumerate(zip(days, in_force, strict=True)):
        aggregates[f"members_{i}"] = Count("pk", filter=member_on(day))
        if version is not None:
            aggregates[f"signed_{i}"] = Count(
                "pk", filter=member_on(day) & _signed_by(version, day)
            )
    totals = Member.objects.order_by().aggregate(**aggregates)
    rows = []
    for i, day in enumerate(days):
        members, signed = totals[f"members_{i}"], totals.get(f"signed_{i}", 0)
        rows.append([f"{day.month:02d}.{day.year:04d}", members, signed, _share(signed, members)])
    return Table(
        key="signing-coverage",
        title=_("Signing coverage of the code in force"),
        columns=[Column("month", _("Month"), Kind.LABEL), *COLUMNS],
        rows=rows,
        chart=Chart.COLUMNS,
        chart_columns=["members", "signed"],
        note=_coverage_note(code, in_force),
    )


def _municipality_table(code, day, version) -> Table:
    members = Member.objects.filter(member_on(day)).order_by().values("municipality")
    signed = Count("pk", filter=_signed_by(version, day)) if version else None
    counted = members.annotate(members=Count("pk"), **({"signed": signed} if signed else {}))
    rows = [
        [row["municipality"], row["members"], row.get("signed", 0)]
        for row in counted.order_by("municipality")
    ]
    return Table(
        key="signing-by-municipality",
        title=_("Signing coverage by municipality"),
        columns=[Column("municipality", _("Municipality"), Kind.LABEL), *COLUMNS],
        rows=[[*row, _share(row[2], row[1])] for row in rows],
        chart=Chart.BARS,
        chart_columns=["share"],
        note=_municipality_note(code, day, version),
    )


MEMBERS_NOTE = _(
    "Members: those who had joined by that day and were active then (a later suspension, "
    "expulsion or departure does not count against the days before it)."
)


def _coverage_note(code, in_force) -> str:
    parts = [
        _code_note(code),
        gettext(
            "Measured on the last day of each month (the period's last day for its last "
            "month). Signed: members who had signed, by that day, the version in force "
            "that day; a new version taking effect starts again from those who signed it."
        ),
        str(MEMBERS_NOTE),
    ]
    if code is not None and None in in_force:
        parts.append(gettext("Where no version was in force, nobody is counted as signed."))
    return " ".join(parts)


def _municipality_note(code, day, version) -> str:
    parts = [_code_note(code)]
    if version is not None:
        parts.append(
            gettext("Version %(label)s, in force on %(day)s.")
            % {"label": version.label, "day": _day(day)}
        )
    elif code is not None:
        parts.append(
            gettext("No version was in force on %(day)s: nobody is counted as signed.")
            % {"day": _day(day)}
        )
    parts.append(str(MEMBERS_NOTE))
    return " ".join(parts)


def _day(day: datetime.date) -> str:
    return f"{day.day:02d}.{day.month:02d}.{day.year:04d}"  # strftime drops a year's zeros


def _code_note(code) -> str:
    if code is None:
        return gettext("No code has been put in force yet.")
    return gettext("Code: %(title)s.") % {"title": code.title}
