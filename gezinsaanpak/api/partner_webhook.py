"""``/api/v1/partner/webhook/``: the calling client's own webhook (docs/partners.md).

``PUT`` registers or changes the address; the answer holds the signing ``secret`` when it
is new (the first ``PUT``, or one with ``"new_secret": true``) and never again, so keep
it. ``GET`` shows the address (``null`` when none is registered); ``DELETE`` removes it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import PartnerClient
from gezinsaanpak.models import WebhookEndpoint
from gezinsaanpak.models.webhook import WEBHOOK_URL_MAX
from gezinsaanpak.services import webhooks

from .fields import StrictBooleanField, StrictCharField
from .partner import PartnerSchema
from .partner_auth import (
    READ,
    WRITE,
    IsPartnerClient,
    PartnerScopes,
    PartnerTokenAuthentication,
)
from .throttling import RateLimit


class WebhookInSerializer(serializers.Serializer[dict[str, Any]]):
    url = StrictCharField(
        max_length=WEBHOOK_URL_MAX,
        # Printable ASCII only (percent-encode the rest): the same class in Python's re and
        # in the ECMA regex the schema's clients use (``\s`` differs between the two).
        pattern=r"^https://[!-~]+$",
        pattern_message=gettext_lazy("Enter an address that starts with https://."),
        help_text=(
            "Where events go: an https:// address on the internet, in printable ASCII "
            "(percent-encode anything else). A well-formed address that is not acceptable "
            "(a local or private one, or not a valid URL) is a 422."
        ),
    )
    new_secret = StrictBooleanField(
        default=False, help_text="true: replace the signing secret (the answer holds the new one)."
    )


class WebhookSerializer(serializers.Serializer[dict[str, Any]]):
    url = serializers.CharField(allow_null=True, help_text="null: no webhook is registered.")
    events = serializers.ListField(child=serializers.CharField())
    created_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)
    secret = serializers.CharField(
        allow_null=True,
        help_text="The signing secret: only in the answer that created it, null otherwise.",
    )


def _body(endpoint: WebhookEndpoint | None, secret: str | None = None) -> dict[str, Any]:
    return {
        "url": endpoint.url if endpoint else None,
        "events": ["referral.updated"] if endpoint else [],
        "created_at": endpoint.created_at if endpoint else None,
        "updated_at": endpoint.updated_at if endpoint else None,
        "secret": secret,
    }


@extend_schema(tags=["partner"])
class PartnerWebhookView(APIView):
    """Your webhook: told when a referral you sent changes status."""

    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsPartnerClient, PartnerScopes]
    throttle_classes = [RateLimit]
    schema = PartnerSchema()
    required_alternate_scopes = {"GET": [[READ]], "PUT": [[WRITE]], "DELETE": [[WRITE]]}

    @property
    def client(self) -> PartnerClient:
        user = self.request.user
        if not isinstance(user, PartnerClient):
            raise exceptions.NotAuthenticated
        return user

    def handle_exception(self, exc: Exception) -> Response:
        """A body that is not JSON is a bad request naming the header (one error shape)."""
        if isinstance(exc, exceptions.UnsupportedMediaType):
            exc = exceptions.ValidationError(
                {"content_type": [_("Send JSON, with Content-Type: application/json.")]}
            )
        return super().handle_exception(exc)

    @extend_schema(summary="Your webhook (url null: none registered)", responses=WebhookSerializer)
    def get(self, request: Request) -> Response:
        return Response(WebhookSerializer(_body(webhooks.webhook_of(self.client))).data)

    @extend_schema(
        summary="Register or change your webhook; the answer holds a new signing secret once",
        request=WebhookInSerializer,
        responses=WebhookSerializer,
    )
    def put(self, request: Request) -> Response:
        payload = WebhookInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        endpoint, secret = webhooks.webhook_set(
            client=self.client,
            url=payload.validated_data["url"],
            new_secret_wanted=payload.validated_data["new_secret"],
        )
        return Response(WebhookSerializer(_body(endpoint, secret)).data)

    @extend_schema(summary="Remove your webhook", request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        webhooks.webhook_delete(client=self.client)
        return Response(status=status.HTTP_204_NO_CONTENT)
