"""Sessions whose key never reaches the database in clear.

Django's database backend stores ``session_key``, the very value of the session
cookie, as the row's primary key: anyone who can read ``django_session`` (a backup, a
replica, a curious administrator with SQL) could sign in as any staff member or
complainant who is signed in. This store keeps only a keyed hash of the key
(HMAC-SHA256 with ``SECRET_KEY``, in ``core_session``); the cookie keeps the key.
Everything else is Django's: ``cycle_key`` at login, expiry, ``clearsessions``.

Rotating ``SECRET_KEY`` therefore signs everybody out.
"""

from django.contrib.sessions.backends import db
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import HashedSession


def stored_key(session_key: str) -> str:
    """What the database holds for a session key (64 hex characters)."""
    return salted_hmac("ethics_tracker.core.sessions", session_key, algorithm="sha256").hexdigest()


class SessionStore(db.SessionStore):
    @classmethod
    def get_model_class(cls):
        return HashedSession

    # Each lookup by key looks up its hash instead; the rest is the database store's.

    def _get_session_from_db(self):
        try:
            return self.model.objects.get(
                session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
            )
        except self.model.DoesNotExist:
            self._session_key = None

    async def _aget_session_from_db(self):
        try:
            return await self.model.objects.aget(
                session_key=stored_key(self.session_key), expire_date__gt=timezone.now()
            )
        except self.model.DoesNotExist:
            self._session_key = None

    def exists(self, session_key):
        return super().exists(stored_key(session_key))

    async def aexists(self, session_key):
        return await super().aexists(stored_key(session_key))

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.session_key = stored_key(session.session_key)
        return session

    async def acreate_model_instance(self, data):
        session = await super().acreate_model_instance(data)
        session.session_key = stored_key(session.session_key)
        return session

    def delete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is not None:
            super().delete(stored_key(session_key))

    async def adelete(self, session_key=None):
        session_key = session_key or self.session_key
        if session_key is not None:
            await super().adelete(stored_key(session_key))
