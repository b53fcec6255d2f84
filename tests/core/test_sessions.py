"""Sessions are stored under a keyed hash of their key: the cookie's value is nowhere in
the database, a stored key used as a cookie signs nobody in, and Django's session
machinery (login's new key, logout, clearsessions) still works."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from ethics_tracker.core.models import HashedSession
from ethics_tracker.core.sessions import SessionStore, stored_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def member():
    user = UserFactory(username="m1", roles=["member"])
    user.set_password(PASSWORD)
    user.save()
    return user


def cookie_of(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def stored_keys() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key FROM core_session")
        return [row[0] for row in cursor.fetchall()]


def test_the_database_holds_the_hash_of_the_cookie_never_the_cookie(client, member):
    assert client.login(username="m1", password=PASSWORD)
    key = cookie_of(client)

    assert stored_keys() == [stored_key(key)]
    assert len(stored_key(key)) == 64 and key not in stored_key(key)
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key, session_data FROM core_session")
        assert not any(key in str(value) for row in cursor.fetchall() for value in row)
    assert client.get("/members/").wsgi_request.user == member


def test_a_stored_key_used_as_a_cookie_signs_nobody_in(client, member):
    client.login(username="m1", password=PASSWORD)
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = stored_keys()[0]
    assert not stolen.get("/members/").wsgi_request.user.is_authenticated


def test_the_store_reads_and_writes_through_the_hash():
    store = SessionStore()
    store["colour"] = "green"
    store.save()
    assert HashedSession.objects.filter(pk=stored_key(store.session_key)).exists()
    assert not HashedSession.objects.filter(pk=store.session_key).exists()
    assert SessionStore(store.session_key)["colour"] == "green"
    assert HashedSession.objects.get().get_decoded() == {"colour": "green"}
    assert store.exists(store.session_key)

    store.delete()
    assert HashedSession.objects.count() == 0


def test_login_gives_a_new_key_and_forgets_the_old_row(client, member):
    store = SessionStore()
    store["before"] = 1
    store.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    client.post("/accounts/login/", {"username": "m1", "password": PASSWORD})
    key = cookie_of(client)

    assert key != store.session_key
    assert stored_keys() == [stored_key(key)]
    assert SessionStore(key).get(SESSION_KEY) == str(member.pk)


def test_logout_deletes_the_row(client, member):
    client.login(username="m1", password=PASSWORD)
    key = cookie_of(client)
    client.post("/accounts/logout/")
    assert not HashedSession.objects.filter(pk=stored_key(key)).exists()
    assert SessionStore(key).get(SESSION_KEY) is None


def test_clearsessions_removes_expired_sessions():
    old, current = SessionStore(), SessionStore()
    old.set_expiry(60)
    old.save()
    current.save()
    HashedSession.objects.filter(pk=stored_key(old.session_key)).update(
        expire_date=timezone.now() - timedelta(days=1)
    )

    call_command("clearsessions")

    assert stored_keys() == [stored_key(current.session_key)]
