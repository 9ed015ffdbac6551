"""``/api/v1/access-log/``: the privacy officer's read-only view of the access log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gezinsaanpak.audit.log import HASHED_COLUMNS
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.selectors.access_log import access_events_for_user
from gezinsaanpak.validation import sane_date_validators

from .schema import query_validation_errors


class AccessLogQuerySerializer(serializers.Serializer[dict[str, Any]]):
    family = serializers.UUIDField(required=False, help_text="Only lines about this family.")
    actor = serializers.CharField(
        required=False,
        max_length=254,
        help_text="A user id, or an e-mail address or API client name (any case).",
    )
    since = serializers.DateField(
        required=False, validators=sane_date_validators(), help_text="From this day (local time)."
    )
    until = serializers.DateField(
        required=False, validators=sane_date_validators(), help_text="Up to and including this day."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and until < since:
            message = _("The end date is before the start date.")
            raise serializers.ValidationError({"until": message})
        return attrs


class AccessEventSerializer(serializers.ModelSerializer[AccessEvent]):
    class Meta:
        model = AccessEvent
        # Every column the line's hash covers (``details`` included), then the hashes.
        fields = [*HASHED_COLUMNS, "prev_hash", "hash"]
        read_only_fields = fields


@query_validation_errors(AccessLogQuerySerializer)
class AccessLogView(generics.ListAPIView[AccessEvent]):
    """Lines of your own organisation's access log, newest first. Privacy officers only.

    Everyone else gets 404. Reading the log writes a line to it.
    """

    serializer_class = AccessEventSerializer
    filter_backends: list[Any] = []

    @extend_schema(
        operation_id="access_log_list",
        tags=["access log"],
        parameters=[AccessLogQuerySerializer],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AccessEvent]:
        query = AccessLogQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return access_events_for_user(
            self.request.user,  # type: ignore[arg-type]
            family_id=query.validated_data.get("family"),
            actor=query.validated_data.get("actor"),
            since=query.validated_data.get("since"),
            until=query.validated_data.get("until"),
        )
