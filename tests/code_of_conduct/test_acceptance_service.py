"""Signing a version online: the rules of ``acceptance_sign`` (issue C)."""

import threading
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from code_of_conduct.canonical import content_hash
from code_of_conduct.models import Acceptance, AcceptanceMethod, MembershipStatus, VersionState
from code_of_conduct.selectors.members import pending_versions_for_member
from code_of_conduct.services import members as services
from code_of_conduct.services.members import AlreadySigned, acceptance_sign
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign(member, version, **overrides):
    arguments = {
        "actor": member.user,
        "member": member,
        "version": version,
        "confirmed": True,
        "ip_address": "192.0.2.10",
        "user_agent": "Test browser/1.0",
    }
    return acceptance_sign(**{**arguments, **overrides})


def test_member_signs_the_version_in_force_recording_its_published_hash(
    published_version, member_with_account
):
    version = published_version()
    member = member_with_account()

    acceptance = sign(member, version)

    version.refresh_from_db()
    assert version.content_hash == content_hash(version, version.provisions.all())
    assert acceptance.content_hash == version.content_hash
    assert acceptance.method == AcceptanceMethod.ONLINE
    assert acceptance.ip_address == "192.0.2.10"
    assert acceptance.user_agent == "Test browser/1.0"
    assert acceptance.recorded_by == member.user
    assert acceptance.history.get().history_user == member.user


def test_signing_needs_an_explicit_confirmation(published_version, member_with_account):
    version = published_version()
    member = member_with_account()

    with pytest.raises(ValidationError) as refused:
        sign(member, version, confirmed=False)

    assert "confirmed" in refused.value.message_dict
    assert not Acceptance.objects.exists()


def test_a_draft_cannot_be_signed(member_with_account, draft_version):
    member = member_with_account()

    with pytest.raises(ValidationError) as refused:
        sign(member, draft_version())

    assert [error.code for error in refused.value.error_list] == ["draft"]
    assert not Acceptance.objects.exists()


def test_a_superseded_version_cannot_be_signed(
    published_version, publish_version, draft_version, member_with_account
):
    old = published_version()
    publish_version(draft_version(code=old.code))
    old.refresh_from_db()
    assert old.state == VersionState.SUPERSEDED
    member = member_with_account()

    with pytest.raises(ValidationError) as refused:
        sign(member, old)

    assert [error.code for error in refused.value.error_list] == ["superseded"]


@pytest.mark.parametrize(
    "status", [MembershipStatus.SUSPENDED, MembershipStatus.EXPELLED, MembershipStatus.LEFT]
)
def test_members_who_are_not_active_cannot_sign(status, published_version, member_with_account):
    version = published_version()
    member = member_with_account(status=status)

    with pytest.raises(ValidationError) as refused:
        sign(member, version)

    assert [error.code for error in refused.value.error_list] == ["inactive"]
    assert not Acceptance.objects.exists()


def test_nobody_signs_online_for_someone_else(published_version, member_with_account):
    version = published_version()
    member = member_with_account()
    other = UserFactory(roles=["secretary"])

    with pytest.raises(PermissionDenied):
        sign(member, version, actor=other)
    with pytest.raises(PermissionDenied):
        sign(MemberFactory(), version, actor=other)  # a member without an account


def test_a_second_submission_gets_the_first_acceptance_back(published_version, member_with_account):
    version = published_version()
    member = member_with_account()
    first = sign(member, version)

    with pytest.raises(AlreadySigned) as second:
        sign(member, version, ip_address="198.51.100.7")

    assert second.value.acceptance == first
    assert Acceptance.objects.get().ip_address == "192.0.2.10"


def test_a_second_tab_that_slips_past_the_check_meets_the_constraint_cleanly(
    published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    first = sign(member, version)
    real_find = services._find

    # The other tab checked before the first one committed: the check finds nothing.
    with mock.patch.object(services, "_find", side_effect=[None, real_find(member, version)]):
        with pytest.raises(AlreadySigned) as second:
            sign(member, version)

    assert second.value.acceptance == first
    assert Acceptance.objects.count() == 1


def test_a_new_publication_asks_every_member_to_sign_again(
    published_version, member_with_account, publish_version, draft_version
):
    first_version = published_version()
    member = member_with_account()
    first = sign(member, first_version)
    assert list(pending_versions_for_member(member=member)) == []

    revision = publish_version(draft_version(code=first_version.code))

    assert list(pending_versions_for_member(member=member)) == [revision]
    second = sign(member, revision)
    assert list(pending_versions_for_member(member=member)) == []
    first.refresh_from_db()
    assert first.content_hash == first_version.content_hash  # the old receipt still holds
    assert second.content_hash == revision.content_hash != first.content_hash
    assert member.acceptances.count() == 2


def test_an_acceptance_is_never_changed_or_deleted(member_with_account, published_version):
    acceptance = sign(member_with_account(), published_version())

    acceptance.note = "edited"
    with pytest.raises(ValidationError):
        acceptance.save()
    with pytest.raises(ValidationError):
        acceptance.delete()
    with pytest.raises(ValidationError):
        Acceptance.objects.filter(pk=acceptance.pk).update(note="edited")
    with pytest.raises(ValidationError):
        Acceptance.objects.all().delete()

    acceptance.refresh_from_db()
    assert acceptance.note == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_signing_at_the_same_moment_record_one_acceptance(
    published_version, member_with_account
):
    version = published_version()
    member = member_with_account()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            sign(member, version)
            outcomes.append("signed")
        except AlreadySigned:
            outcomes.append("already")
        finally:
            connection.close()

    tabs = [threading.Thread(target=submit) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()

    assert sorted(outcomes) == ["already", "signed"]
    assert Acceptance.objects.filter(member=member, version=version).count() == 1
