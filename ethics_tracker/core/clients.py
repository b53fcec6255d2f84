"""Who is on the other end of a request: the one place that reads the client address.

Every throttle, the staff-login limiter and the signature record call
``client_address``. ``X-Forwarded-For`` is believed only as far as
``TRUSTED_PROXY_COUNT`` proxies of our own appended to it (README: "Behind a
proxy"): with N proxies, the client is the N-th address from the right, the one
our outermost proxy saw. Anything further left was written by the client and
never changes its identity. With no proxies (the default) the header is ignored.
"""

import ipaddress

from django.conf import settings


def _address_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's IP address as our own proxies saw it ("unknown" if there is none)."""
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop.strip() for hop in hops if hop.strip()]
        # Fewer hops than proxies means the request did not come through them all:
        # fall back to the address that connected.
        if len(hops) >= proxies:
            forwarded = _address_or_none(hops[-proxies])
            if forwarded:
                return forwarded
    return _address_or_none(remote) or "unknown"
