"""Demo users for every role, and the demo clock. Known passwords: a local demo only."""

import datetime
from contextlib import contextmanager

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext as _

from .policy import Role

DEMO_PASSWORD = "demo-pass-2026"  # noqa: S105 (printed by make run on purpose)

# username, first name, last name, roles, is_staff/superuser
DEMO_USERS = [
    ("admin", "Ada", "Admin", [], True),
    ("secretary", "Светла", "Секретарова", [Role.SECRETARY], False),
    ("chair", "Петър", "Председателев", [Role.COMMITTEE_CHAIR, Role.COMMITTEE_MEMBER], False),
    ("deputy", "Димитрина", "Заместникова", [Role.COMMITTEE_MEMBER], False),
    ("committee1", "Калин", "Комисиев", [Role.COMMITTEE_MEMBER], False),
    ("committee2", "Мария", "Етична", [Role.COMMITTEE_MEMBER], False),
    ("lay", "Любомир", "Външен", [Role.COMMITTEE_MEMBER], False),
    ("auditor", "Анна", "Одиторова", [Role.AUDITOR], False),
    ("member", "Мартин", "Членов", [Role.MEMBER], False),
]


def seed(stdout) -> dict:
    """Create (or refresh) the demo users; return them by username."""
    user_model = get_user_model()
    users = {}
    for username, first, last, roles, is_admin in DEMO_USERS:
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": is_admin,
                "is_superuser": is_admin,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.add(*Group.objects.filter(name__in=[str(r) for r in roles]))
        users[username] = user
    stdout.write(f"Demo users: {len(users)} (password for all: {DEMO_PASSWORD})")
    # Staff enrol an authenticator app at their first login, as in production: the
    # enrolment page shows the key as text too (README "2FA enrolment").
    stdout.write(
        "Staff (every role but member, and admin) set up a second factor at first login: "
        "scan the QR code or type the key into an authenticator app."
    )
    return users


def describe_logins() -> list[tuple[str, str]]:
    """Every account with the demo password's users' roles, as ``make run`` prints them.

    Read from the database so that logins other apps' demos add (e.g. a third
    committee member for appeal bodies) are listed too.
    """
    labels = {role.value: str(role.label) for role in Role}
    rows = []
    users = get_user_model().objects.prefetch_related("groups").order_by("id")
    for user in users:
        roles = [labels[g.name] for g in user.groups.all() if g.name in labels]
        if user.is_superuser:
            roles.insert(0, str(_("Administrator")))
        rows.append((user.get_username(), ", ".join(roles)))
    return rows


@contextmanager
def demo_clock(instant: datetime.datetime):
    """Run the real services as if it were ``instant`` (the demo's past cases).

    The services, the calendar, the ledger, the history rows and ``auto_now`` fields
    all read the time through ``django.utils.timezone.now()`` at call time (the local
    date too: ``localdate()`` calls ``now()``), so setting that one name is enough.
    Only for ``seed_demo``: nothing else may travel in time.
    """
    real = timezone.now
    timezone.now = lambda: instant
    try:
        yield instant
    finally:
        timezone.now = real


def demo_instant(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """``day`` at ``hour:minute`` in the site's time zone (Europe/Sofia), aware."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
