"""Failed client authentications at the OAuth2 endpoints, counted per client id and per IP.

A partner's software authenticates once every ten minutes; someone guessing secrets does so
as fast as the server answers. So failures are counted in the Django cache (the database
cache in production, shared by every app server, as DRF's throttles and django-axes' counters
are), per claimed client id and per client address, each in a window of
``TOKEN_THROTTLE['WINDOW_SECONDS']`` that starts at its first failure. The failure that
reaches a limit starts a cool-off of ``COOLOFF_SECONDS`` for that client id or address: every
request naming it, the right secret included, is then refused with 429 and ``Retry-After``
before any secret is checked. An unknown client id is counted and refused exactly like a known
one, so the answers never tell which client ids exist.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

_PREFIX = "token-throttle"


def _setting(name: str) -> int:
    return int(settings.TOKEN_THROTTLE[name])


def claimed_client_id(request: HttpRequest) -> str:
    """The client id a request names (HTTP Basic first, as django-oauth-toolkit reads it)."""
    scheme, _, encoded = request.headers.get("Authorization", "").partition(" ")
    if scheme == "Basic" and encoded:
        try:
            decoded = base64.b64decode(encoded).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return ""
        return unquote_plus(decoded.partition(":")[0])
    value: Any = request.POST.get("client_id", "")
    return value if isinstance(value, str) else ""


def _digest(value: str) -> str:
    # Cache keys of a fixed shape whatever a client sends (memcached-safe, no secrets).
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class TokenThrottle:
    """The counters one request at the token endpoint touches."""

    client_id: str
    ip: str

    @classmethod
    def for_request(cls, request: HttpRequest) -> TokenThrottle:
        return cls(client_id=claimed_client_id(request), ip=request.META.get("REMOTE_ADDR", ""))

    def _limits(self) -> list[tuple[str, int]]:
        limits = [(f"ip:{_digest(self.ip)}", _setting("IP_FAILURES"))]
        if self.client_id:
            limits.append((f"client:{_digest(self.client_id)}", _setting("CLIENT_FAILURES")))
        return limits

    def retry_after(self) -> int | None:
        """Seconds left of a cool-off on this client id or address; ``None`` when there is none."""
        keys = [f"{_PREFIX}:lock:{name}" for name, _ in self._limits()]
        until = max(cache.get_many(keys).values(), default=0.0)
        left = float(until) - time.time()
        return max(1, math.ceil(left)) if left > 0 else None

    def failed(self) -> bool:
        """Count one failed client authentication; ``True`` when it started a cool-off."""
        window, cooloff = _setting("WINDOW_SECONDS"), _setting("COOLOFF_SECONDS")
        started = False
        for name, limit in self._limits():
            count_key = f"{_PREFIX}:count:{name}"
            cache.add(count_key, 0, timeout=window)
            try:
                count = cache.incr(count_key)
            except ValueError:  # expired between add and incr
                cache.set(count_key, 1, timeout=window)
                count = 1
            if count >= limit:
                cache.set(f"{_PREFIX}:lock:{name}", time.time() + cooloff, timeout=cooloff)
                cache.delete(count_key)
                started = True
        return started
