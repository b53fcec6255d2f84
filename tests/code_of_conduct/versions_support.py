"""Helpers for the code/version tests (issue B): drafts with articles, publishing."""

import datetime

from simple_history.utils import bulk_create_with_history

from code_of_conduct.models import CodeVersion, Provision, ProvisionKind
from code_of_conduct.services import version_publish
from tests.factories import CodeVersionFactory, EthicsCodeFactory

ADOPTED = datetime.date(2020, 3, 1)


def fetch(version) -> CodeVersion:
    """A fresh copy from the database (the protected state forbids refresh_from_db)."""
    return CodeVersion.objects.get(pk=version.pk)


def add_articles(version, count, *, start=1, body="Text of article {n}.") -> list[Provision]:
    """``count`` top-level articles art-<n> (with history rows, in a few queries)."""
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


def draft(*, code=None, label=None, articles=3, **fields) -> CodeVersion:
    extra = {"label": label} if label else {}
    version = CodeVersionFactory(code=code or EthicsCodeFactory(), **extra, **fields)
    if articles:
        add_articles(version, articles)
    return version


def publish(version, *, actor=None, adopted_on=ADOPTED, effective_from=None) -> CodeVersion:
    return version_publish(
        actor=actor, version=version, adopted_on=adopted_on, effective_from=effective_from
    )


def published(*, code=None, label=None, articles=3, adopted_on=ADOPTED, **fields):
    return publish(
        draft(code=code, label=label, articles=articles, **fields), adopted_on=adopted_on
    )
