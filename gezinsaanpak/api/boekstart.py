"""``/api/v1/boekstart/``: sessions, follow-up contacts, locations and voucher pickup.

The same rules as the pages: coaches log sessions and see only their own contacts; the
coordinator sees the organisation's sessions and the pickup figures. Anything you may not
see answers 404.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak import access
from gezinsaanpak.access import Capability
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.reports import boekstart as boekstart_figures
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
from .pagination import page_number, page_response
from .schema import paged
from .users import request_user


@extend_schema_view(
    list=extend_schema(
        summary="BoekStart sessions: a coach's own, or all of the organisation (coordinator)",
        responses=SessionSerializer(many=True),
    ),
    create=extend_schema(
        summary="Log a session (coach): tallies only, no names",
        request=SessionWriteSerializer,
        responses={201: SessionSerializer},
    ),
)
@paged("list")
class SessionViewSet(viewsets.ViewSet):
    serializer_class = SessionSerializer

    def list(self, request: Request) -> Response:
        page = selectors.session_page(request_user(request), page=page_number(request), strict=True)
        return page_response(
            request, page, SessionSerializer(list(page.object_list), many=True).data
        )

    def create(self, request: Request) -> Response:
        user = request_user(request)
        access.boekstart.organisation_for(user, Capability.LOG_BOEKSTART_SESSION)
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
@paged("list")
class ContactViewSet(viewsets.ViewSet):
    """Every read logs the families shown; a contact you may not see answers 404."""

    lookup_value_regex = "[^/]+"
    serializer_class = ContactSerializer

    def list(self, request: Request) -> Response:
        user = request_user(request)
        page = selectors.contacts_of(user, page=page_number(request), strict=True)
        return page_response(request, page, ContactSerializer(page.object_list, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        return Response(ContactSerializer(selectors.contact_get(user, pk)).data)

    def create(self, request: Request) -> Response:
        user = request_user(request)
        access.boekstart.organisation_for(user, Capability.REGISTER_CONTACT)
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
        body = ContactSerializer(selectors.contact_after_write(user, contact)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Warm handover to the library", request=None, responses=ContactSerializer
    )
    @action(detail=True, methods=["post"])
    def handover(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        contact = access.boekstart.contact_for_change(user, pk)  # to change it: not a read
        contact = services.contact_handover(actor=user, contact=contact)
        return Response(ContactSerializer(selectors.contact_after_write(user, contact)).data)


class LocationViewSet(viewsets.ViewSet):
    serializer_class = LocationSerializer

    @extend_schema(summary="The consultatiebureaus of your organisation")
    def list(self, request: Request) -> Response:
        locations = selectors.locations_of(request_user(request))
        return Response(LocationSerializer(locations, many=True).data)


class VoucherPickupView(APIView):
    @extend_schema(
        summary="Voucher pickup per municipality and month of issue (coordinator)",
        parameters=[PeriodSerializer],
        responses=PickupRowSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        access.boekstart.organisation_for(user, Capability.READ_BOEKSTART_FIGURES)
        period = PeriodSerializer(data=request.query_params.dict())
        period.is_valid(raise_exception=True)
        rows = boekstart_figures.voucher_pickup(user, **period.validated_data)
        return Response(PickupRowSerializer(rows, many=True).data)


class VoucherRedeemView(APIView):
    @extend_schema(
        summary="A parent brought a numbered voucher to the library",
        request=VoucherRedeemSerializer,
        responses=VoucherRedeemSerializer,
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        access.boekstart.organisation_for(user, Capability.REDEEM_VOUCHER)
        payload = VoucherRedeemSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        voucher = services.voucher_redeem(actor=user, **payload.validated_data)
        return Response({"number": voucher.number, "redeemed_on": voucher.redeemed_on})
