"""Abuse limits per client, kept in the cache only (no IP address reaches the database).

The client is identified as DRF does it (``REMOTE_ADDR``, or ``X-Forwarded-For``
behind ``NUM_PROXIES`` proxies), then hashed with the secret key before it is
used as a cache key. The HTML pages and the API share the same buckets, so
switching between them gains nothing. Rates come from
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (README: ``THROTTLE_*``).
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from rest_framework.throttling import BaseThrottle, SimpleRateThrottle

FILING = "complaint_filing"
RECEIPT_LOOKUP = "receipt_lookup"


def _client_key(request, scope: str) -> str:
    ident = BaseThrottle().get_ident(getattr(request, "_request", request)) or "unknown"
    digest = hmac.new(settings.SECRET_KEY.encode(), ident.encode(), hashlib.sha256).hexdigest()
    return f"cases:throttle:{scope}:{digest[:40]}"


def _rate(scope: str) -> tuple[int, int]:
    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]
    num, duration = SimpleRateThrottle.parse_rate(None, rate)
    return num, duration


def _recent(key: str, duration: int, now: float) -> list[float]:
    return [stamp for stamp in cache.get(key, []) if stamp > now - duration]


def wait_seconds(request, scope: str) -> int | None:
    """None when the client may go on; otherwise how long until it may try again."""
    num, duration = _rate(scope)
    now = time.time()
    history = _recent(_client_key(request, scope), duration, now)
    if len(history) < num:
        return None
    return max(1, int(min(history) + duration - now))


def record(request, scope: str) -> None:
    """Count one event (a filing, a failed lookup) against the client."""
    num, duration = _rate(scope)
    key = _client_key(request, scope)
    now = time.time()
    history = _recent(key, duration, now)
    history.append(now)
    cache.set(key, history[-(num + 1) :], duration)
