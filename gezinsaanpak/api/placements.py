"""``/api/v1/placements/`` and ``/api/v1/volunteers/``: the same rules as the pages.

A volunteer sees only their active placements and the visit field set of those families;
a coordinator sees the organisation. Anyone else: 404. Lists are pages of the one
envelope (``count``, ``next``, ``previous``, ``results``) and hold every row across pages.

Logging a visit fetches the placement with ``placement_for_change`` (not a read) and the
service logs the write; the response is built from the visit just written without a
READ line, because the CREATE line already names those fields.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import current_user
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.roles import Capability
from gezinsaanpak.selectors import placements as selectors
from gezinsaanpak.selectors import visits as visit_selectors
from gezinsaanpak.selectors import volunteers as volunteer_selectors
from gezinsaanpak.services import visits as visit_services

from .pagination import page_number, page_response
from .placement_serializers import (
    PlacementFilterSerializer,
    PlacementSerializer,
    VisitRecordSerializer,
    VisitSerializer,
    VolunteerSerializer,
)
from .schema import paged, query_validation_errors


@extend_schema_view(
    list=extend_schema(
        summary="Placements you may see (a volunteer: only their active ones)",
        parameters=[PlacementFilterSerializer],
    ),
    retrieve=extend_schema(summary="One placement, with the visit details of the family"),
)
@paged("list", "visits")
@query_validation_errors(PlacementFilterSerializer, actions=["list"])
class PlacementViewSet(viewsets.ViewSet):
    lookup_value_regex = "[^/]+"
    serializer_class = PlacementSerializer

    def list(self, request: Request) -> Response:
        filters = PlacementFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        page, rows = selectors.placement_api_page(
            current_user(request._request), page=page_number(request), **filters.validated_data
        )
        return page_response(request, page, PlacementSerializer(rows, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        shown = selectors.placement_api_get(current_user(request._request), pk)
        return Response(PlacementSerializer(shown).data)

    @extend_schema(
        methods=["GET"],
        summary="Visits logged for a placement, newest first",
        responses=VisitRecordSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Log a visit (the placement's volunteer)",
        request=VisitSerializer,
        responses={201: VisitRecordSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def visits(self, request: Request, pk: str) -> Response:
        user = current_user(request._request)
        if request.method == "GET":
            page, rows = visit_selectors.visits_api_page(user, pk, page=page_number(request))
            return page_response(request, page, VisitRecordSerializer(rows, many=True).data)
        # Before validation, so a placement one may not log on is 404, not 400.
        placement = placement_access.placement_for_change(user, pk, Capability.LOG_VISIT)
        payload = VisitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        visit = visit_services.visit_log(actor=user, placement=placement, **payload.validated_data)
        shown = visit_selectors.visit_record(user, visit)
        return Response(VisitRecordSerializer(shown).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(summary="Volunteer profiles (a coordinator: the organisation's)"),
    retrieve=extend_schema(summary="One volunteer profile"),
)
@paged("list")
class VolunteerViewSet(viewsets.ViewSet):
    lookup_value_regex = "[^/]+"
    serializer_class = VolunteerSerializer

    def list(self, request: Request) -> Response:
        user = current_user(request._request)
        page = volunteer_selectors.profile_api_page(user, page=page_number(request))
        return page_response(
            request, page, VolunteerSerializer(list(page.object_list), many=True).data
        )

    def retrieve(self, request: Request, pk: str) -> Response:
        profile = volunteer_selectors.profile_api_get(current_user(request._request), pk)
        return Response(VolunteerSerializer(profile).data)
