"""The version lifecycle through the services: drafts, publication, immutability."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django_fsm import TransitionNotAllowed

from code_of_conduct.canonical import content_hash
from code_of_conduct.models import CodeVersion, Provision, ProvisionKind, VersionLocked
from code_of_conduct.selectors import provisions_of, version_in_force, version_in_force_on
from code_of_conduct.services import (
    code_create,
    provision_create,
    provision_delete,
    provision_move,
    provision_update,
    version_create_draft,
    version_delete_draft,
    version_publish,
    version_update_draft,
)
from tests.factories import VERSIONS_ADOPTED, EthicsCodeFactory

pytestmark = pytest.mark.django_db


# --- drafts ---------------------------------------------------------------------------


def test_secretary_starts_a_blank_draft_recorded_in_history(secretary):
    code = EthicsCodeFactory(title="Code of ethics")

    version = version_create_draft(actor=secretary, code=code, label="2003")

    assert version.state == "draft"
    assert version.title == "Code of ethics"
    assert version.created_by == secretary
    record = version.history.get()
    assert record.history_user == secretary
    assert record.history_change_reason == "Draft started"


@pytest.mark.parametrize("role", ["member", "auditor", "committee_chair"])
def test_only_secretaries_start_drafts(user_with_role, role):
    code = EthicsCodeFactory()
    with pytest.raises(PermissionDenied):
        version_create_draft(actor=user_with_role(role), code=code, label="2003")
    with pytest.raises(PermissionDenied):
        version_create_draft(actor=AnonymousUser(), code=code, label="2003")
    assert not CodeVersion.objects.exists()


def test_a_label_must_be_usable_in_a_web_address(secretary):
    with pytest.raises(ValidationError) as error:
        version_create_draft(actor=secretary, code=EthicsCodeFactory(), label="2003/rev")
    assert "label" in error.value.message_dict


def test_a_label_is_unique_within_its_code(secretary, draft):
    existing = draft(label="2003")
    with pytest.raises(ValidationError):
        version_create_draft(actor=secretary, code=existing.code, label="2003")


def test_new_draft_copies_the_version_in_force_with_keys_and_nesting(
    secretary, draft, publish, fetch
):
    current = draft(label="2003", articles=2)
    article = current.provisions.get(key="art-1")
    Provision.objects.create(
        version=current,
        parent=article,
        kind=ProvisionKind.PARAGRAPH,
        key="art-1-1",
        number="1",
        body="First paragraph.",
        position=10,
    )
    publish(current)

    revision = version_create_draft(
        actor=secretary, code=current.code, label="2019", copy_current=True
    )

    copied = provisions_of(revision)
    assert [p.key for p in copied] == ["art-1", "art-2", "art-1-1"]
    assert copied[2].parent == copied[0] and copied[0].version == revision
    assert revision.based_on == fetch(current)
    assert revision.title == current.title
    # Same text, same fingerprint: the copy is faithful.
    assert content_hash(revision, copied) == fetch(current).content_hash
    assert Provision.history.filter(version_id=revision.pk).count() == 3


def test_copying_needs_a_version_in_force(secretary):
    with pytest.raises(ValidationError):
        version_create_draft(
            actor=secretary, code=EthicsCodeFactory(), label="1", copy_current=True
        )


def test_draft_details_change_until_publication(secretary, draft, fetch, publish):
    version = draft()
    version = version_update_draft(actor=secretary, version=version, title="New title")
    assert fetch(version).title == "New title"

    publish(version)
    with pytest.raises(VersionLocked):
        version_update_draft(actor=secretary, version=version, title="Rewritten")
    assert fetch(version).title == "New title"


def test_code_short_name_new_is_reserved(secretary):
    with pytest.raises(ValidationError):
        code_create(actor=secretary, slug="new", title="x")


# --- publication ----------------------------------------------------------------------


def test_publication_stamps_dates_publisher_hash_and_supersedes_the_version_in_force(
    secretary,
    published,
    draft,
    fetch,
):
    first = published(label="2003", adopted_on=datetime.date(2003, 5, 20))
    revision = draft(code=first.code, label="2019")
    adopted, effective = datetime.date(2019, 3, 15), datetime.date(2019, 4, 1)

    version_publish(actor=secretary, version=revision, adopted_on=adopted, effective_from=effective)

    revision, first = fetch(revision), fetch(first)
    assert revision.state == "published" and first.state == "superseded"
    assert (revision.adopted_on, revision.effective_from) == (adopted, effective)
    assert revision.published_by == secretary
    assert abs(timezone.now() - revision.published_at) < datetime.timedelta(minutes=1)
    # It leaves force when the revision takes effect, not when it was published (I.1).
    assert timezone.localdate(first.superseded_at) == revision.effective_from
    assert revision.content_hash == content_hash(revision, revision.provisions.all())
    assert len(revision.content_hash) == 64
    assert version_in_force(code=revision.code) == revision
    assert revision.history.first().history_change_reason == "Published"
    assert first.history.first().history_change_reason == "Superseded by 2019"


def test_publication_dates_default_to_today(secretary, draft):
    version = version_publish(actor=secretary, version=draft())
    assert version.adopted_on == version.effective_from == timezone.localdate()


@pytest.mark.parametrize("role", ["member", "auditor", "committee_member"])
def test_only_secretaries_publish(user_with_role, role, draft, fetch):
    version = draft()
    with pytest.raises(PermissionDenied):
        version_publish(actor=user_with_role(role), version=version)
    assert fetch(version).state == "draft"


def test_a_version_is_published_only_once(secretary, published):
    version = published()
    with pytest.raises(TransitionNotAllowed):
        version_publish(actor=secretary, version=version)


@pytest.mark.parametrize(
    ("adopted_on", "effective_from", "field"),
    [
        (datetime.date(2020, 5, 1), datetime.date(2020, 4, 30), "effective_from"),
        (timezone.localdate() + datetime.timedelta(days=1), None, "adopted_on"),
        (datetime.date(2019, 1, 1), datetime.date(2019, 1, 1), "effective_from"),  # before 2020
    ],
)
def test_publication_dates_must_make_sense(
    secretary, adopted_on, effective_from, field, published, draft, fetch
):
    current = published(adopted_on=VERSIONS_ADOPTED)
    revision = draft(code=current.code)
    with pytest.raises(ValidationError) as error:
        version_publish(
            actor=secretary, version=revision, adopted_on=adopted_on, effective_from=effective_from
        )
    assert field in error.value.message_dict
    assert fetch(revision).state == "draft" and fetch(current).state == "published"


def test_version_in_force_on_a_date_follows_effective_dates(published, publish, draft):
    v2003 = published(label="2003", adopted_on=datetime.date(2003, 5, 20))
    v2019 = publish(
        draft(code=v2003.code, label="2019"),
        adopted_on=datetime.date(2019, 3, 15),
        effective_from=datetime.date(2019, 4, 1),
    )
    code = v2003.code

    assert version_in_force_on(code, datetime.date(2003, 5, 19)) is None
    assert version_in_force_on(code, datetime.date(2010, 1, 1)) == v2003
    assert version_in_force_on(code, datetime.date(2019, 3, 31)) == v2003  # adopted, not yet
    assert version_in_force_on(code, datetime.date(2019, 4, 1)) == v2019
    assert version_in_force_on(code.pk, datetime.date(2025, 1, 1)) == v2019
    draft(code=code)  # drafts never count
    assert version_in_force_on(code, datetime.date(2030, 1, 1)) == v2019


# --- immutability through the services and the model --------------------------------


def test_published_text_cannot_change_through_any_service(secretary, published, fetch):
    version = published(articles=2)
    article = version.provisions.get(key="art-1")
    attempts = [
        lambda: version_update_draft(actor=secretary, version=version, preamble="x"),
        lambda: version_delete_draft(actor=secretary, version=version),
        lambda: provision_update(actor=secretary, provision=article, body="Rewritten."),
        lambda: provision_delete(actor=secretary, provision=article),
        lambda: provision_move(actor=secretary, provision=article, direction="down"),
        lambda: provision_create(
            actor=secretary, version=version, kind="article", key="art-9", number="9"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(VersionLocked):
            attempt()
    assert fetch(version).content_hash == content_hash(version, version.provisions.all())
    assert version.provisions.count() == 2


def test_the_model_refuses_to_change_a_published_version_or_its_provisions(published, fetch):
    version = published(articles=1)
    stored = fetch(version)
    stored.title = "Changed behind the services' back"
    with pytest.raises(VersionLocked):
        stored.save()
    with pytest.raises(VersionLocked):
        fetch(version).delete()

    provision = version.provisions.get()
    provision.body = "Changed"
    with pytest.raises(VersionLocked):
        provision.save()
    with pytest.raises(VersionLocked):
        provision.delete()
    with pytest.raises(VersionLocked):
        Provision(version=version, kind="article", key="art-9", position=9).save()
    assert fetch(version).title == version.title
    assert version.provisions.get().body == "Text of article 1."


def test_a_provision_cannot_be_moved_out_of_a_published_version(published, draft):
    version = published(articles=1)
    provision = version.provisions.get()
    provision.version = draft()
    provision.position = 99
    with pytest.raises(VersionLocked):
        provision.save()


# --- editing provisions of a draft ----------------------------------------------------


def test_a_paragraph_is_added_at_the_end_of_its_article(secretary, draft):
    version = draft(articles=3)
    article = version.provisions.get(key="art-1")

    provision_create(
        actor=secretary,
        version=version,
        kind="paragraph",
        key="art-1-1",
        number="1",
        parent=article,
    )
    provision_create(
        actor=secretary,
        version=version,
        kind="paragraph",
        key="art-1-2",
        number="2",
        parent=article,
    )

    assert [p.key for p in provisions_of(version)] == [
        "art-1",
        "art-1-1",
        "art-1-2",
        "art-2",
        "art-3",
    ]


@pytest.mark.parametrize(
    ("kind", "parent_key"), [("paragraph", None), ("chapter", "art-1"), ("article", "art-1")]
)
def test_provisions_nest_chapter_article_paragraph_only(secretary, kind, parent_key, draft):
    version = draft(articles=1)
    parent = version.provisions.get(key=parent_key) if parent_key else None
    with pytest.raises(ValidationError):
        provision_create(
            actor=secretary, version=version, kind=kind, key="x", number="1", parent=parent
        )


def test_a_provision_moves_with_what_it_contains(secretary, draft):
    version = draft(articles=2)
    article = version.provisions.get(key="art-1")
    provision_create(
        actor=secretary,
        version=version,
        kind="paragraph",
        key="art-1-1",
        number="1",
        parent=article,
    )

    provision_move(actor=secretary, provision=article, direction="down")

    assert [p.key for p in provisions_of(version)] == ["art-2", "art-1", "art-1-1"]
    with pytest.raises(ValidationError):
        provision_move(actor=secretary, provision=article, direction="down")


def test_draft_provision_text_changes_and_is_recorded(secretary, draft):
    version = draft(articles=1)
    provision = version.provisions.get()

    provision = provision_update(actor=secretary, provision=provision, body="New text.")

    assert Provision.objects.get(pk=provision.pk).body == "New text."
    assert provision.history.first().history_user == secretary
    with pytest.raises(ValidationError):
        provision_update(actor=secretary, provision=provision, kind="chapter")


def test_deleting_a_draft_removes_its_provisions(secretary, draft):
    version = draft(articles=2)
    version_delete_draft(actor=secretary, version=version)
    assert not CodeVersion.objects.filter(pk=version.pk).exists()
    assert not Provision.objects.filter(version_id=version.pk).exists()
