from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .models import User, current_user


class MeSerializer(serializers.ModelSerializer[User]):
    organisation = serializers.CharField(source="organisation.name", default=None)
    organisation_id = serializers.UUIDField(source="organisation.id", default=None)
    two_factor_verified = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "name",
            "organisation",
            "organisation_id",
            "role",
            "two_factor_verified",
        ]
        read_only_fields = fields

    def get_two_factor_verified(self, user: User) -> bool:
        return bool(getattr(user, "is_verified", lambda: False)())


class MeView(APIView):
    """The logged-in user: who they are, their organisation and role."""

    @extend_schema(responses=MeSerializer, operation_id="me_retrieve", tags=["me"])
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(current_user(request._request)).data)
