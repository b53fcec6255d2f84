"""Who is on the other end of a request: the one place that reads the client address.

Every throttle, the staff-login limiter and the signature record call
``client_address``. ``X-Forwarded-For`` is believed only as far as
``TRUSTED_PROXY_COUNT`` proxies of our own appended to it (README: "Behind a
proxy"): with N proxies, the client is the N-th address from the right, the one
our outermost proxy saw. Anything further left was written by the client and
never changes its identity. With no proxies (the default) the header is ignored.
"""

import ipaddress
import re

from django.conf import settings

# "203.0.113.7:51234" and "[2001:db8::1]:443": some proxies append the client's port.
_WITH_PORT = re.compile(r"^\[(?P<v6>[^\]]+)\](?::\d+)?$|^(?P<v4>[0-9.]+):\d+$")


def _address_or_none(value: str) -> str | None:
    value = value.strip()
    match = _WITH_PORT.match(value)
    if match:
        value = match["v6"] or match["v4"]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is still that IPv4 client.
    mapped = getattr(address, "ipv4_mapped", None)
    return str(mapped or address)


def client_address(request) -> str | None:
    """The client's IP address as our own proxies saw it; None when there is no valid one.

    A header that is missing, too short (the request did not pass through all our
    proxies) or malformed where our proxy wrote falls back to the address that
    connected, never to anything the client wrote.
    """
    request = getattr(request, "_request", request)  # a DRF Request wraps Django's
    proxies = max(0, settings.TRUSTED_PROXY_COUNT)
    if proxies:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in header.split(",") if hop.strip()]
        if len(hops) >= proxies:
            forwarded = _address_or_none(hops[-proxies])
            if forwarded:
                return forwarded
    return _address_or_none(request.META.get("REMOTE_ADDR") or "")
