"""The client's address behind our own reverse proxies, in ``REMOTE_ADDR`` for everyone.

Behind the TLS proxy every request comes from the proxy's address. The access log, the
login lockout (django-axes) and DRF's throttles all need the client's address instead, and
they must agree on it. So this middleware, first in the stack, rewrites ``REMOTE_ADDR`` once
and the three of them read only that: DRF with ``NUM_PROXIES = 0``, django-axes through
``AXES_CLIENT_IP_CALLABLE``, the access log through ``REMOTE_ADDR`` as before.

``X-Forwarded-For`` is believed only when the peer itself is one of ``TRUSTED_PROXIES``
(IP addresses or networks). Each proxy appends the address it received the request from,
so the header is read from the right: the first address that is not one of our proxies is
the client. Anything to the left of it was written by the client and proves nothing.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

type Network = ipaddress.IPv4Network | ipaddress.IPv6Network
type Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def trusted_networks(entries: Iterable[str]) -> tuple[Network, ...]:
    """Parse ``TRUSTED_PROXIES``: IP addresses or CIDR networks; a bad entry stops start-up."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES (FORWARDED_ALLOW_IPS in production): {entry!r} is not an "
                "IP address or network. Name the proxies; '*' would let any client choose "
                "its own address."
            ) from None
    return tuple(networks)


def _address(text: str) -> Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:192.0.2.1 is 192.0.2.1
    return mapped or address


def _is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address in network for network in trusted)


def client_address(remote_addr: str, forwarded_for: str, trusted: tuple[Network, ...]) -> str:
    """The client's address: ``remote_addr`` unless a trusted proxy says otherwise.

    A malformed entry among the hops we would have to believe keeps ``remote_addr``: the
    proxy chain is not what we expect, so we claim nothing. When every hop is one of our
    proxies (a request from inside), the left-most is where it came from.
    """
    peer = _address(remote_addr)
    if peer is None or not forwarded_for or not _is_trusted(peer, trusted):
        return remote_addr
    client = peer
    for text in reversed(forwarded_for.split(",")):
        hop = _address(text)
        if hop is None:
            return remote_addr
        client = hop
        if not _is_trusted(hop, trusted):
            break
    return client.compressed


def client_ip(request: HttpRequest) -> str | None:
    """For ``AXES_CLIENT_IP_CALLABLE``: the address this middleware settled on, nothing else."""
    return request.META.get("REMOTE_ADDR")


class TrustedProxyMiddleware:
    """Replaces ``REMOTE_ADDR`` with the client's address when a trusted proxy forwarded it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.trusted = trusted_networks(settings.TRUSTED_PROXIES)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.trusted:
            forwarded_for = request.META.get("HTTP_X_FORWARDED_FOR", "")
            peer = request.META.get("REMOTE_ADDR", "")
            request.META["REMOTE_ADDR"] = client_address(peer, forwarded_for, self.trusted)
        return self.get_response(request)
