import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from code_of_conduct.models import ProvisionKind
from tests.factories import CodeVersionFactory, EthicsCodeFactory, ProvisionFactory


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """The workflow tests create whole committees; hashing their passwords slowly is waste."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Evidence files in a temporary MEDIA_ROOT; throttle counters start from zero."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    cache.clear()
    yield
    cache.clear()


def publish(version, *, effective_from, user=None):
    """Put a version in force the way the code app does: the transition, then save."""
    version.publish()
    version.effective_from = effective_from
    version.adopted_on = effective_from
    version.published_at = timezone.now()
    version.published_by = user
    version.save()
    return version


def make_version(code, label, effective_from, articles):
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
    return publish(version, effective_from=effective_from)


@pytest.fixture
def code(db):
    return EthicsCodeFactory(slug="asko", title="Sample Ethics Code")


@pytest.fixture
def published_version(code):
    """The version in force since 2020-01-01: articles 1–3."""
    return make_version(
        code,
        "2020",
        datetime.date(2020, 1, 1),
        [("1", "Truthfulness"), ("2", "Respect for the media"), ("3", "Conflicts of interest")],
    )


@pytest.fixture
def two_versions(code):
    """A 2003 version (superseded in 2020) and the 2020 version in force."""
    old = make_version(code, "2003", datetime.date(2003, 5, 1), [("1", "Honesty (2003)")])
    old.supersede()
    old.superseded_at = timezone.now()
    old.save()
    new = make_version(
        code,
        "2020",
        datetime.date(2020, 1, 1),
        [("1", "Truthfulness"), ("2", "Respect for the media")],
    )
    return old, new
