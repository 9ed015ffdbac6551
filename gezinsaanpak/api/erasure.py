"""``/api/v1/privacy/…``: erase a family's file on request; read the erasure certificates.

Only the privacy officer of the file's organisation; everyone else gets 404, whatever
they send. The answers hold ids, dates, names of staff and counts per kind of record,
never a value of the file.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak.access.erasure import require_eraser
from gezinsaanpak.selectors.erasure import (
    CertificateView,
    certificate_get,
    certificate_page,
    certificate_view,
)
from gezinsaanpak.services.erasure import family_erase
from gezinsaanpak.services.erasure_ledger import LedgerWriteError

from .fields import StrictBooleanField, StrictUUIDField
from .pagination import page_number, page_response
from .schema import paged
from .users import request_user

LEDGER_UNAVAILABLE = "ledger_unavailable"


class LedgerUnavailable(exceptions.APIException):
    """503: the erasure ledger could not be written, so nothing was erased."""

    status_code = 503
    default_code = LEDGER_UNAVAILABLE
    default_detail = _(
        "The erasure ledger could not be written, so nothing was erased. "
        "Ask the administrator to look at the server."
    )


class _LedgerError(serializers.Serializer[Any]):
    code = serializers.ChoiceField(choices=[LEDGER_UNAVAILABLE])
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class LedgerUnavailableSerializer(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=["server_error"])
    errors = _LedgerError(many=True)  # type: ignore[assignment]


class EraseSerializer(serializers.Serializer[Any]):
    request = StrictUUIDField(
        help_text="The data-subject request of kind erasure about this file (its id)."
    )
    confirm = StrictBooleanField(
        help_text="true: the privacy officer confirms that the file is to be erased."
    )


class CountsSerializer(serializers.Serializer[Any]):
    removed = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Per kind of record: how many were deleted or emptied.",
    )
    kept = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Per kind of record: how many stay, without personal data (for the figures).",
    )


class CertificateSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(read_only=True)
    family_id = serializers.UUIDField(read_only=True)
    request_id = serializers.UUIDField(read_only=True, allow_null=True)
    erased_at = serializers.DateTimeField(read_only=True)
    erased_by = serializers.CharField(read_only=True, help_text="The staff member's name.")
    replayed_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="When the erasure was applied again after a restore of a backup.",
    )
    counts = serializers.SerializerMethodField()

    @extend_schema_field(CountsSerializer)
    def get_counts(self, view: CertificateView) -> dict[str, dict[str, int]]:
        return {
            "removed": {line.code: line.number for line in view.removed},
            "kept": {line.code: line.number for line in view.kept},
        }


class FamilyEraseView(APIView):
    """Erase a family's file on an erasure request (privacy officers only).

    Every personal value of the file and of what hangs from it is deleted; the figures
    stay. The answer is the erasure certificate. The file answers 404 to everyone
    afterwards. Without ``confirm: true`` nothing happens (422); so too for a request that
    is not an open erasure request about this file with the requester's identity checked.
    """

    @extend_schema(
        operation_id="privacy_family_erase",
        tags=["privacy"],
        request=EraseSerializer,
        responses={
            201: CertificateSerializer,
            503: OpenApiResponse(
                LedgerUnavailableSerializer,
                description="The erasure ledger could not be written; nothing was erased.",
            ),
        },
    )
    def post(self, request: Request, pk: UUID) -> Response:
        user = request_user(request)
        require_eraser(user)  # 404 before looking at the body
        body = EraseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            certificate = family_erase(
                actor=user,
                family_id=pk,
                request_id=body.validated_data["request"],
                confirm=body.validated_data["confirm"],
            )
        except LedgerWriteError:
            raise LedgerUnavailable from None
        data = CertificateSerializer(certificate_view(certificate)).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        operation_id="erasure_certificate_list",
        summary="The organisation's erasure certificates, newest first",
        tags=["privacy"],
        responses=CertificateSerializer(many=True),
    ),
    retrieve=extend_schema(
        operation_id="erasure_certificate_detail",
        summary="One erasure certificate",
        tags=["privacy"],
        responses=CertificateSerializer,
    ),
)
@paged("list")
class ErasureCertificateViewSet(viewsets.ViewSet):
    """Erasure certificates: date, request, who, and counts per kind of record."""

    lookup_value_regex = "[^/]+"
    serializer_class = CertificateSerializer

    def list(self, request: Request) -> Response:
        page, views = certificate_page(
            request_user(request), page=page_number(request), strict=True
        )
        return page_response(request, page, CertificateSerializer(views, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(CertificateSerializer(certificate_get(request_user(request), pk)).data)
