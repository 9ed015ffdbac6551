"""``POST /api/v1/privacy/families/search/``: the privacy officer finds a family's file.

The answer holds what identifies the file for a data-subject request, never its contents.
Everyone but the privacy officer gets 404, whatever they send.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from gezinsaanpak import limits
from gezinsaanpak.access.privacy_search import require_request_handler
from gezinsaanpak.selectors.privacy_search import PRIVACY_SEARCH_KINDS, privacy_family_search
from gezinsaanpak.validation import clean_postcode

from .errors import RULE
from .fields import (
    ChoiceField,
    StrictCharField,
    StrictDateField,
    StrictIntegerField,
    StrictUUIDField,
)
from .users import request_user

BAD_DATE = _("Enter a date as YYYY-MM-DD, between 1900 and today.")


class PrivacySearchSerializer(serializers.Serializer[Any]):
    kind = ChoiceField(choices=PRIVACY_SEARCH_KINDS)
    term = StrictCharField(
        max_length=100,
        help_text="The exact family name, postcode (1234 AB), phone number, or a child's "
        "date of birth as YYYY-MM-DD.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        kind, term = attrs["kind"], attrs["term"]
        if kind == "postcode":
            try:
                attrs["term"] = clean_postcode(term)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"term": error.messages}, code=RULE) from None
        elif kind == "child_birth_date":
            attrs["term"] = _birth_date(term)
        return attrs


def _birth_date(term: str) -> datetime.date:
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", term):
            raise ValueError
        day = datetime.date.fromisoformat(term)
    except ValueError:
        raise serializers.ValidationError({"term": [BAD_DATE]}, code=RULE) from None
    if not limits.DATE_MIN <= day <= timezone.localdate():
        raise serializers.ValidationError({"term": [BAD_DATE]}, code=RULE)
    return day


class PrivacySearchRowSerializer(serializers.Serializer[Any]):
    id = StrictUUIDField(read_only=True)
    municipality_code = StrictCharField(read_only=True)
    municipality_name = StrictCharField(read_only=True)
    status = StrictCharField(read_only=True)
    opened_on = StrictDateField(read_only=True)
    closed_on = StrictDateField(read_only=True, allow_null=True)
    caregiver_count = StrictIntegerField(read_only=True)
    child_count = StrictIntegerField(read_only=True)


class PrivacyFamilySearchView(APIView):
    """Find a family's file for a data-subject request (privacy officers only).

    Exact match on the family name, postcode, phone number or a child's date of birth,
    within your own organisation. Each file found shows only its id, municipality, status,
    opened and closed dates and the number of caregivers and children. The search is
    logged (its kind, never the term), and so is every file found.
    """

    @extend_schema(
        operation_id="privacy_family_search",
        tags=["privacy"],
        request=PrivacySearchSerializer,
        responses=PrivacySearchRowSerializer(many=True),
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        require_request_handler(user)  # 404 before looking at the body
        query = PrivacySearchSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        rows = privacy_family_search(user, **query.validated_data)
        return Response(PrivacySearchRowSerializer(rows, many=True).data)
