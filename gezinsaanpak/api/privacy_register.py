"""``/api/v1/privacy/register/``: the processing register (AVG art. 30), JSON or CSV.

``?format=csv`` (or ``Accept: text/csv``) picks the CSV renderer; that is DRF's own format
switch, so it needs no query serializer. Errors are always the consistent JSON body.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak.selectors.processing_register import (
    processing_register_for_user,
    register_as_csv,
)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        return register_as_csv(data).encode(self.charset)


class _CategorySerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    special_category = serializers.BooleanField(
        help_text="Treated as special-category data (a literacy or development concern)."
    )


class _PartnerTypeSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    name = serializers.CharField()


class _ActivitySerializer(serializers.Serializer[Any]):
    purpose = serializers.CharField()
    purpose_label = serializers.CharField()
    legal_basis = serializers.CharField()
    legal_basis_label = serializers.CharField()
    data_subjects = serializers.ListField(child=serializers.CharField())
    categories_of_data = _CategorySerializer(many=True)
    recipients = serializers.ListField(child=serializers.CharField())
    recipient_partner_types = _PartnerTypeSerializer(many=True)
    transfers_outside_eu = serializers.CharField()
    retention = serializers.CharField()
    security_measures = serializers.ListField(child=serializers.CharField())


class _ControllerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    contact = serializers.CharField(allow_blank=True)


class _OfficerSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)


class ProcessingRegisterSerializer(serializers.Serializer[Any]):
    """For the schema only: the view returns the selector's document as it is."""

    version = serializers.IntegerField()
    organisation = serializers.CharField()
    controller = _ControllerSerializer()
    data_protection_officer = _OfficerSerializer()
    activities = _ActivitySerializer(many=True)


class ProcessingRegisterView(APIView):
    """The processing register of your own organisation. Privacy officers only.

    JSON by default; ``?format=csv`` gives the same register as CSV, one row per
    processing activity. Everyone else gets 404.
    """

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="privacy_register_retrieve",
        tags=["privacy"],
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                required=False,
                enum=["json", "csv"],
                description="`csv` for a CSV file (one row per processing activity); "
                "JSON otherwise.",
            )
        ],
        responses={
            (200, "application/json"): ProcessingRegisterSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8."),
        },
    )
    def get(self, request: Request) -> Response:
        document = processing_register_for_user(request.user)  # type: ignore[arg-type]
        response = Response(document)
        if request.accepted_renderer.format == "csv":
            response["Content-Disposition"] = 'attachment; filename="processing-register.csv"'
        return response

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        # Only the register itself is CSV; errors (the consistent body) and OPTIONS are JSON.
        if response.status_code >= 400 or request.method not in ("GET", "HEAD"):
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)
