"""``/api/v1/jobs/{id}/``: a background job's status and progress, as on its page."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from uuid import UUID

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak.selectors.jobs import JobView, job_view
from gezinsaanpak.services.jobs import access_log_verify_start, job_file_download
from gezinsaanpak.web.jobs import file_response

from .schema import GONE_ERROR_COMPONENT
from .users import request_user


class JobDownloadSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    size = serializers.IntegerField(help_text="In bytes.")
    expires_at = serializers.DateTimeField(help_text="The file is deleted after this time.")
    single_use = serializers.BooleanField(
        help_text="The file can be downloaded once (a family's data export); then it is gone."
    )
    url = serializers.CharField()


class JobDownloadGoneSerializer(serializers.Serializer[Any]):
    reason = serializers.ChoiceField(choices=["downloaded", "expired"])
    at = serializers.DateTimeField(help_text="When it was downloaded, or when it expired.")


class JobSerializer(serializers.Serializer[JobView]):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    status = serializers.ChoiceField(choices=["queued", "running", "done", "failed"])
    status_label = serializers.CharField()
    done = serializers.IntegerField(help_text="Units of work done in the current step.")
    total = serializers.IntegerField(help_text="Units of work in the current step (0: unknown).")
    percent = serializers.IntegerField(min_value=0, max_value=100)
    progress_text = serializers.CharField()
    step = serializers.CharField(help_text="What the job is doing, in the user's language.")
    result = serializers.DictField(
        child=serializers.IntegerField(), help_text="Counts, once the job is done."
    )
    error = serializers.CharField(help_text="Why it failed, without personal data; or empty.")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    download = serializers.SerializerMethodField()
    download_gone = serializers.SerializerMethodField()

    @extend_schema_field(JobDownloadSerializer(allow_null=True))
    def get_download(self, job: JobView) -> dict[str, Any] | None:
        if job.download is None:
            return None
        url = reverse("api:job-download", kwargs={"pk": job.id})
        download = {**asdict(job.download), "url": self.context["request"].build_absolute_uri(url)}
        return JobDownloadSerializer(download).data

    @extend_schema_field(JobDownloadGoneSerializer(allow_null=True))
    def get_download_gone(self, job: JobView) -> dict[str, Any] | None:
        """A one-time download that was taken or expired; otherwise null."""
        if job.download_gone is None:
            return None
        return JobDownloadGoneSerializer(asdict(job.download_gone)).data


class JobDetailView(APIView):
    """A job you started (or, for organisation-wide jobs, one of your organisation's if you
    are its coordinator or privacy officer). Everyone else gets 404."""

    @extend_schema(operation_id="job_retrieve", tags=["jobs"], responses=JobSerializer)
    def get(self, request: Request, pk: UUID) -> Response:
        job = job_view(request_user(request), pk)
        return Response(JobSerializer(job, context={"request": request}).data)


class JobDownloadView(APIView):
    """The job's file while it is kept (see ``download.expires_at``). Logged as an export.

    A family's data export can be downloaded once: a second try, or one after it expired,
    answers 410 (``download_gone``).
    """

    @extend_schema(
        operation_id="job_download",
        tags=["jobs"],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY),
            410: OpenApiResponse(
                {"$ref": f"#/components/schemas/{GONE_ERROR_COMPONENT}"},
                description="A one-time download was taken already, or it expired.",
            ),
        },
    )
    def get(self, request: Request, pk: UUID) -> HttpResponse:
        return file_response(*job_file_download(actor=request_user(request), job_id=pk))


class AccessLogVerifyView(APIView):
    """Start checking the hash chain of your organisation's access log (privacy officers).

    Answers 202 with the job; follow it at ``Location``.
    """

    @extend_schema(
        operation_id="access_log_verify",
        tags=["access log"],
        request=None,
        responses={202: JobSerializer},
    )
    def post(self, request: Request) -> Response:
        job = access_log_verify_start(actor=request_user(request))
        body = JobSerializer(
            job_view(request_user(request), job.pk), context={"request": request}
        ).data
        location = reverse("api:job-detail", kwargs={"pk": job.pk})
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
