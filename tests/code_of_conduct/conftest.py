"""Fixtures for the code/version tests (issue B): drafts with articles, publishing.

The members/acceptance fixtures (``draft_version``, ``publish_version``,
``published_version``, ``member_with_account``) live in tests/conftest.py: the browser
tests use them too.
"""

import pytest
from simple_history.utils import bulk_create_with_history

from code_of_conduct.models import CodeVersion, Provision, ProvisionKind
from code_of_conduct.services import version_publish
from tests.factories import VERSIONS_ADOPTED, CodeVersionFactory, EthicsCodeFactory


@pytest.fixture
def fetch():
    """``fetch(version)`` → a fresh copy from the database (the protected state forbids
    refresh_from_db)."""

    def get(version) -> CodeVersion:
        return CodeVersion.objects.get(pk=version.pk)

    return get


@pytest.fixture
def add_articles():
    """``add_articles(version, count, start=1, body=...)`` → ``count`` top-level articles
    art-<n> (with history rows, in a few queries)."""

    def add(version, count, *, start=1, body="Text of article {n}.") -> list[Provision]:
        last = version.provisions.order_by("-position").values_list("position", flat=True).first()
        position = (last or 0) + 1
        provisions = [
            Provision(
                version=version,
                kind=ProvisionKind.ARTICLE,
                key=f"art-{n}",
                number=str(n),
                heading=f"Article {n}",
                body=body.format(n=n),
                position=position + offset,
            )
            for offset, n in enumerate(range(start, start + count))
        ]
        return bulk_create_with_history(provisions, Provision)

    return add


@pytest.fixture
def draft(add_articles):
    """``draft(code=None, label=None, articles=3, **fields)`` → a draft version."""

    def make(*, code=None, label=None, articles=3, **fields) -> CodeVersion:
        extra = {"label": label} if label else {}
        version = CodeVersionFactory(code=code or EthicsCodeFactory(), **extra, **fields)
        if articles:
            add_articles(version, articles)
        return version

    return make


@pytest.fixture
def publish():
    """``publish(version, actor=None, adopted_on=VERSIONS_ADOPTED, effective_from=None)``."""

    def run(version, *, actor=None, adopted_on=VERSIONS_ADOPTED, effective_from=None):
        return version_publish(
            actor=actor, version=version, adopted_on=adopted_on, effective_from=effective_from
        )

    return run


@pytest.fixture
def published(draft, publish):
    """``published(code=None, label=None, articles=3, adopted_on=VERSIONS_ADOPTED, **fields)``
    → a version in force."""

    def make(*, code=None, label=None, articles=3, adopted_on=VERSIONS_ADOPTED, **fields):
        return publish(
            draft(code=code, label=label, articles=articles, **fields), adopted_on=adopted_on
        )

    return make
