"""What templates may ask about the user: their capabilities, never their role."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gezinsaanpak.access import capabilities
from gezinsaanpak.selectors import concerns

WARN_BEFORE_SECONDS = 120


def user_capabilities(request: HttpRequest) -> dict[str, frozenset[str]]:
    """``{% if "match" in can %}``: the capability values of ``access.roles.Capability``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": frozenset()}
    return {"can": frozenset(str(c) for c in capabilities(user))}


def concern_alerts(request: HttpRequest) -> dict[str, object]:
    """Open concerns for the coordinator, shown at the top of every page until handled.

    Lazy: the query runs (and the page logs what it shows) only when a template shows it.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"concern_alerts": []}
    return {"concern_alerts": SimpleLazyObject(lambda: concerns.concern_alerts(user))}


def session_warning(request: HttpRequest) -> dict[str, object]:
    """When forms.js warns that the session ends (two minutes before the earliest moment
    the idle timeout can end it: the expiry is renewed at most once a refresh interval)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ends_after = settings.SESSION_COOKIE_AGE - settings.SESSION_REFRESH_SECONDS
    return {"session_warn_after": max(ends_after - WARN_BEFORE_SECONDS, 30)}
