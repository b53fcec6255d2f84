"""Staff sessions end when idle too long or too old; members keep Django's cookie age.

At login a staff session records when it started and when it was last used; the
middleware compares both with ``STAFF_SESSION_IDLE_SECONDS`` and
``STAFF_SESSION_MAX_SECONDS`` on every request. The values live in the session
(whatever engine stores it), never in a model of ours.
"""

import time

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .policy import needs_second_factor

STARTED_AT = "accounts_started_at"
SEEN_AT = "accounts_seen_at"
SEEN_RESOLUTION_SECONDS = 60


def clock() -> float:
    """The one clock of staff sessions (tests patch it)."""
    return time.time()


@receiver(user_logged_in, dispatch_uid="accounts.staff_session_start")
def staff_session_start(sender, request, user, **kwargs):
    # A fresh copy: the roles memo must not stick to the caller's user object.
    if request is None or not needs_second_factor(type(user).objects.get(pk=user.pk)):
        return
    now = clock()
    request.session[STARTED_AT] = now
    request.session[SEEN_AT] = now
    # The store and the cookie end with the idle limit too (refreshed on every save).
    request.session.set_expiry(settings.STAFF_SESSION_IDLE_SECONDS)


def staff_session_expired(session) -> bool:
    """Idle too long, older than the lifetime, or started before these limits existed."""
    started, seen, now = session.get(STARTED_AT), session.get(SEEN_AT), clock()
    if started is None or seen is None:
        return True
    return (
        now - seen > settings.STAFF_SESSION_IDLE_SECONDS - SEEN_RESOLUTION_SECONDS
        or now - started > settings.STAFF_SESSION_MAX_SECONDS
    )


def staff_session_touch(session) -> None:
    # Written at most once a minute, so a page's requests do not each save the session;
    # the idle limit then holds to within that minute (never longer than set).
    now = clock()
    if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION_SECONDS:
        session[SEEN_AT] = now
