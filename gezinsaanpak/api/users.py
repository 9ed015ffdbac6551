"""The staff user behind an API request."""

from __future__ import annotations

from rest_framework.request import Request

from accounts.models import User, current_user


def request_user(request: Request) -> User:
    """The logged-in user (the permission classes let only those through)."""
    return current_user(request._request)
