"""``/api/v1/access-log/``: the privacy officer's read-only view of the access log."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from gezinsaanpak.audit.log import HASHED_COLUMNS
from gezinsaanpak.models.audit import AccessEvent
from gezinsaanpak.selectors.access_log import access_events_for_user

from .errors import RULE
from .fields import StrictCharField, StrictDateField, StrictUUIDField
from .pagination import CURSOR_PATTERN, KeysetPagination
from .schema import query_validation_errors


class AccessLogQuerySerializer(serializers.Serializer[dict[str, Any]]):
    family = StrictUUIDField(required=False, help_text="Only lines about this family.")
    actor = StrictCharField(
        required=False,
        max_length=254,
        help_text="A user id, or an e-mail address or API client name (any case).",
    )
    since = StrictDateField(required=False, help_text="From this day (local time).")
    until = StrictDateField(required=False, help_text="Up to and including this day.")
    cursor = StrictCharField(
        required=False,
        max_length=300,
        validators=[RegexValidator(CURSOR_PATTERN)],
        help_text="Where the page starts: take it from `next` or `previous` of another page.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        since, until = attrs.get("since"), attrs.get("until")
        if since and until and until < since:
            message = _("The end date is before the start date.")
            raise serializers.ValidationError({"until": message}, code=RULE)
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

    Everyone else gets 404. Reading the log writes a line to it. Pages are keyset pages
    (50 lines): follow `next` to older lines until it is `null`; there is no `count`.
    """

    serializer_class = AccessEventSerializer
    pagination_class = KeysetPagination
    filter_backends: list[Any] = []

    @extend_schema(
        operation_id="access_log_list",
        tags=["access log"],
        parameters=[AccessLogQuerySerializer],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[AccessEvent]:
        query = AccessLogQuerySerializer(data=self.request.query_params.dict())
        query.is_valid(raise_exception=True)
        return access_events_for_user(
            self.request.user,  # type: ignore[arg-type]
            family_id=query.validated_data.get("family"),
            actor=query.validated_data.get("actor"),
            since=query.validated_data.get("since"),
            until=query.validated_data.get("until"),
        )
