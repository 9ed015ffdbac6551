"""``/api/v1/families/``: the case file over the API, under the same rules as the pages."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from gezinsaanpak import access
from gezinsaanpak.selectors import families as selectors
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import families as services

from .errors import RULE
from .family_serializers import (
    CaregiverSerializer,
    CaregiverWriteSerializer,
    ChildSerializer,
    ChildWriteSerializer,
    ConsentSerializer,
    ConsentWriteSerializer,
    FamilyChangeSerializer,
    FamilyFilterSerializer,
    FamilyPageSerializer,
    FamilySearchSerializer,
    FamilySerializer,
    FamilyWriteSerializer,
)
from .pagination import page_number, page_response
from .schema import paged, query_validation_errors
from .users import request_user


@extend_schema_view(
    list=extend_schema(
        summary="Families you may see, newest first (50 a page)",
        parameters=[FamilyFilterSerializer],
        responses=FamilyPageSerializer,
    ),
    retrieve=extend_schema(summary="One family file (fields depend on your role)"),
    create=extend_schema(
        summary="Register a family with caregivers and children",
        request=FamilyWriteSerializer,
        responses={201: FamilySerializer},
    ),
    partial_update=extend_schema(
        summary="Change a family file",
        request=FamilyChangeSerializer,
        responses=FamilySerializer,
    ),
)
@paged("list")
@paged("search", methods=["post"])
@query_validation_errors(FamilyFilterSerializer, actions=["list"])
@extend_validation_errors(["invalid"], "non_field_errors", actions=["consent_withdraw"])
# A primary key that is not a UUID at all fails in Django's UUIDField with code "invalid".
@extend_validation_errors(["invalid"], "municipality", actions=["create", "partial_update"])
# drf-standardized-errors does not know a nested list's own length limits.
@extend_validation_errors(
    ["max_length", "min_length"], "caregivers.non_field_errors", actions=["create"]
)
@extend_validation_errors(["max_length"], "children.non_field_errors", actions=["create"])
@extend_validation_errors(["invalid"], "given_by", actions=["consents"])
@extend_validation_errors(["invalid"], "partner", actions=["consents"])
class FamilyViewSet(viewsets.ViewSet):
    """Every read writes the access log; a family you may not see answers 404."""

    lookup_value_regex = "[^/]+"
    serializer_class = FamilySerializer

    def list(self, request: Request) -> Response:
        user = request_user(request)
        # A plain dict: an empty ``?status=`` is a value to refuse, not a missing one.
        filters = FamilyFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        shown = selectors.family_page(
            user,
            filters=selectors.FamilyFilters(**filters.validated_data),
            page=page_number(request),
            strict=True,
        )
        results = FamilySerializer(shown.records, many=True).data
        return page_response(request, shown.page, results)

    def retrieve(self, request: Request, pk: str) -> Response:
        file = selectors.family_file_get(request_user(request), pk, consents=True, story=False)
        return Response(FamilySerializer(file.family).data)

    def create(self, request: Request) -> Response:
        user = request_user(request)
        # Forbidden must look like missing, not like bad input: answer before parsing.
        # The service checks the write itself.
        if not access.may(user, access.Capability.CREATE_FAMILY):
            raise Http404
        payload = FamilyWriteSerializer(data=request.data, context={"user": user})
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        caregivers = data.pop("caregivers", [])
        children = data.pop("children", [])
        family = services.family_create(
            actor=user, data=data, caregivers=caregivers, children=children
        )
        body = FamilySerializer(selectors.family_after_write(user, family.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)

    def partial_update(self, request: Request, pk: str) -> Response:
        """One UPDATE line naming the changed fields; the response is not a second read."""
        user = request_user(request)
        family = access.family_for_change(user, pk)
        payload = FamilyChangeSerializer(
            data=request.data, partial=True, context={"user": user, "family": family}
        )
        payload.is_valid(raise_exception=True)
        if {"caregivers", "children"} & set(request.data):
            message = _("Change caregivers and children one by one.")
            raise serializers.ValidationError({"non_field_errors": [message]}, code=RULE)
        data = dict(payload.validated_data)
        case_owner_id = data.pop("case_owner", None)
        services.family_update(actor=user, family=family, data=data, case_owner_id=case_owner_id)
        return Response(FamilySerializer(selectors.family_after_write(user, family.pk)).data)

    @extend_schema(
        summary="Find families by postcode, phone or family name (exact match)",
        request=FamilySearchSerializer,
        parameters=[OpenApiParameter("page", int)],
        responses=FamilyPageSerializer,
    )
    @action(detail=False, methods=["post"])
    def search(self, request: Request) -> Response:
        """Search terms travel in the body, never in the URL; the page number may."""
        user = request_user(request)
        query = FamilySearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        found = selectors.family_search(
            user, **query.validated_data, page=page_number(request), strict=True
        )
        return page_response(request, found.page, FamilySerializer(found.records, many=True).data)

    @extend_schema(
        summary="Record consent for this family",
        request=ConsentWriteSerializer,
        responses={201: ConsentSerializer},
    )
    @action(detail=True, methods=["post"])
    def consents(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        family = access.family_for_change(user, pk)
        payload = ConsentWriteSerializer(data=request.data, context={"family": family})
        payload.is_valid(raise_exception=True)
        consent = consent_services.consent_record(
            actor=user, family=family, **payload.validated_data
        )
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Withdraw a consent", request=None, responses=ConsentSerializer)
    @action(detail=True, methods=["post"], url_path=r"consents/(?P<consent_id>[^/]+)/withdraw")
    def consent_withdraw(self, request: Request, pk: str, consent_id: str) -> Response:
        user = request_user(request)
        family = access.family_for_change(user, pk)
        consent = consent_services.family_consent_withdraw(
            actor=user, family=family, consent_id=consent_id
        )
        return Response(ConsentSerializer(consent).data)

    @extend_schema(
        summary="Add a caregiver",
        request=CaregiverWriteSerializer,
        responses={201: CaregiverSerializer},
    )
    @action(detail=True, methods=["post"])
    def caregivers(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        family = access.family_for_change(user, pk)
        payload = CaregiverWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        caregiver = services.caregiver_save(actor=user, family=family, data=payload.validated_data)
        body = CaregiverSerializer(selectors.member_after_write(user, caregiver)).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Add a child", request=ChildWriteSerializer, responses={201: ChildSerializer}
    )
    @action(detail=True, methods=["post"])
    def children(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        family = access.family_for_change(user, pk)
        payload = ChildWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        child = services.child_save(actor=user, family=family, data=payload.validated_data)
        body = ChildSerializer(selectors.member_after_write(user, child)).data
        return Response(body, status=status.HTTP_201_CREATED)
