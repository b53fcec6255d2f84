import pytest
from django.contrib.auth.models import Group

from ethics_tracker.core import policy
from ethics_tracker.core.roles import ROLE_PERMISSIONS

ROLE_NAMES = {"member", "secretary", "committee_member", "committee_chair", "auditor"}


def perms_of(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }


@pytest.mark.django_db
def test_every_role_group_exists():
    assert ROLE_NAMES <= set(Group.objects.values_list("name", flat=True))
    assert {str(role) for role in ROLE_PERMISSIONS} == ROLE_NAMES


@pytest.mark.django_db
def test_auditor_can_view_and_never_change():
    perms = perms_of("auditor")
    assert "auth.view_user" in perms
    assert perms, "the auditor must be able to read"
    assert all(p.split(".")[1].startswith("view_") for p in perms)


@pytest.mark.django_db
def test_member_holds_no_model_permission():
    assert perms_of("member") == set()


@pytest.mark.django_db
def test_policy_areas_follow_roles(user_with_role):
    secretary = user_with_role("secretary")
    auditor = user_with_role("auditor")
    assert policy.can(secretary, "area.secretariat")
    assert not policy.can(secretary, "area.audit")
    assert policy.can(auditor, "area.audit")
    assert not policy.can(auditor, "area.secretariat")


def test_unknown_policy_action_is_a_programming_error():
    with pytest.raises(LookupError):
        policy.can(None, "no.such.action")
