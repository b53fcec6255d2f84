"""Abuse limits: filings per client, wrong receipt codes per client and per reference,
searches of the public member lookup per client.

The counters live in the cache every worker shares (the database cache, or Redis
with ``REDIS_URL``). Each limit is a fixed window (e.g. "10/hour" is the clock
hour) of numbered slots: an attempt takes the first free slot with
``cache.add``, which is atomic on every shared backend (an INSERT on the cache
table's primary key, ``SET NX`` in Redis), so concurrent workers never take
more slots than the limit. Django's ``cache.incr`` is not used: on the database
cache it is a read-modify-write that loses counts and resets the expiry.

The client is ``client_address`` (README: "Behind a proxy"); an IPv6 client is
counted by its /64, the block one household or server gets. Who it is, and the
reference, are hashed with the secret key before they become cache keys, so no
address reaches the cache table in clear. Pages and the API share the buckets.
Rates come from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (README: ``THROTTLE_*``).
"""

import hashlib
import hmac
import ipaddress
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from rest_framework.throttling import SimpleRateThrottle

from ethics_tracker.core.clients import client_address

from . import receipts

FILING = "complaint_filing"
RECEIPT_LOOKUP = "receipt_lookup"
RECEIPT_PER_REFERENCE = "receipt_per_reference"
MEMBER_LOOKUP = "member_lookup"

# The API's 429 messages (the pages have theirs in their templates).
FILING_REFUSED = _("Too many complaints were sent from this connection.")
LOOKUP_REFUSED = _("Too many wrong receipt codes were sent from this connection.")
MEMBER_LOOKUP_REFUSED = _("Too many searches for members were sent from this connection.")


@dataclass
class Attempt:
    """The slots one attempt holds; ``wait`` (seconds) is set when it was refused."""

    slots: list[str] = field(default_factory=list)
    wait: int | None = None
    refused_by: list[str] = field(default_factory=list)  # the scopes that were full

    @property
    def refused(self) -> bool:
        return self.wait is not None

    @property
    def reference_locked(self) -> bool:
        """The reference had too many wrong codes (from anywhere), not just this client."""
        return RECEIPT_PER_REFERENCE in self.refused_by

    def release(self) -> None:
        """Give the slots back: the attempt turned out not to count (a right code,
        a form sent back with errors)."""
        cache.delete_many(self.slots)
        self.slots = []


def reference_locked_message(wait: int) -> str:
    """What the complainant reads when strangers used up their reference's tries."""
    minutes = max(1, math.ceil(wait / 60))
    return ngettext(
        "Too many wrong codes were tried for this reference, so it is locked for "
        "%(minutes)d minute. Then try again with your code. If these attempts were "
        "not yours, tell the committee's secretary.",
        "Too many wrong codes were tried for this reference, so it is locked for "
        "%(minutes)d minutes. Then try again with your code. If these attempts were "
        "not yours, tell the committee's secretary.",
        minutes,
    ) % {"minutes": minutes}


def filing_attempt(request) -> Attempt:
    """One filing (new, or a replay of an ``Idempotency-Key`` / form token)."""
    return _attempt([(FILING, _client(request))])


def member_lookup_attempt(request) -> Attempt:
    """One search of the public member lookup (every search counts, found or not)."""
    return _attempt([(MEMBER_LOOKUP, _client(request))])


def receipt_attempt(request, reference: str) -> Attempt:
    """One try of a receipt code: counted for the client and for the reference, so that
    neither many codes from one place nor one reference from many places gets far."""
    return _attempt(
        [
            (RECEIPT_LOOKUP, _client(request)),
            (RECEIPT_PER_REFERENCE, receipts.normalise_reference(reference)),
        ]
    )


def _attempt(buckets) -> Attempt:
    attempt = Attempt()
    waits = []
    for scope, who in buckets:
        slot, wait = _take(scope, who)
        if slot is None:
            waits.append(wait)
            attempt.refused_by.append(scope)
        else:
            attempt.slots.append(slot)
    if waits:
        attempt.release()  # refused attempts count nowhere
        attempt.wait = max(waits)
    return attempt


def _take(scope: str, who: str) -> tuple[str | None, int]:
    """(the slot taken or None when all are taken, seconds until the window ends)."""
    limit, duration = SimpleRateThrottle.parse_rate(
        None, settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    )
    now = time.time()
    window = int(now // duration)
    wait = max(1, math.ceil((window + 1) * duration - now))
    prefix = f"throttle:{scope}:{_keyed(scope, who)}:{window}"
    slots = [f"{prefix}:{number}" for number in range(limit)]
    taken = cache.get_many(slots)
    for slot in slots:
        # A slot outlives its window by a second, so within the window a key is only
        # ever inserted, never re-used: add() cannot succeed twice for one slot.
        if slot not in taken and cache.add(slot, 1, timeout=wait + 1):
            return slot, wait
    return None, wait


def _client(request) -> str:
    address = client_address(request)
    if address is None:
        return "unknown"  # every client without an address shares one bucket
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def _keyed(scope: str, who: str) -> str:
    message = f"cases.throttle:{scope}:{who}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:40]
