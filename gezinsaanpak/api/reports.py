"""``/api/v1/reports/``: the GGG figures (issue 15, point 5). Aggregates only, never a family.

Staff who read reports, municipality and regional logins; to anyone else (partner clients
included) the endpoints do not exist. ``?format=csv`` and ``?format=xlsx`` give the same
numbers as the JSON, as files.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak.access.reports import report_scope_for, scope_for_municipality
from gezinsaanpak.reports import compute as reports
from gezinsaanpak.reports.exports import as_csv, as_xlsx, report_payload
from gezinsaanpak.reports.registry import PERIODS
from gezinsaanpak.selectors.jobs import job_view
from gezinsaanpak.services.reports import (
    export_years,
    report_year_export_check,
    report_year_export_start,
)

from .errors import rule
from .fields import StrictDateField
from .jobs import JobSerializer
from .schema import query_validation_errors
from .users import request_user


class _FileRenderer(BaseRenderer):
    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if not isinstance(data, dict) or "report" not in data:  # an error: JSON as always
            return json.dumps(data).encode()
        return self.make(data)

    def make(self, data: dict[str, Any]) -> bytes:
        raise NotImplementedError


class ReportCSVRenderer(_FileRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def make(self, data: dict[str, Any]) -> bytes:
        return as_csv(data)


class ReportXLSXRenderer(_FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None

    def make(self, data: dict[str, Any]) -> bytes:
        return as_xlsx(data)


class ReportDefinitionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    group = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    explanation = serializers.CharField()
    unit = serializers.ChoiceField(choices=["count", "days", "average", "percent"])
    periodic = serializers.BooleanField(help_text="Whether `by` can split it by period.")
    dimensions = serializers.ListField(child=serializers.CharField())


class ReportQuerySerializer(serializers.Serializer[Any]):
    start = StrictDateField(required=False, help_text="First day (default: 1 January).")
    end = StrictDateField(
        required=False,
        help_text="Last day, included (default: today). A period of at most five years, "
        "and a breakdown the figure has: otherwise a 422 (code `rule`).",
    )
    municipality = serializers.RegexField(r"^GM\d{4}$", required=False, help_text="CBS code.")
    by = serializers.ChoiceField(choices=list(PERIODS), required=False)
    breakdown = serializers.CharField(required=False, max_length=30)


class CellSerializer(serializers.Serializer[Any]):
    dimension = serializers.DictField(child=serializers.CharField())
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()
    display = serializers.CharField(help_text="The value as shown: a number, <5, or a hidden mark.")


class TotalsSerializer(serializers.Serializer[Any]):
    value = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()
    display = serializers.CharField()
    rows = CellSerializer(many=True, required=False)
    columns = CellSerializer(many=True, required=False)


class ReportResultSerializer(serializers.Serializer[Any]):
    report = serializers.DictField()
    period = serializers.DictField(child=serializers.CharField())
    municipality = serializers.CharField(allow_null=True)
    by = serializers.CharField(allow_null=True)
    breakdown = serializers.CharField(allow_null=True)
    labels = serializers.DictField()
    rows = CellSerializer(many=True)
    totals = TotalsSerializer()


def definitions(scope: Any) -> list[dict[str, Any]]:
    return [
        {
            "key": f.key,
            "group": f.group,
            "label": str(f.label),
            "explanation": str(f.explanation),
            "unit": str(f.unit),
            "periodic": f.periodic,
            "dimensions": reports.dimensions_of(f, scope),
        }
        for f in reports.figures_for(scope)
    ]


class ReportListView(APIView):
    @extend_schema(
        tags=["reports"],
        summary="The figures you may read",
        responses=ReportDefinitionSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        scope = report_scope_for(request_user(request))
        return Response(definitions(scope))


FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    OpenApiParameter.QUERY,
    required=False,
    enum=["json", "csv", "xlsx"],
    description="`csv` (UTF-8 with BOM, `;`) or `xlsx` for a file with the same numbers.",
)


@query_validation_errors(ReportQuerySerializer)
class ReportDetailView(APIView):
    renderer_classes = [JSONRenderer, ReportCSVRenderer, ReportXLSXRenderer]

    @extend_schema(
        tags=["reports"],
        summary="One figure for a period, per month and breakdown, with disclosure control",
        parameters=[ReportQuerySerializer, FORMAT],
        responses={
            (200, "application/json"): ReportResultSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
            (
                200,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ): OpenApiResponse(OpenApiTypes.BINARY, description="XLSX"),
        },
    )
    def get(self, request: Request, key: str) -> Response:
        scope = report_scope_for(request_user(request))
        try:
            figure = reports.figure_for(scope, key)
        except LookupError:
            raise Http404 from None
        query = ReportQuerySerializer(data=request.query_params.dict())
        query.is_valid(raise_exception=True)
        params = query.validated_data
        today = datetime.date.today()
        scope = scope_for_municipality(scope, params.get("municipality"))
        try:
            report = reports.compute(
                figure,
                scope,
                start=params.get("start", today.replace(month=1, day=1)),
                end=params.get("end", today),
                by=params.get("by"),
                breakdown=params.get("breakdown"),
            )
        except reports.ReportError as error:
            raise rule({"detail": str(error)}) from None
        response = Response(report_payload(report))
        fmt = request.accepted_renderer.format
        if fmt in ("csv", "xlsx"):
            response["Content-Disposition"] = f'attachment; filename="{key}.{fmt}"'
        return response


class _YearExportSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        min_value=1900,
        max_value=2100,
        help_text="One of the years the page offers (this year and the years before it); "
        "another year is a 422 (code `rule`).",
    )

    def validate_year(self, value: int) -> int:
        if value not in export_years():
            raise rule(_("Choose a year to export."))
        return value


class ReportYearExportView(APIView):
    """Start the export of one year's figures for all municipalities (an XLSX, one sheet per
    municipality). Answers 202 with the job; follow it at ``Location`` and download the file
    from the job when it is done. Only the one who started it can download it."""

    @extend_schema(
        operation_id="report_year_export",
        tags=["reports"],
        request=_YearExportSerializer,
        responses={202: JobSerializer},
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        report_year_export_check(user)  # 404 for those who may not, before the input
        given = _YearExportSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        job = report_year_export_start(actor=user, year=given.validated_data["year"])
        body = JobSerializer(job_view(user, job.pk), context={"request": request}).data
        location = reverse("api:job-detail", kwargs={"pk": job.pk})
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
