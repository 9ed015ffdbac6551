"""``/api/v1/team/``: the users of the coordinator's organisation (to choose a case owner)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from gezinsaanpak.selectors import team as selectors

from .pagination import page_number, page_response
from .schema import paged
from .users import request_user


class TeamMemberSerializer(serializers.ModelSerializer[User]):
    active = serializers.BooleanField(source="is_active", read_only=True)

    class Meta:
        model = User
        fields = ["id", "name", "role", "active"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="The users of your organisation, by name (coordinator; 50 a page)",
        description=(
            "Everyone in the organisation with their role and whether the account is "
            "active. A case owner (`PATCH /api/v1/families/{id}/`, `case_owner`) is one "
            "of the active users whose role may own cases (`specialist`)."
        ),
    ),
)
@paged("list")
class TeamViewSet(viewsets.ViewSet):
    """Anyone but the organisation's coordinator gets a 404, as for a missing page."""

    serializer_class = TeamMemberSerializer

    def list(self, request: Request) -> Response:
        page = selectors.team_page(request_user(request), page=page_number(request), strict=True)
        results: Any = TeamMemberSerializer(list(page.object_list), many=True).data
        return page_response(request, page, results)
