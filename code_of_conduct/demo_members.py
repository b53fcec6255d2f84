"""Demo members and their signatures, called by ``seed_demo`` after the codes' demo.

Idempotent: members are found by membership number, and acceptances that exist
are left alone. Every write goes through the services. The demo user "member"
is linked to a member who has NOT signed the version in force, so the banner
shows when they log in.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import Acceptance, CodeVersion, Member, MembershipStatus, VersionState
from .selectors.members import version_earliest_signing_date
from .services import members as services

MUNICIPALITIES = [
    "София",
    "Пловдив",
    "Варна",
    "Бургас",
    "Русе",
    "Стара Загора",
    "Плевен",
]
FIRST_NAMES = [
    "Иван",
    "Мария",
    "Георги",
    "Елена",
    "Николай",
    "Десислава",
    "Стефан",
    "Радостина",
    "Петя",
    "Христо",
]
LAST_NAMES = ["Петров", "Иванова", "Димитров", "Стоянова", "Георгиев", "Николова"]
POSITIONS = ["Експерт връзки с обществеността", "Говорител", "Главен експерт комуникации"]
DEMO_MEMBER_COUNT = 30
# Demo members whose membership is not active (they do not count in coverage).
INACTIVE = {
    27: (MembershipStatus.SUSPENDED, "Demo: suspended by a committee decision"),
    29: (MembershipStatus.LEFT, "Demo: left the association"),
}
# Every third active member has not signed the version in force yet, and in two
# municipalities every other one more (so coverage differs by municipality; in Варна
# everyone signed).
UNSIGNED_EVERY = 3
FULLY_SIGNED, HALF_SIGNED = {"Варна"}, {"Русе", "Плевен"}
# Paper signatures are dated up to ~21 months back, so coverage climbs month by month.
SIGNED_SPREAD_DAYS, SIGNED_STEP_DAYS = 640, 71
# Members who joined recently (number, joined days ago, signed days after joining or
# None): each dips the coverage when they join and raises it when they sign.
JOINERS = [(31, 420, 75), (32, 300, 40), (33, 210, None), (34, 130, 50), (35, 45, None)]
LINKED_NUMBER = "M-100"


def _name(n: int) -> str:
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[(n * 7) % len(LAST_NAMES)]
    female = first.endswith("а") or first.endswith("я")
    if female and not last.endswith("а"):
        last += "а"
    if not female and last.endswith("а"):
        last = last[:-1]
    return f"{first} {last}"


def _ensure_member(actor, number: str, **profile) -> Member:
    member = Member.objects.filter(membership_number=number).first()
    if member is None:
        member = services.member_create(actor=actor, membership_number=number, **profile)
    return member


def _seed_members(actor) -> list[Member]:
    members = []
    for n in range(1, DEMO_MEMBER_COUNT + 1):
        member = _ensure_member(
            actor,
            f"M-{n:03d}",
            full_name=_name(n),
            municipality=MUNICIPALITIES[n % len(MUNICIPALITIES)],
            position=POSITIONS[n % len(POSITIONS)],
            email="" if n % 11 == 0 else f"member{n:03d}@example.org",
            joined_on=datetime.date(2004 + n % 15, 1 + n % 12, 1),
        )
        if n in INACTIVE and member.status == MembershipStatus.ACTIVE:
            status, reason = INACTIVE[n]
            member = services.member_change_status(
                actor=actor, member=member, status=status, reason=reason
            )
        members.append(member)
    return members


def _link_demo_user(actor, user) -> Member | None:
    if user is None:
        return None
    member = Member.objects.filter(user=user).first()
    if member is not None:
        return member
    return _ensure_member(
        actor,
        LINKED_NUMBER,
        full_name=user.get_full_name() or user.username,
        municipality=MUNICIPALITIES[0],
        position=POSITIONS[0],
        email=user.email,
        joined_on=datetime.date(2012, 3, 1),
        user=user,
    )


def _import_history(actor, version: CodeVersion, members: list[Member]) -> int:
    """Signatures of a superseded version, loaded like a secretary's CSV import."""
    start = version_earliest_signing_date(version) or timezone.localdate()
    lines = ["membership_number,code,version,signed_on,note"]
    for i, member in enumerate(members):
        day = min(start + datetime.timedelta(days=30 + 3 * i), timezone.localdate())
        lines.append(f"{member.membership_number},{version.code.slug},{version.label},{day},demo")
    report = services.acceptance_import_csv(actor=actor, text="\n".join(lines), dry_run=False)
    return report.created


def _sign_on_paper(actor, version: CodeVersion, members: list[Member], offset: int) -> int:
    signed = set(Acceptance.objects.filter(version=version).values_list("member_id", flat=True))
    earliest = version_earliest_signing_date(version) or timezone.localdate()
    created = 0
    for i, member in enumerate(members):
        if member.pk in signed or _stays_unsigned(i + offset, member):
            continue
        if not member.is_active_member:
            continue
        days_ago = 20 + (i * SIGNED_STEP_DAYS) % SIGNED_SPREAD_DAYS
        day = max(earliest, timezone.localdate() - datetime.timedelta(days=days_ago))
        try:
            services.acceptance_register_paper(
                actor=actor, member=member, version=version, signed_on=day, note="demo"
            )
        except ValidationError:
            continue  # e.g. a version that takes effect in the future
        created += 1
    return created


def _stays_unsigned(n: int, member: Member) -> bool:
    if member.municipality in FULLY_SIGNED:
        return False
    return n % UNSIGNED_EVERY == 0 or (member.municipality in HALF_SIGNED and n % 2 == 0)


def _seed_joiners(actor) -> list[Member]:
    """Members who joined within the dashboard's months, signed a while later (or not)."""
    today = timezone.localdate()
    joiners = []
    for n, joined_ago, _signs_after in JOINERS:
        joiners.append(
            _ensure_member(
                actor,
                f"M-{n:03d}",
                full_name=_name(n),
                municipality=MUNICIPALITIES[n % len(MUNICIPALITIES)],
                position=POSITIONS[n % len(POSITIONS)],
                email=f"member{n:03d}@example.org",
                joined_on=today - datetime.timedelta(days=joined_ago),
            )
        )
    return joiners


def _sign_joiners(actor, version: CodeVersion, joiners: list[Member]) -> int:
    signed = set(Acceptance.objects.filter(version=version).values_list("member_id", flat=True))
    created = 0
    for member, (_n, joined_ago, signs_after) in zip(joiners, JOINERS, strict=True):
        if signs_after is None or member.pk in signed:
            continue
        day = timezone.localdate() - datetime.timedelta(days=joined_ago - signs_after)
        services.acceptance_register_paper(
            actor=actor, member=member, version=version, signed_on=day, note="demo"
        )
        created += 1
    return created


def seed(stdout, users) -> None:
    actor = users.get("secretary")
    members = _seed_members(actor)
    linked = _link_demo_user(actor, users.get("member"))
    history = [*members, linked] if linked else members
    imported = paper = 0
    for version in CodeVersion.objects.filter(state=VersionState.SUPERSEDED, content_hash__gt=""):
        imported += _import_history(actor, version, history)
    in_force = CodeVersion.objects.filter(state=VersionState.PUBLISHED, content_hash__gt="")
    joiners = _seed_joiners(actor)
    for offset, version in enumerate(in_force.order_by("pk")):
        paper += _sign_on_paper(actor, version, members, offset)
        if offset == 0:  # the association's own code
            paper += _sign_joiners(actor, version, joiners)
    stdout.write(
        f"Demo members: {Member.objects.count()} "
        f"({imported} earlier signatures imported, {paper} paper signatures recorded)"
    )
