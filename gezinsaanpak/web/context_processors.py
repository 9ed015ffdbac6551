"""What templates may ask about the user: their capabilities, never their role."""

from __future__ import annotations

from django.http import HttpRequest

from gezinsaanpak.access import capabilities


def user_capabilities(request: HttpRequest) -> dict[str, frozenset[str]]:
    """``{% if "match" in can %}``: the capability values of ``access.roles.Capability``."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"can": frozenset()}
    return {"can": frozenset(str(c) for c in capabilities(user))}
