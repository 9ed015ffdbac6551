"""Serializers of ``/api/v1/placements/`` and ``/api/v1/volunteers/``.

Placements and visits are serialized from read models (``selectors.read_models.Record``):
a field the user's field set leaves out is not in the record, so it is not in the output
either. The schema lists every field a role may get.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from gezinsaanpak.models import Placement, Visit, VolunteerProfile
from gezinsaanpak.selectors.read_models import Record

from .fields import ChoiceField, StrictModelSerializer


class RecordSerializer(serializers.Serializer[Any]):
    """Output only: the fields the record holds, and its id."""

    id = serializers.SerializerMethodField()

    def get_id(self, shown: Record) -> str:
        return str(shown.pk)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for field in self._readable_fields:
            key = (field.source or "").split(".")[0]
            if key != "*" and key not in instance:
                continue  # not in the field set: not in the output
            value = field.get_attribute(instance)
            data[str(field.field_name)] = None if value is None else field.to_representation(value)
        return data


class VisitCaregiverSerializer(RecordSerializer):
    id = None  # type: ignore[assignment]
    given_name = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())


class VisitChildSerializer(RecordSerializer):
    id = None  # type: ignore[assignment]
    given_name = serializers.CharField()


class VisitFamilySerializer(RecordSerializer):
    """The visit field set: what a visit needs, nothing more (ARCHITECTURE.md §4)."""

    street = serializers.CharField()
    house_number = serializers.CharField()
    postcode = serializers.CharField()
    city = serializers.CharField()
    phone = serializers.CharField()
    home_languages = serializers.ListField(child=serializers.CharField())
    reading_languages = serializers.ListField(child=serializers.CharField())
    caregivers = VisitCaregiverSerializer(many=True)
    children = VisitChildSerializer(many=True)


class PlacementSerializer(RecordSerializer):
    family = VisitFamilySerializer()
    kind = serializers.ChoiceField(choices=Placement.Kind.choices)
    status = serializers.ChoiceField(choices=Placement.Status.choices)
    volunteer = serializers.UUIDField(source="volunteer.pk", allow_null=True)
    sign_up_date = serializers.DateField()
    weekday = serializers.IntegerField(allow_null=True)
    visit_time = serializers.TimeField(allow_null=True)
    planned_visits = serializers.IntegerField()
    interval_weeks = serializers.IntegerField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    stop_reason = serializers.CharField()
    visits_held = serializers.IntegerField()


class VisitSerializer(StrictModelSerializer):
    """What a volunteer sends to log a visit (validated as the model validates)."""

    class Meta:
        model = Visit
        fields = ["id", "date", "status", "minutes", "parent_present", "books", "note"]
        read_only_fields = ["id"]


class VisitRecordSerializer(RecordSerializer):
    date = serializers.DateField()
    status = serializers.ChoiceField(choices=Visit.Status.choices)
    minutes = serializers.IntegerField(allow_null=True)
    parent_present = serializers.BooleanField()
    books = serializers.IntegerField()
    note = serializers.CharField()


class PlacementFilterSerializer(serializers.Serializer[Any]):
    status = ChoiceField(choices=Placement.Status.choices, required=False)


class VolunteerSerializer(serializers.ModelSerializer[VolunteerProfile]):
    name = serializers.CharField(source="user.name", read_only=True)
    vog_valid = serializers.SerializerMethodField()
    may_be_matched = serializers.SerializerMethodField()

    class Meta:
        model = VolunteerProfile
        fields = [
            "id",
            "user",
            "name",
            "vog_issued_on",
            "vog_checked_by",
            "vog_valid",
            "training_on",
            "languages",
            "area",
            "capacity",
            "active",
            "may_be_matched",
        ]
        read_only_fields = fields

    def get_vog_valid(self, profile: VolunteerProfile) -> bool:
        return profile.vog_valid()

    def get_may_be_matched(self, profile: VolunteerProfile) -> bool:
        return profile.may_be_matched()
