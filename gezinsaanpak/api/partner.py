"""``/api/v1/partner/…``: the partner API, for partner software with an OAuth2 client token.

- ``referrals/``: referrals the partner sent to the library (status and feedback).
- ``received/``: referrals the library sent to the partner (who to contact, why), and
  ``received/{id}/report/`` to report back.

Only :class:`PartnerTokenAuthentication`; staff sessions do not open these, and partner
tokens open nothing else. Another partner's referral answers 404 like a missing one.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import PartnerClient
from gezinsaanpak import access
from gezinsaanpak.models import Referral
from gezinsaanpak.selectors import referrals as selectors
from gezinsaanpak.services import referral_intake, referrals

from .pagination import PageNumberPagination, page_number, page_response
from .partner_auth import (
    READ,
    WRITE,
    IsPartnerClient,
    PartnerScopes,
    PartnerTokenAuthentication,
)
from .partner_serializers import (
    ReceivedReferralSerializer,
    ReferralInSerializer,
    ReportSerializer,
    SentReferralSerializer,
)
from .schema import AutoSchema
from .throttling import RateLimit

PAGE = OpenApiParameter("page", int, description="Page number (50 a page).")


class PartnerErrorSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(
        allow_null=True, help_text="The field, e.g. postcode or children.0.date_of_birth."
    )


class PartnerErrorResponseSerializer(serializers.Serializer[dict[str, Any]]):
    type = serializers.ChoiceField(choices=["validation_error", "client_error"])
    # DRF's metaclass moves declared fields off the class, so this does not shadow
    # Serializer.errors at runtime; the stubs cannot know that.
    errors = PartnerErrorSerializer(many=True)  # type: ignore[assignment]


class PartnerSchema(AutoSchema):
    """One honest 400 body for the partner API: ``attr`` is the path of the field.

    (drf-standardized-errors would enumerate each field's codes and write list positions as
    ``INDEX``; partner software gets the real path, e.g. ``children.0.date_of_birth``.)
    A body that is not JSON is a 400 too (see ``handle_exception``), never a 415.
    """

    def _get_http400_serializer(self) -> Any:
        return PartnerErrorResponseSerializer

    def _should_add_http415_error_response(self) -> bool:
        return False


class PartnerViewSet(viewsets.GenericViewSet[Referral]):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsPartnerClient, PartnerScopes]
    throttle_classes = [RateLimit]
    schema = PartnerSchema()
    pagination_class = PageNumberPagination  # the one envelope; the schema shows it
    filter_backends: list[Any] = []
    lookup_value_regex = "[^/]+"
    required_alternate_scopes = {"GET": [[READ]], "POST": [[WRITE]]}
    direction = Referral.Direction.IN

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

    def _page(self, request: Request) -> Response:
        page = selectors.partner_referral_page(
            self.client, direction=self.direction, page=page_number(request)
        )
        return page_response(request, page, self.get_serializer(page.object_list, many=True).data)

    def _one(self, pk: str) -> Referral:
        return selectors.partner_referral_get(self.client, pk, direction=self.direction)


@extend_schema(tags=["partner"])
class SentReferralViewSet(PartnerViewSet):
    """Referrals your organisation sent to the library."""

    serializer_class = SentReferralSerializer
    direction = Referral.Direction.IN

    @extend_schema(summary="Referrals you sent, newest first", parameters=[PAGE])
    def list(self, request: Request) -> Response:
        return self._page(request)

    @extend_schema(summary="One referral you sent: its status and the library's feedback")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._one(pk)).data)

    @extend_schema(
        summary="Refer a family to the library",
        request=ReferralInSerializer,
        responses={201: SentReferralSerializer},
    )
    def create(self, request: Request) -> Response:
        payload = ReferralInSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = referral_intake.referral_receive(client=self.client, data=payload.validated_data)
        body = SentReferralSerializer(referral).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["partner"])
class ReceivedReferralViewSet(PartnerViewSet):
    """Referrals the library sent to your organisation."""

    serializer_class = ReceivedReferralSerializer
    direction = Referral.Direction.OUT

    @extend_schema(summary="Referrals sent to you, newest first", parameters=[PAGE])
    def list(self, request: Request) -> Response:
        return self._page(request)

    @extend_schema(summary="One referral sent to you: who to contact and why")
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self.get_serializer(self._one(pk)).data)

    @extend_schema(
        summary="Report back: received, contact made, no contact, declined or completed",
        request=ReportSerializer,
        responses=ReceivedReferralSerializer,
    )
    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str) -> Response:
        # Fetched to change it: the report's own line is the log, not a read first.
        referral = access.referrals.partner_referral_for(self.client, pk, self.direction)
        payload = ReportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        referral = referrals.referral_partner_report(
            client=self.client, referral=referral, **payload.validated_data
        )
        return Response(ReceivedReferralSerializer(referral).data)
