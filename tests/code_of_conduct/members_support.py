"""Helpers for the members/acceptance tests (issue C): published versions and members."""

import datetime

from code_of_conduct.services.versions import version_publish
from tests.factories import (
    CodeVersionFactory,
    EthicsCodeFactory,
    MemberFactory,
    ProvisionFactory,
    UserFactory,
)

ADOPTED = datetime.date(2024, 1, 15)


def draft_version(*, code=None, provisions=3, **fields):
    version = CodeVersionFactory(code=code or EthicsCodeFactory(), **fields)
    for _ in range(provisions):
        ProvisionFactory(version=version)
    return version


def publish(version, *, adopted_on=ADOPTED, effective_from=None):
    """Put ``version`` into force through issue B's service (the hash is computed there)."""
    return version_publish(
        actor=None, version=version, adopted_on=adopted_on, effective_from=effective_from
    )


def published_version(*, code=None, adopted_on=ADOPTED, **fields):
    return publish(draft_version(code=code, **fields), adopted_on=adopted_on)


def member_with_account(username="member", **fields):
    """A member linked to a login account in the ``member`` role."""
    user = UserFactory(username=username, roles=["member"])
    return MemberFactory(user=user, **fields)
