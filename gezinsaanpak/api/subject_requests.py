"""``/api/v1/privacy/requests/`` and ``/api/v1/privacy/families/{id}/(un)restrict/``.

Data-subject requests as tracked cases, restriction (art. 18) and objection (art. 21), for
the privacy officer of the organisation. Everyone else gets 404, before the body is read.
A request never shows the contents of the file it is linked to: only its id.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from drf_standardized_errors.openapi_validation_errors import extend_validation_errors
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.selectors import subject_requests as selectors
from gezinsaanpak.services import objection as objection_services
from gezinsaanpak.services import restriction as restriction_services
from gezinsaanpak.services import subject_requests as services
from gezinsaanpak.services.errors import ServiceError

from .pagination import page_number, page_response
from .schema import paged, query_validation_errors
from .subject_request_serializers import (
    ObjectionResultSerializer,
    RequestCreateSerializer,
    RequestFilterSerializer,
    RequestListItemSerializer,
    RequestPatchSerializer,
    RequestSerializer,
    RestrictionSerializer,
    RestrictSerializer,
    UnrestrictSerializer,
)
from .users import request_user


@extend_schema_view(
    list=extend_schema(
        summary="Your organisation's data-subject requests (privacy officer)",
        parameters=[RequestFilterSerializer],
        responses=RequestListItemSerializer(many=True),
    ),
    create=extend_schema(
        summary="Record a data-subject request; the deadline is one month after receipt",
        request=RequestCreateSerializer,
        responses={201: RequestSerializer},
    ),
    retrieve=extend_schema(summary="One data-subject request"),
    partial_update=extend_schema(
        summary="A step on a request: identity, extension, file, handler, closing",
        request=RequestPatchSerializer,
        responses=RequestSerializer,
    ),
)
@paged("list")
@query_validation_errors(RequestFilterSerializer, actions=["list"])
# A list of purposes longer than there are purposes.
@extend_validation_errors(["max_length"], "objected_purposes", actions=["create", "partial_update"])
class SubjectRequestViewSet(viewsets.ViewSet):
    """Every read is logged; a request of another organisation answers 404."""

    lookup_value_regex = "[^/]+"
    serializer_class = RequestSerializer

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if self.action is not None:  # a method the view does not have stays a 405
            request_access.request_organisation_of(request_user(request))  # 404 before the body

    def list(self, request: Request) -> Response:
        filters = RequestFilterSerializer(data=request.query_params.dict())
        filters.is_valid(raise_exception=True)
        page, _rows = selectors.subject_requests_page(
            request_user(request),
            state=filters.validated_data["state"],
            page=page_number(request),
            strict=True,
        )
        results = RequestListItemSerializer(list(page.object_list), many=True).data
        return page_response(request, page, results)

    def create(self, request: Request) -> Response:
        payload = RequestCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        created = services.subject_request_create(
            actor=request_user(request), data=data, family_id=data.pop("family", None)
        )
        return Response(RequestSerializer(created).data, status=status.HTTP_201_CREATED)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(
            RequestSerializer(selectors.subject_request_get(request_user(request), pk)).data
        )

    def partial_update(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        subject_request = selectors.subject_request_get(user, pk, log_read=False)
        payload = RequestPatchSerializer(data=request.data, context={"user": user})
        payload.is_valid(raise_exception=True)
        services.subject_request_patch(
            actor=user, request=subject_request, data=dict(payload.validated_data)
        )
        return Response(RequestSerializer(subject_request).data)

    @extend_schema(
        summary="Apply an objection: withdraw its purposes' consents, stop VoorleesExpress",
        request=None,
        responses=ObjectionResultSerializer,
    )
    @action(detail=True, methods=["post"], url_path="apply-objection")
    def apply_objection(self, request: Request, pk: str) -> Response:
        user = request_user(request)
        subject_request = selectors.subject_request_get(user, pk, log_read=False)
        result = objection_services.objection_apply(actor=user, request=subject_request)
        return Response(ObjectionResultSerializer(result).data)


def _request_in_body(user: User, request_id: UUID | None) -> DataSubjectRequest | None:
    """The request named in the body: one of the organisation's, or a rule error (422)."""
    if request_id is None:
        return None
    try:
        return request_access.request_for(user, request_id)
    except Http404:
        message = _("There is no such request, or you may not use it.")
        raise ServiceError(message, field="request") from None


class FamilyRestrictView(APIView):
    """Restrict processing of a file (art. 18), with the reason: staff can no longer change,
    share or refer it until the restriction is lifted."""

    @extend_schema(
        operation_id="privacy_family_restrict",
        tags=["privacy"],
        request=RestrictSerializer,
        responses={201: RestrictionSerializer},
    )
    def post(self, request: Request, pk: Any) -> Response:
        user = request_user(request)
        family = request_access.family_for_request(user, pk)  # 404 before the body
        body = RestrictSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        subject_request = _request_in_body(user, body.validated_data.get("request"))
        restriction = restriction_services.family_restrict(
            actor=user, family=family, reason=body.validated_data["reason"], request=subject_request
        )
        return Response(RestrictionSerializer(restriction).data, status=status.HTTP_201_CREATED)


class FamilyUnrestrictView(APIView):
    """Lift the restriction, with the reason (tell the parent first: art. 18(3))."""

    @extend_schema(
        operation_id="privacy_family_unrestrict",
        tags=["privacy"],
        request=UnrestrictSerializer,
        responses=RestrictionSerializer,
    )
    def post(self, request: Request, pk: Any) -> Response:
        user = request_user(request)
        family = request_access.family_for_request(user, pk)
        body = UnrestrictSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        restriction = restriction_services.family_unrestrict(
            actor=user, family=family, reason=body.validated_data["reason"]
        )
        return Response(RestrictionSerializer(restriction).data)
