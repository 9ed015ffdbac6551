"""``/api/v1/placements/`` and ``/api/v1/volunteers/``: the same rules as the pages.

A volunteer sees only their active placements and the visit field set of those families;
a coordinator sees the organisation. Anything else answers 404.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import Role, User, current_user
from gezinsaanpak.models import Caregiver, Child, Family, Placement, Visit, VolunteerProfile
from gezinsaanpak.selectors import placements as selectors
from gezinsaanpak.selectors import volunteers as volunteer_selectors
from gezinsaanpak.services import visits as visit_services

PLACEMENT_ROLES = (Role.COORDINATOR, Role.VOLUNTEER)


def _user(request: Request) -> User:
    user = current_user(request._request)
    if user.role not in PLACEMENT_ROLES:
        raise Http404
    return user


class VisitCaregiverSerializer(serializers.ModelSerializer[Caregiver]):
    class Meta:
        model = Caregiver
        fields = ["given_name", "languages"]


class VisitChildSerializer(serializers.ModelSerializer[Child]):
    class Meta:
        model = Child
        fields = ["given_name"]


class VisitFamilySerializer(serializers.ModelSerializer[Family]):
    """The visit field set: what a visit needs, nothing more (ARCHITECTURE.md §4)."""

    caregivers = VisitCaregiverSerializer(many=True, read_only=True)
    children = VisitChildSerializer(many=True, read_only=True)
    home_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    reading_languages = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Family
        fields = [
            "id",
            "street",
            "house_number",
            "postcode",
            "city",
            "phone",
            "home_languages",
            "reading_languages",
            "caregivers",
            "children",
        ]
        read_only_fields = fields


class PlacementSerializer(serializers.ModelSerializer[Placement]):
    family = VisitFamilySerializer(read_only=True)
    visits_held = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id",
            "kind",
            "status",
            "family",
            "volunteer",
            "sign_up_date",
            "weekday",
            "visit_time",
            "planned_visits",
            "interval_weeks",
            "start_date",
            "end_date",
            "stop_reason",
            "visits_held",
        ]
        read_only_fields = fields

    def get_visits_held(self, placement: Placement) -> int:
        return selectors.progress(placement).held


class VisitSerializer(serializers.ModelSerializer[Visit]):
    class Meta:
        model = Visit
        fields = ["id", "date", "status", "minutes", "parent_present", "books", "note"]
        read_only_fields = ["id"]


class PlacementFilterSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=Placement.Status.choices, required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Placements you may see (a volunteer: only their active ones)",
        parameters=[PlacementFilterSerializer],
    ),
    retrieve=extend_schema(summary="One placement, with the visit details of the family"),
)
class PlacementViewSet(viewsets.ViewSet):
    lookup_value_regex = "[^/]+"
    serializer_class = PlacementSerializer

    def list(self, request: Request) -> Response:
        user = _user(request)
        filters = PlacementFilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        found = selectors.placement_page(user, **filters.validated_data)
        return Response(PlacementSerializer(found, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        placement = selectors.placement_get(_user(request), pk)
        return Response(PlacementSerializer(placement).data)

    @extend_schema(
        methods=["GET"],
        summary="Visits logged for a placement",
        responses=VisitSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Log a visit (the placement's volunteer)",
        request=VisitSerializer,
        responses={201: VisitSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def visits(self, request: Request, pk: str) -> Response:
        user = _user(request)
        placement = selectors.placement_get(user, pk)
        if request.method == "GET":
            return Response(VisitSerializer(selectors.visits_of(placement), many=True).data)
        visit_services.require_own_active(user, placement)  # before validation: 404, not 400
        payload = VisitSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        visit = visit_services.visit_log(actor=user, placement=placement, **payload.validated_data)
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)


class VolunteerSerializer(serializers.ModelSerializer[VolunteerProfile]):
    name = serializers.CharField(source="user.name", read_only=True)
    vog_valid = serializers.SerializerMethodField()
    may_be_matched = serializers.SerializerMethodField()

    class Meta:
        model = VolunteerProfile
        fields = [
            "id",
            "user",
            "name",
            "vog_issued_on",
            "vog_checked_by",
            "vog_valid",
            "training_on",
            "languages",
            "area",
            "capacity",
            "active",
            "may_be_matched",
        ]
        read_only_fields = fields

    def get_vog_valid(self, profile: VolunteerProfile) -> bool:
        return profile.vog_valid()

    def get_may_be_matched(self, profile: VolunteerProfile) -> bool:
        return profile.may_be_matched()


@extend_schema_view(
    list=extend_schema(summary="Volunteer profiles (a coordinator: the organisation's)"),
    retrieve=extend_schema(summary="One volunteer profile"),
)
class VolunteerViewSet(viewsets.ViewSet):
    lookup_value_regex = "[^/]+"
    serializer_class = VolunteerSerializer

    def list(self, request: Request) -> Response:
        profiles = volunteer_selectors.profiles_visible_to(_user(request))
        return Response(VolunteerSerializer(profiles, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        profile = volunteer_selectors.profile_get(_user(request), pk)
        return Response(VolunteerSerializer(profile).data)
