"""``POST /api/v1/privacy/families/{id}/export/``: a family's data export (AVG art. 15, 20).

Answers 202 with the job; its one-time download is the ZIP (docs/privacy-export.md).
Everyone but the privacy officer of the family's organisation gets 404, whatever they send.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak import limits
from gezinsaanpak.access.privacy_export import family_for_export
from gezinsaanpak.selectors.jobs import job_view
from gezinsaanpak.services.privacy_export import family_export_start

from .fields import StrictCharField, StrictUUIDField
from .jobs import JobSerializer
from .users import request_user


class FamilyExportSerializer(serializers.Serializer[dict[str, Any]]):
    request = StrictUUIDField(
        required=False,
        help_text="The family's open data-subject request of kind access or portability that "
        "the export answers. Allowed while the file's processing is restricted.",
    )
    reason = StrictCharField(
        required=False,
        max_length=limits.EXPORT_REASON_MAX,
        help_text="Without a request: why the export is made (another purpose). Refused "
        "(409) while the file's processing is restricted. Give a request or a reason.",
    )


class PrivacyFamilyExportView(APIView):
    """Export everything the library holds on a family, with its access log (privacy officer).

    Give the data-subject request it answers, or a reason. Answers 202 with the job; follow
    it at ``Location``. When it is done, ``download`` holds the ZIP: it can be downloaded
    once, within 7 days. Making and downloading the export are logged.
    """

    @extend_schema(
        operation_id="privacy_family_export",
        tags=["privacy"],
        request=FamilyExportSerializer,
        responses={202: JobSerializer},
    )
    def post(self, request: Request, pk: UUID) -> Response:
        user = request_user(request)
        family_for_export(user, pk)  # 404 before looking at the body
        body = FamilyExportSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        export = family_export_start(
            actor=user,
            family_id=pk,
            request_id=body.validated_data.get("request"),
            reason=body.validated_data.get("reason", ""),
        )
        job = JobSerializer(job_view(user, export.job_id), context={"request": request}).data
        location = reverse("api:job-detail", kwargs={"pk": export.job_id})
        return Response(job, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
