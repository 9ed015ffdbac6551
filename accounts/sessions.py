"""Ending a user's ways in at once: their web sessions and their OAuth2 tokens.

Sessions live in the database and expire after 30 idle minutes, so the live ones are few:
the ones of this user are found by reading those. A deactivated user is refused on the
next request anyway (Django's backend refuses inactive users, and the new unusable password
changes the session's auth hash); deleting the rows makes that certain and immediate.
"""

from __future__ import annotations

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone
from oauth2_provider.models import AccessToken, RefreshToken

from .models import User


def end_sessions(user: User) -> int:
    """Delete every live session of ``user``; how many there were."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get(SESSION_KEY) == str(user.pk)
    ]
    Session.objects.filter(pk__in=ended).delete()
    return len(ended)


def revoke_api_tokens(user: User) -> int:
    """Revoke every OAuth2 access and refresh token issued to ``user``; how many."""
    count = 0
    for token in AccessToken.objects.filter(user=user):
        token.revoke()
        count += 1
    for refresh in RefreshToken.objects.filter(user=user, revoked__isnull=True):
        refresh.revoke()
        count += 1
    return count
