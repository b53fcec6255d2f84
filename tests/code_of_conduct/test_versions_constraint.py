"""At most one published version per code: the database says so, and races are safe."""

import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction
from django_fsm import TransitionNotAllowed

from code_of_conduct.models import CodeVersion
from code_of_conduct.services import version_publish
from code_of_conduct.services import versions as version_services


@pytest.mark.django_db
def test_the_database_refuses_a_second_published_version_of_a_code(published, draft):
    current = published()
    other = draft(code=current.code)

    # Bypass every Python check on purpose: only the constraint is left.
    with pytest.raises(IntegrityError), transaction.atomic():
        CodeVersion.objects.filter(pk=other.pk).update(state="published")

    assert CodeVersion.objects.filter(code=current.code, state="published").count() == 1


@pytest.mark.django_db
def test_another_code_may_have_its_own_version_in_force(published):
    published()
    published()
    assert CodeVersion.objects.filter(state="published").count() == 2


def _race(calls, *, hold_lock_seconds, monkeypatch):
    """Run ``calls`` in threads (own DB connections), the first holding the lock a while."""
    real_hash = version_services.content_hash
    first = threading.Event()

    def slow_hash(version, provisions):
        if not first.is_set():  # the first publication to get this far sits on its locks
            first.set()
            time.sleep(hold_lock_seconds)
        return real_hash(version, provisions)

    monkeypatch.setattr(version_services, "content_hash", slow_hash)
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            outcomes[index] = call()
        except Exception as error:  # the outcome is what the test asserts on
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    threads[0].start()
    assert first.wait(10), "the first publication never reached the locked section"
    for thread in threads[1:]:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_publications_of_one_draft_racing_publish_it_once(secretary, monkeypatch, draft):
    version = draft()

    outcomes = _race(
        [lambda: version_publish(actor=secretary, version=version)] * 2,
        hold_lock_seconds=1.0,
        monkeypatch=monkeypatch,
    )

    assert isinstance(outcomes[0], CodeVersion)
    assert isinstance(outcomes[1], TransitionNotAllowed)
    assert CodeVersion.objects.get(pk=version.pk).state == "published"
    assert version.history.filter(history_change_reason="Published").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_drafts_published_at_once_leave_exactly_one_in_force(
    secretary, monkeypatch, published, draft
):
    current = published(label="2003")
    first, second = draft(code=current.code, label="A"), draft(code=current.code, label="B")

    outcomes = _race(
        [
            lambda: version_publish(actor=secretary, version=first),
            lambda: version_publish(actor=secretary, version=second),
        ],
        hold_lock_seconds=1.0,
        monkeypatch=monkeypatch,
    )

    # The second waited on the code's row, then superseded the first: both succeed.
    assert all(isinstance(outcome, CodeVersion) for outcome in outcomes), outcomes
    states = dict(CodeVersion.objects.filter(code=current.code).values_list("label", "state"))
    assert states == {"2003": "superseded", "A": "superseded", "B": "published"}
