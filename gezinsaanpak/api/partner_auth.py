"""How partner software gets in: OAuth2 client credentials, and nothing else.

A token is issued only to an OAuth2 application that belongs to an active
:class:`accounts.models.PartnerClient`, and is accepted only while that stays true, so
revoking the client stops its very next request. Staff endpoints do not list this
authentication class, so a partner token opens nothing but the partner endpoints.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.hashers import make_password
from drf_spectacular.contrib.django_oauth_toolkit import DjangoOAuthToolkitScheme
from oauth2_provider.contrib.rest_framework import (
    OAuth2Authentication,
    TokenMatchesOASRequirements,
)
from oauth2_provider.oauth2_validators import OAuth2Validator
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView

from accounts.models import PartnerClient

READ = "referrals:read"
WRITE = "referrals:write"


def active_client_of(application: Any) -> PartnerClient | None:
    if application is None:
        return None
    client = PartnerClient.objects.active().filter(application_id=application.pk).first()
    return client


def client_named(client_id: str) -> PartnerClient | None:
    """The partner client (revoked or not) whose OAuth2 client id this is."""
    if not client_id:
        return None
    try:
        found = PartnerClient.objects.select_related("organisation")
        return found.filter(application__client_id=client_id).first()
    except ValueError:  # a NUL character: PostgreSQL cannot even be asked
        return None


# Hashed like a stored client secret, by the same (first) password hasher.
_NOT_A_SECRET = "not-a-client-secret"  # noqa: S105


class PartnerOAuth2Validator(OAuth2Validator):
    """Issues tokens only to applications of an active partner client.

    An unknown client id costs one password hash, as a wrong secret does, so the time of the
    answer does not tell which client ids exist either.
    """

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        if not super().authenticate_client(request, *args, **kwargs):
            if not getattr(request, "gezinsaanpak_client_found", False):
                make_password(_NOT_A_SECRET)  # a found client's secret was checked instead
            return False
        return active_client_of(request.client) is not None

    def _load_application(self, client_id: str, request: Any) -> Any:
        application = super()._load_application(client_id, request)
        if application is not None:
            request.gezinsaanpak_client_found = True
        return application


class PartnerTokenAuthentication(OAuth2Authentication):
    """A valid bearer token of an active partner client; the client is the principal."""

    def authenticate(self, request: Request) -> tuple[PartnerClient, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        token = result[1]
        client = active_client_of(token.application)
        if client is None:
            request.oauth2_error = {"error": "invalid_token"}  # type: ignore[attr-defined]
            return None
        return client, token


class IsPartnerClient(BasePermission):
    def has_permission(self, request: Request, view: APIView) -> bool:
        return isinstance(request.user, PartnerClient) and request.user.is_active


class PartnerScopes(TokenMatchesOASRequirements):
    """``required_alternate_scopes`` per method on the view; documented in the schema."""


# drf-spectacular ships py.typed, but its extensions' __init_subclass__ is unannotated.
class PartnerTokenScheme(DjangoOAuthToolkitScheme):  # type: ignore[no-untyped-call]
    """Publishes the clientCredentials flow (tokenUrl, scopes) and each operation's scopes."""

    target_class = "gezinsaanpak.api.partner_auth.PartnerTokenAuthentication"
