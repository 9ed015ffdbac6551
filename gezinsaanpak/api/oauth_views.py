"""The OAuth2 token and revocation endpoints: django-oauth-toolkit's views, throttled.

Before the client is authenticated, a request whose client id or address is cooling off
(:mod:`gezinsaanpak.api.token_throttle`) gets 429 with ``Retry-After``; after it, a failed
client authentication (django-oauth-toolkit's ``401 invalid_client``: a wrong secret, an
unknown or a revoked client id) is counted and written to the access log, as a failed login
is (``login_failed``, never the secret, and the client only when its id exists).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from oauth2_provider import views as oauth2_views

from gezinsaanpak.api.partner_auth import client_named
from gezinsaanpak.api.token_throttle import TokenThrottle
from gezinsaanpak.audit.events.accounts import client_login_failed


def too_many_attempts(retry_after: int) -> HttpResponse:
    """The one refusal of a cool-off, whichever client id or address caused it."""
    body = {
        "error": "too_many_requests",
        "error_description": "Too many failed client authentications; retry after Retry-After.",
    }
    response = JsonResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def client_authentication_failed(response: HttpResponse) -> bool:
    if response.status_code != 401:
        return False
    try:
        return bool(json.loads(response.content).get("error") == "invalid_client")
    except (ValueError, AttributeError):
        return False


class _Throttled:
    endpoint = ""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        throttle = TokenThrottle.for_request(request)
        retry_after = throttle.retry_after()
        if retry_after is not None:
            return too_many_attempts(retry_after)
        response: HttpResponse = super().post(request, *args, **kwargs)  # type: ignore[misc]
        if client_authentication_failed(response):
            cooloff = throttle.failed()
            client = client_named(throttle.client_id)
            client_login_failed(client, endpoint=self.endpoint, cooloff_started=cooloff)
        return response


class TokenView(_Throttled, oauth2_views.TokenView):
    endpoint = "token"


class RevokeTokenView(_Throttled, oauth2_views.RevokeTokenView):
    endpoint = "revoke"
