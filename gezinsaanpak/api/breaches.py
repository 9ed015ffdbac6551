"""``/api/v1/privacy/breaches/``: the breach register and its scoping (privacy officers).

Everyone but the privacy officer of the incident's organisation gets 404.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from gezinsaanpak import limits
from gezinsaanpak.models.breach import Breach
from gezinsaanpak.selectors.breaches import (
    Scope,
    breach_for_user,
    breach_scope,
    breaches_for_user,
    may_handle_breaches,
)
from gezinsaanpak.services.breaches import breach_create, breach_store_scope

from .errors import RULE
from .fields import StrictBooleanField, StrictCharField, StrictDateField, StrictDateTimeField
from .schema import query_validation_errors
from .users import request_user


class BreachSerializer(serializers.ModelSerializer[Breach]):
    report_deadline = serializers.DateTimeField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    recorded_by = serializers.UUIDField(source="recorded_by_id", read_only=True, allow_null=True)
    scoped_family_ids = serializers.ListField(child=serializers.UUIDField(), read_only=True)

    class Meta:
        model = Breach
        fields = [
            "id",
            "found_at",
            "report_deadline",
            "overdue",
            "what_happened",
            "which_data",
            "cause",
            "measures",
            "report_to_authority",
            "report_reason",
            "reported_at",
            "subjects_informed",
            "subjects_informed_at",
            "scoped_family_ids",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class BreachListItemSerializer(serializers.ModelSerializer[Breach]):
    """The list shows the clock and the decision, not the texts."""

    report_deadline = serializers.DateTimeField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)
    families_in_scope = serializers.SerializerMethodField()

    class Meta:
        model = Breach
        fields = [
            "id",
            "found_at",
            "report_deadline",
            "overdue",
            "report_to_authority",
            "reported_at",
            "subjects_informed",
            "families_in_scope",
        ]
        read_only_fields = fields

    def get_families_in_scope(self, breach: Breach) -> int:
        return len(breach.scoped_family_ids or [])


def _text(*, required: bool, max_length: int = limits.LONG_TEXT_MAX) -> StrictCharField:
    if required:
        return StrictCharField(max_length=max_length)
    return StrictCharField(max_length=max_length, required=False, allow_blank=True)


class BreachCreateSerializer(serializers.Serializer[dict[str, Any]]):
    found_at = StrictDateTimeField(help_text="When the breach was found; the 72 hours start.")
    what_happened = _text(required=True)
    which_data = _text(required=True)
    cause = _text(required=False)
    measures = _text(required=False)
    report_to_authority = StrictBooleanField(required=False, allow_null=True)
    report_reason = _text(required=False, max_length=limits.NOTE_MAX)
    reported_at = StrictDateTimeField(required=False, allow_null=True)
    subjects_informed = StrictBooleanField(required=False)
    subjects_informed_at = StrictDateTimeField(required=False, allow_null=True)


class ScopeQuerySerializer(serializers.Serializer[dict[str, Any]]):
    actor = StrictCharField(
        max_length=254, help_text="A user id, an API client id, or an e-mail address."
    )
    since = StrictDateField(help_text="From this day (local time).")
    until = StrictDateField(help_text="Up to and including this day.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["until"] < attrs["since"]:
            message = _("The end date is before the start date.")
            raise serializers.ValidationError({"until": message}, code=RULE)
        return attrs


class ScopeSerializer(serializers.Serializer[Scope]):
    actor = serializers.CharField(read_only=True)
    since = serializers.DateField(read_only=True)
    until = serializers.DateField(read_only=True)
    lines = serializers.IntegerField(read_only=True)
    families = serializers.IntegerField(read_only=True)
    family_ids = serializers.ListField(child=serializers.UUIDField(), read_only=True)
    field_names = serializers.ListField(
        child=serializers.CharField(), source="fields", read_only=True
    )


class BreachListView(APIView):
    """The organisation's breaches, newest first; POST records one."""

    @extend_schema(
        operation_id="breach_list", tags=["privacy"], responses=BreachListItemSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        breaches = breaches_for_user(request_user(request))
        return Response(BreachListItemSerializer(breaches, many=True).data)

    @extend_schema(
        operation_id="breach_create",
        tags=["privacy"],
        request=BreachCreateSerializer,
        responses={201: BreachSerializer},
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        breaches_for_user_check(user)
        data = BreachCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        breach = breach_create(actor=user, data=dict(data.validated_data))
        return Response(BreachSerializer(breach).data, status=status.HTTP_201_CREATED)


def breaches_for_user_check(user: User) -> None:
    """404 before the body is read, for anyone but a privacy officer."""
    if not may_handle_breaches(user):
        raise Http404


class BreachDetailView(APIView):
    @extend_schema(operation_id="breach_detail", tags=["privacy"], responses=BreachSerializer)
    def get(self, request: Request, pk: UUID) -> Response:
        return Response(BreachSerializer(breach_for_user(request_user(request), pk)).data)


@query_validation_errors(ScopeQuerySerializer)
class BreachScopeView(APIView):
    """What one actor touched in a period, from the access log: counts, fields, family ids.

    POST with the same three values as JSON stores the family ids in the incident.
    """

    @extend_schema(
        operation_id="breach_scope",
        tags=["privacy"],
        parameters=[ScopeQuerySerializer],
        responses=ScopeSerializer,
    )
    def get(self, request: Request, pk: UUID) -> Response:
        user = request_user(request)
        breach = breach_for_user(user, pk, log_read=False)
        query = ScopeQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        scope = breach_scope(user, breach, **query.validated_data)
        return Response(ScopeSerializer(scope).data)

    @extend_schema(
        operation_id="breach_scope_store",
        tags=["privacy"],
        request=ScopeQuerySerializer,
        responses=BreachSerializer,
    )
    def post(self, request: Request, pk: UUID) -> Response:
        user = request_user(request)
        breach = breach_for_user(user, pk, log_read=False)
        body = ScopeQuerySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        scope = breach_scope(user, breach, **body.validated_data)
        breach = breach_store_scope(actor=user, breach=breach, scope=scope)
        return Response(BreachSerializer(breach).data)
