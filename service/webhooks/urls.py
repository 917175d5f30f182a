"""Refusing webhook targets that would make the service reach into private networks (SSRF)."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from service.errors import UnsafeURLError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Iterable[str]]

SCHEMES = ("http", "https")


def resolve(host: str, port: int) -> list[str]:
    """Return every address ``host`` resolves to, as strings."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURLError(f"the host {host!r} does not resolve") from exc
    return [str(info[4][0]) for info in infos]


def is_public(ip: IPAddress) -> bool:
    """Return whether ``ip`` is a globally routable unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        # ::ffff:127.0.0.1 reaches 127.0.0.1; judge the IPv4 address it carries.
        mapped = ip.ipv4_mapped
        if mapped is not None:
            return is_public(mapped)
        if ip.scope_id:
            return False
        # 6to4 and Teredo addresses tunnel to an embedded IPv4 address; judge that one too.
        if ip.sixtofour is not None and not is_public(ip.sixtofour):
            return False
        if ip.teredo is not None and not all(is_public(part) for part in ip.teredo):
            return False
    blocked = (
        ip.is_loopback or ip.is_link_local or ip.is_private or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    )
    # is_global also catches ranges none of the flags name, e.g. 100.64.0.0/10 (carrier NAT).
    return not blocked and ip.is_global


def check_url(url: str, *, allow_private: bool = False, resolver: Resolver = resolve) -> None:
    """Raise UnsafeURLError unless ``url`` is http(s) and every address of its host is public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise UnsafeURLError(f"not a valid URL: {exc}") from exc
    if parts.scheme not in SCHEMES:
        raise UnsafeURLError("the URL must be http or https")
    host = parts.hostname
    if not host:
        raise UnsafeURLError("the URL has no host")
    if allow_private:
        return
    port = port or (443 if parts.scheme == "https" else 80)
    try:
        addresses: Iterable[str] = [str(ipaddress.ip_address(host))]
    except ValueError:
        addresses = resolver(host, port)
    found = False
    for text in addresses:
        found = True
        # A host with one public and one private address is refused: the client may pick either.
        if not is_public(ipaddress.ip_address(text)):
            raise UnsafeURLError(f"the host {host!r} resolves to a non-public address ({text})")
    if not found:
        raise UnsafeURLError(f"the host {host!r} does not resolve")


def allow_any(url: str) -> None:
    """The URL policy of local development and tests: any http(s) URL with a host, private ones too."""
    check_url(url, allow_private=True)
