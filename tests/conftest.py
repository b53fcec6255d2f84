import pytest
from django.db import connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from tests.factories import UserFactory


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


@pytest.fixture(autouse=True)
def _test_templates(settings):
    """Templates used only by tests (e.g. a sample email) live in tests/templates."""
    settings.TEMPLATES[0]["DIRS"] = [
        *settings.TEMPLATES[0]["DIRS"],
        settings.BASE_DIR / "tests" / "templates",
    ]


@receiver(connection_created)
def _allow_test_database_flush(sender, connection, **kwargs):
    """Let Django empty PostgreSQL test databases: the ledger refuses TRUNCATE otherwise.

    See cases/migrations/0004_ledger_append_only_triggers.py; UPDATE and DELETE stay refused.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET ethics_tracker.ledger_maintenance = 'on'")
