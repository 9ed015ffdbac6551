"""``/api/v1/boekstart/``: sessions, follow-up contacts, locations and voucher pickup.

The same rules as the pages: coaches log sessions and see only their own contacts; the
coordinator sees the organisation's sessions and the pickup figures. Anything you may not
see answers 404.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role, User, current_user
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.selectors import boekstart as selectors
from gezinsaanpak.services import boekstart as services

from .boekstart_serializers import (
    ContactSerializer,
    ContactWriteSerializer,
    LocationSerializer,
    PeriodSerializer,
    PickupRowSerializer,
    SessionSerializer,
    SessionWriteSerializer,
    VoucherRedeemSerializer,
)


def _user(request: Request) -> User:
    return current_user(request._request)


def _page_body(request: Request, page: Any, results: Any) -> dict[str, Any]:
    def url(number: int) -> str:
        query = request.query_params.copy()
        query["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return {
        "count": page.paginator.count,
        "next": url(page.next_page_number()) if page.has_next() else None,
        "previous": url(page.previous_page_number()) if page.has_previous() else None,
        "results": results,
    }


@extend_schema_view(
    list=extend_schema(
        summary="BoekStart sessions: a coach's own, or all of the organisation (coordinator)",
        parameters=[OpenApiParameter("page", int)],
        responses=SessionSerializer(many=True),
    ),
    create=extend_schema(
        summary="Log a session (coach): tallies only, no names",
        request=SessionWriteSerializer,
        responses={201: SessionSerializer},
    ),
)
class SessionViewSet(viewsets.ViewSet):
    serializer_class = SessionSerializer

    def list(self, request: Request) -> Response:
        page = selectors.session_page(_user(request), page=request.query_params.get("page", 1))
        results = SessionSerializer(list(page.object_list), many=True).data
        return Response(_page_body(request, page, results))

    def create(self, request: Request) -> Response:
        user = _user(request)
        selectors.require_role(user, frozenset({Role.COACH}))
        payload = SessionWriteSerializer(data=request.data, context={"user": user})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        session = services.session_log(
            actor=user,
            location=data["location"],
            date=data["date"],
            counts={name: data[name] for name in COUNT_FIELDS},
            voucher_numbers=data["voucher_numbers"],
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="Follow-up contacts: a coach's own, or all (coordinator)",
        responses=ContactSerializer(many=True),
    ),
    retrieve=extend_schema(summary="One follow-up contact"),
    create=extend_schema(
        summary="Register a parent who wants follow-up (coach), with their consent",
        request=ContactWriteSerializer,
        responses={201: ContactSerializer},
    ),
)
class ContactViewSet(viewsets.ViewSet):
    """Every read logs the families shown; a contact you may not see answers 404."""

    lookup_value_regex = "[^/]+"
    serializer_class = ContactSerializer

    def list(self, request: Request) -> Response:
        user = _user(request)
        contacts = selectors.contacts_of(user)
        return Response(ContactSerializer(contacts, many=True, context={"user": user}).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        user = _user(request)
        contact = selectors.contact_get(user, pk)
        return Response(ContactSerializer(contact, context={"user": user}).data)

    def create(self, request: Request) -> Response:
        user = _user(request)
        selectors.require_role(user, frozenset({Role.COACH}))
        payload = ContactWriteSerializer(data=request.data, context={"user": user})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        contact = services.contact_register(
            actor=user,
            data=data,
            session=data.pop("session"),
            family_id=data.pop("family"),
            confirm_not_duplicate=data.pop("confirm_not_duplicate"),
            consent_method="verbal",
        )
        contact = selectors.contact_get(user, contact.pk)
        body = ContactSerializer(contact, context={"user": user}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Warm handover to the library", request=None, responses=ContactSerializer
    )
    @action(detail=True, methods=["post"])
    def handover(self, request: Request, pk: str) -> Response:
        user = _user(request)
        contact = services.contact_handover(actor=user, contact=selectors.contact_get(user, pk))
        return Response(ContactSerializer(contact, context={"user": user}).data)


class LocationViewSet(viewsets.ViewSet):
    serializer_class = LocationSerializer

    @extend_schema(summary="The consultatiebureaus of your organisation")
    def list(self, request: Request) -> Response:
        locations = selectors.locations_of(_user(request))
        return Response(LocationSerializer(locations, many=True).data)


class VoucherPickupView(APIView):
    @extend_schema(
        summary="Voucher pickup per municipality and month of issue (coordinator)",
        parameters=[PeriodSerializer],
        responses=PickupRowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = _user(request)
        selectors.require_role(user, selectors.COORDINATOR)
        period = PeriodSerializer(data=request.query_params)
        period.is_valid(raise_exception=True)
        rows = selectors.voucher_pickup(user, **period.validated_data)
        return Response(PickupRowSerializer(rows, many=True).data)


class VoucherRedeemView(APIView):
    @extend_schema(
        summary="A parent brought a numbered voucher to the library",
        request=VoucherRedeemSerializer,
        responses=VoucherRedeemSerializer,
    )
    def post(self, request: Request) -> Response:
        user = _user(request)
        selectors.require_role(user, selectors.VOUCHER_DESK)
        payload = VoucherRedeemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        voucher = services.voucher_redeem(actor=user, **payload.validated_data)
        return Response({"number": voucher.number, "redeemed_on": voucher.redeemed_on})
