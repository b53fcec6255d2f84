"""Membership status changes, the public register, the admin and the demo (issue C)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from code_of_conduct.models import Acceptance, CodeVersion, Member, MembershipStatus, VersionState
from code_of_conduct.selectors.members import pending_versions_for_member
from code_of_conduct.services.members import member_change_status, member_create
from tests.factories import TEST_PASSWORD, AcceptanceFactory, MemberFactory, UserFactory

pytestmark = pytest.mark.django_db

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture
def chair():
    return UserFactory(username="chair", roles=["committee_chair"])


def test_a_suspension_is_recorded_in_history_with_its_reason(chair):
    member = MemberFactory()

    member_change_status(
        actor=chair,
        member=member,
        status=MembershipStatus.SUSPENDED,
        reason="Decision ASKO-2026-0001",
        until=NEXT_MONTH,
    )

    member.refresh_from_db()
    assert member.status == MembershipStatus.SUSPENDED
    assert member.suspended_until == NEXT_MONTH
    assert member.status_changed_on == timezone.localdate()
    latest = member.history.first()
    assert latest.history_user == chair
    assert latest.history_change_reason == "Decision ASKO-2026-0001"
    assert latest.status == MembershipStatus.SUSPENDED


def test_reinstating_clears_the_end_of_the_suspension(chair):
    member = MemberFactory(status=MembershipStatus.SUSPENDED, suspended_until=NEXT_MONTH)
    member_change_status(
        actor=chair, member=member, status=MembershipStatus.ACTIVE, reason="Period over"
    )
    member.refresh_from_db()
    assert (member.status, member.suspended_until) == (MembershipStatus.ACTIVE, None)


@pytest.mark.parametrize(
    ("status", "reason", "until", "field"),
    [
        ("retired", "x", None, "status"),
        (MembershipStatus.EXPELLED, "  ", None, "reason"),
        (MembershipStatus.EXPELLED, "x", NEXT_MONTH, "until"),
        (MembershipStatus.SUSPENDED, "x", timezone.localdate(), "until"),
        (MembershipStatus.ACTIVE, "x", None, "status"),  # already active
    ],
)
def test_a_status_change_is_refused_when_it_makes_no_sense(chair, status, reason, until, field):
    member = MemberFactory()
    with pytest.raises(ValidationError) as refused:
        member_change_status(actor=chair, member=member, status=status, reason=reason, until=until)
    assert field in refused.value.message_dict
    assert member.history.count() == 1


def test_an_expelled_member_is_no_longer_asked_to_sign_but_keeps_their_history(
    chair, published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    signed = AcceptanceFactory(member=member, version=published_version())
    assert list(pending_versions_for_member(member=member)) == [version]

    member_change_status(
        actor=chair, member=member, status=MembershipStatus.EXPELLED, reason="Decision"
    )

    member.refresh_from_db()
    assert list(pending_versions_for_member(member=member)) == []
    assert list(member.acceptances.all()) == [signed]


# --- public register -----------------------------------------------------------


def test_the_public_register_is_off_by_default(client, settings):
    assert settings.PUBLIC_SIGNATORY_REGISTER is False
    assert client.get(reverse("members:register")).status_code == 404


def test_the_public_register_shows_only_the_chosen_fields_of_active_signatories(
    client, settings, published_version
):
    settings.PUBLIC_SIGNATORY_REGISTER = True
    settings.PUBLIC_SIGNATORY_REGISTER_FIELDS = ["full_name", "municipality", "nonsense"]
    version = published_version()
    listed = AcceptanceFactory(version=version, member=MemberFactory(municipality="Ruse"))
    expelled = AcceptanceFactory(
        version=version, member=MemberFactory(status=MembershipStatus.EXPELLED)
    )

    response = client.get(reverse("members:register"))

    html = response.content.decode()
    assert response.status_code == 200
    assert listed.member.full_name in html and "Ruse" in html
    assert listed.member.membership_number not in html
    assert expelled.member.full_name not in html


# --- admin -----------------------------------------------------------------------


@pytest.fixture
def admin_client_logged(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    client.login(username="root", password=TEST_PASSWORD)
    return client


def test_the_admin_shows_acceptances_read_only_and_never_deletes_them(
    admin_client_logged, published_version
):
    acceptance = AcceptanceFactory(version=published_version())
    change = reverse("admin:code_of_conduct_acceptance_change", args=[acceptance.pk])

    assert admin_client_logged.get(change).status_code == 200
    assert admin_client_logged.post(change, {"note": "edited"}).status_code == 403
    delete = reverse("admin:code_of_conduct_acceptance_delete", args=[acceptance.pk])
    assert admin_client_logged.post(delete, {"post": "yes"}).status_code == 403
    add = reverse("admin:code_of_conduct_acceptance_add")
    assert admin_client_logged.get(add).status_code == 403
    assert Acceptance.objects.get().note == ""


def test_the_admin_changes_a_status_through_the_service(admin_client_logged):
    member = member_create(
        actor=None, full_name="Ива Иванова", municipality="Sofia", membership_number="M-77"
    )
    url = reverse("admin:code_of_conduct_member_change", args=[member.pk])

    response = admin_client_logged.post(
        url,
        {
            "full_name": "Ива Иванова",
            "membership_number": "M-77",
            "municipality": "Plovdiv",
            "position": "",
            "email": "",
            "user": "",
            "joined_on": "",
            "new_status": MembershipStatus.SUSPENDED,
            "new_status_until": NEXT_MONTH.isoformat(),
            "new_status_reason": "Committee decision",
            "acceptances-TOTAL_FORMS": "0",
            "acceptances-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert (member.municipality, member.status) == ("Plovdiv", MembershipStatus.SUSPENDED)
    reasons = list(member.history.values_list("history_change_reason", flat=True))
    assert reasons[:2] == ["Committee decision", "Profile updated"]


# --- demo ------------------------------------------------------------------------


def test_the_demo_seeds_members_idempotently_and_leaves_the_demo_member_unsigned():
    call_command("seed_demo")
    counts = (Member.objects.count(), Acceptance.objects.count())
    call_command("seed_demo")

    assert (Member.objects.count(), Acceptance.objects.count()) == counts
    assert Member.objects.count() >= 30
    assert Member.objects.values("municipality").distinct().count() >= 5
    in_force = CodeVersion.objects.filter(state=VersionState.PUBLISHED)
    assert in_force.exists()
    demo_member = Member.objects.get(user__username="member")
    assert list(pending_versions_for_member(member=demo_member)) == list(in_force)
    for version in in_force:
        signed = Acceptance.objects.filter(version=version).count()
        assert 0 < signed < Member.objects.filter(status=MembershipStatus.ACTIVE).count()
