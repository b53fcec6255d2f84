"""client_address: the one reading of who is on the other end (throttles, the staff
login limiter, the signature record). A client never chooses its own identity."""

import pytest
from django.test import RequestFactory

from ethics_tracker.core.clients import client_address

REAL = "198.51.100.23"
PROXY = "10.0.0.5"


def request_from(remote=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


def test_without_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(REAL, forwarded="203.0.113.1")) == REAL


def test_one_proxy_believes_only_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded=REAL)) == REAL
    assert client_address(request_from(forwarded=f"203.0.113.1, {REAL}")) == REAL
    assert client_address(request_from(forwarded=f"127.0.0.1,{REAL}")) == REAL


def test_two_proxies_count_two_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    spoofed = f"203.0.113.1, {REAL}, 10.0.0.9"
    assert client_address(request_from(forwarded=spoofed)) == REAL


@pytest.mark.parametrize(
    "forwarded",
    ["", "not-an-address", "203.0.113.1, garbage", " , ", "999.1.1.1", "a" * 5000],
)
def test_a_missing_or_malformed_header_falls_back_to_the_connecting_address(settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded=forwarded)) == PROXY


def test_too_few_hops_means_the_request_skipped_our_proxies(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(request_from(forwarded=REAL)) == PROXY


def test_ports_and_mapped_addresses_are_read_as_the_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(request_from(forwarded=f"{REAL}:51234")) == REAL
    assert client_address(request_from(forwarded="[2001:db8::7]:443")) == "2001:db8::7"
    assert client_address(request_from(remote=f"::ffff:{REAL}")) == REAL


def test_no_valid_address_at_all_is_none(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(request_from(remote="")) is None
    assert client_address(request_from(remote="unix:/run/gunicorn.sock")) is None
