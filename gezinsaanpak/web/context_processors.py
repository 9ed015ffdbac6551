"""What templates may ask about the user: their capabilities, never their role."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gezinsaanpak.access import capabilities
from gezinsaanpak.selectors import concerns


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
