"""Webhook target checks: http(s) only, no private, loopback or otherwise non-public addresses."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

import pytest

from service.errors import UnsafeURLError
from service.webhooks.urls import check_url, is_public

# No DNS in tests: names resolve through this table.
FAKE_DNS: dict[str, list[str]] = {
    "hooks.example.com": ["93.184.215.14"],
    "v6.example.com": ["2606:4700:4700::1111"],
    "internal.example.com": ["10.0.0.5"],
    "split.example.com": ["93.184.215.14", "192.168.1.10"],
    "metadata.example.com": ["169.254.169.254"],
    "mapped.example.com": ["::ffff:127.0.0.1"],
    "empty.example.com": [],
}


def fake_resolver(host: str, port: int) -> Iterable[str]:
    if host not in FAKE_DNS:
        raise UnsafeURLError(f"the host {host!r} does not resolve")
    return FAKE_DNS[host]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("93.184.215.14", True),
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("127.0.0.1", False),  # loopback
        ("127.255.255.254", False),
        ("::1", False),
        ("10.1.2.3", False),  # private
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("fc00::1", False),  # unique local
        ("169.254.169.254", False),  # link-local: cloud metadata
        ("fe80::1", False),
        ("fe80::1%eth0", False),
        ("224.0.0.1", False),  # multicast
        ("ff02::1", False),
        ("240.0.0.1", False),  # reserved
        ("255.255.255.255", False),
        ("0.0.0.0", False),  # unspecified
        ("::", False),
        ("100.64.0.1", False),  # carrier-grade NAT: not private, not global either
        ("192.0.2.1", False),  # documentation
        ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
        ("::ffff:10.0.0.1", False),
        ("::ffff:169.254.169.254", False),
        ("2002:7f00:1::1", False),  # 6to4 around 127.0.0.1
        ("64:ff9b::7f00:1", False),  # NAT64 of 127.0.0.1
    ],
)
def test_is_public(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.example.com/quotes",
        "http://hooks.example.com:8080/quotes?x=1",
        "https://v6.example.com/",
        "https://93.184.215.14/hook",
        "https://[2606:4700:4700::1111]/hook",
    ],
)
def test_public_urls_pass(url: str) -> None:
    check_url(url, resolver=fake_resolver)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("ftp://hooks.example.com/x", "http or https"),
        ("file:///etc/passwd", "http or https"),
        ("gopher://hooks.example.com/", "http or https"),
        ("hooks.example.com/x", "http or https"),
        ("http:///nohost", "no host"),
        ("http://[::1/", "not a valid URL"),
        ("http://hooks.example.com:99999/", "not a valid URL"),
        ("http://127.0.0.1/hook", "non-public"),
        ("http://[::1]:8000/hook", "non-public"),
        ("http://[::ffff:127.0.0.1]/hook", "non-public"),
        ("http://0.0.0.0/", "non-public"),
        ("http://169.254.169.254/latest/meta-data/", "non-public"),
        ("https://internal.example.com/", "non-public"),
        ("https://split.example.com/", "non-public"),  # one private address is enough to refuse
        ("https://metadata.example.com/", "non-public"),
        ("https://mapped.example.com/", "non-public"),
        ("https://unknown.example.com/", "does not resolve"),
        ("https://empty.example.com/", "does not resolve"),
    ],
)
def test_unsafe_urls_are_refused(url: str, reason: str) -> None:
    with pytest.raises(UnsafeURLError, match=reason):
        check_url(url, resolver=fake_resolver)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/hook", "https://internal.example.com/", "http://[::1]/", "http://localhost/"],
)
def test_allow_private_lets_private_targets_through(url: str) -> None:
    check_url(url, allow_private=True, resolver=fake_resolver)


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/", "http:///x"])
def test_allow_private_still_requires_http_and_a_host(url: str) -> None:
    with pytest.raises(UnsafeURLError):
        check_url(url, allow_private=True, resolver=fake_resolver)


def test_the_real_resolver_refuses_localhost() -> None:
    # localhost resolves from the hosts file: no network needed.
    with pytest.raises(UnsafeURLError, match="non-public"):
        check_url("http://localhost:8000/hook")
