from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.test import Client, RequestFactory
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from cases.models import CommitteeRole
from code_of_conduct.models import ProvisionKind
from code_of_conduct.services.versions import version_publish
from ethics_tracker.accounts.models import TOTPDevice
from ethics_tracker.accounts.policy import needs_second_factor
from tests.factories import (
    MEMBERS_ADOPTED,
    CaseFactory,
    CodeVersionFactory,
    CommitteeMembershipFactory,
    EthicsCodeFactory,
    MemberFactory,
    ProvisionFactory,
    UserFactory,
)


def pytest_runtest_setup(item):
    """``@pytest.mark.postgres`` tests need PostgreSQL; CI runs the suite there too."""
    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL); CI runs this on PostgreSQL")


@pytest.fixture
def user_with_role(db):
    """``user_with_role("secretary", username="s")`` → a saved user in those role groups."""

    def make(*roles, **fields):
        return UserFactory(roles=list(roles), **fields)

    return make


@pytest.fixture
def secretary(user_with_role):
    return user_with_role("secretary", username="secretary")


@pytest.fixture
def auditor(user_with_role):
    return user_with_role("auditor", username="auditor")


@pytest.fixture
def member_user(user_with_role):
    return user_with_role("member", username="member")


# --- complaints: uploads and following a case (cases, audit) ------------------------------


@pytest.fixture
def upload():
    """``upload("a.png", PNG)`` → an uploaded file, as a form or the API receives it."""

    def make(name: str, content: bytes, content_type="application/octet-stream"):
        return SimpleUploadedFile(name, content, content_type)

    return make


@pytest.fixture
def follow_in():
    """``follow_in(client, case, code)`` → the response to signing in with a receipt code."""

    def follow(client, case, code: str):
        return client.post(
            "/complaints/follow/", {"reference": case.reference, "receipt_code": code}
        )

    return follow


# --- the committee and its cases (cases, audit, e2e) -------------------------------------


@dataclass
class Committee:
    chair: object
    deputy: object
    members: list  # three ordinary members: the first panel
    lay: object
    secretary: object
    others: list = field(default_factory=list)  # two more: the appeal body with the deputy

    @property
    def panel(self):
        return self.members

    @property
    def appeal_body(self):
        return [self.deputy, *self.others]


@pytest.fixture
def make_committee():
    """``make_committee(prefix="")`` → a whole committee, each person seated in their role."""

    def make(prefix="") -> Committee:
        def person(name, role, groups):
            user = UserFactory(username=f"{prefix}{name}", roles=list(groups))
            CommitteeMembershipFactory(user=user, role=role)
            return user

        return Committee(
            chair=person("chair", CommitteeRole.CHAIR, ["committee_chair", "committee_member"]),
            deputy=person("deputy", CommitteeRole.DEPUTY_CHAIR, ["committee_member"]),
            members=[
                person(f"panelist{n}", CommitteeRole.MEMBER, ["committee_member"])
                for n in (1, 2, 3)
            ],
            lay=person("lay", CommitteeRole.LAY, ["committee_member"]),
            secretary=person("secretary", CommitteeRole.SECRETARY, ["secretary"]),
            others=[
                person(f"appellate{n}", CommitteeRole.MEMBER, ["committee_member"]) for n in (1, 2)
            ],
        )

    return make


@pytest.fixture
def case_with_respondent_account():
    """A complaint about a member who has an account (so they can reply and appeal)."""

    def make(**kwargs):
        respondent_user = UserFactory(roles=["member"])
        member = MemberFactory(user=respondent_user, email=respondent_user.email)
        case = CaseFactory(respondent=member, **kwargs)
        case.respondent_user = respondent_user
        return case

    return make


# --- code versions in force (cases, e2e) ------------------------------------------------


def _put_in_force(version, *, effective_from, user=None):
    """Put a version in force the way the code app does: the transition, then save."""
    version.publish()
    version.effective_from = effective_from
    version.adopted_on = effective_from
    version.published_at = timezone.now()
    version.published_by = user
    version.save()
    return version


@pytest.fixture
def make_version():
    """``make_version(code, label, effective_from, [(number, heading), ...])`` → a version
    in force: a chapter holding the given articles."""

    def make(code, label, effective_from, articles):
        version = CodeVersionFactory(code=code, label=label, title=f"Sample code {label}")
        chapter = ProvisionFactory(
            version=version,
            kind=ProvisionKind.CHAPTER,
            position=1,
            number="I",
            key="ch-1",
            heading="General principles",
        )
        for position, (number, heading) in enumerate(articles, start=2):
            ProvisionFactory(
                version=version,
                parent=chapter,
                position=position,
                number=number,
                key=f"art-{number}",
                heading=heading,
            )
        return _put_in_force(version, effective_from=effective_from)

    return make


# --- members and the versions they sign (code_of_conduct, e2e) ---------------------------
# tests/cases overrides ``published_version`` with its one fixed version in force.


@pytest.fixture
def draft_version():
    """``draft_version(code=None, provisions=3, **fields)`` → a draft with ``provisions``."""

    def make(*, code=None, provisions=3, **fields):
        version = CodeVersionFactory(code=code or EthicsCodeFactory(), **fields)
        for _ in range(provisions):
            ProvisionFactory(version=version)
        return version

    return make


@pytest.fixture
def publish_version():
    """Put ``version`` into force through the code app's service (the hash is computed there)."""

    def publish(version, *, adopted_on=MEMBERS_ADOPTED, effective_from=None):
        return version_publish(
            actor=None, version=version, adopted_on=adopted_on, effective_from=effective_from
        )

    return publish


@pytest.fixture
def published_version(draft_version, publish_version):
    """``published_version(code=None, adopted_on=MEMBERS_ADOPTED, **fields)`` → in force."""

    def make(*, code=None, adopted_on=MEMBERS_ADOPTED, **fields):
        return publish_version(draft_version(code=code, **fields), adopted_on=adopted_on)

    return make


@pytest.fixture
def member_with_account():
    """``member_with_account(username="member", **fields)`` → a member linked to a login
    account in the ``member`` role."""

    def make(username="member", **fields):
        user = UserFactory(username=username, roles=["member"])
        return MemberFactory(user=user, **fields)

    return make


# --- settings -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _isolated(request, settings, tmp_path):
    """Evidence files in a temporary MEDIA_ROOT; throttle counters start from zero.

    The counters live in the database cache, so only a test with database access
    can (and needs to) clear them.
    """
    settings.MEDIA_ROOT = tmp_path / "uploads"
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        cache.clear()
    yield
    if uses_db:
        cache.clear()


@pytest.fixture(autouse=True)
def _test_templates(settings):
    """Templates used only by tests (e.g. a sample email) live in tests/templates."""
    settings.TEMPLATES[0]["DIRS"] = [
        *settings.TEMPLATES[0]["DIRS"],
        settings.BASE_DIR / "tests" / "templates",
    ]


# --- staff login ----------------------------------------------------------------------


def _confirmed_totp_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.new_for(user)
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    return device


@pytest.fixture
def totp_device_for():
    """``totp_device_for(user)`` → the user's confirmed authenticator device (made on
    first use); ``device.totp().token()`` is the code their app shows now."""
    return _confirmed_totp_device


@pytest.fixture(autouse=True)
def _staff_passed_second_factor(monkeypatch):
    """Tests that log in with ``client.login``, ``client.force_login`` or ``admin_client``
    get a staff member who has ALSO PASSED THE SECOND STEP (TOTP): this fixture stands
    for that step. Staff users get a confirmed device and a verified session.

    ``Client.login`` is also given a request, as django-axes requires of every
    ``authenticate()``. tests/accounts/ test the real second step without it: they log
    in through the pages (``client.post``), which this fixture leaves alone.
    """
    original_login, original_session_login = Client.login, Client._login

    def login(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/accounts/login/"))
        return original_login(self, **credentials)

    def session_login(self, user, backend=None):
        original_session_login(self, user, backend)
        fresh = type(user).objects.get(pk=user.pk)  # keep the test's object free of role caches
        if needs_second_factor(fresh):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = _confirmed_totp_device(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "login", login)
    monkeypatch.setattr(Client, "_login", session_login)


@receiver(connection_created)
def _allow_test_database_flush(sender, connection, **kwargs):
    """Let Django empty PostgreSQL test databases: the ledger refuses TRUNCATE otherwise.

    See cases/migrations/0004_ledger_append_only_triggers.py; UPDATE and DELETE stay refused.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET ethics_tracker.ledger_maintenance = 'on'")
    # SQLite: the checkpoints' DELETE trigger asks this (ethics_tracker/audit/apps.py).
    connection.ledger_maintenance = True
