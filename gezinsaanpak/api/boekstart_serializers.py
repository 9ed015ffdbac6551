"""Serializers of BoekStart. Sessions and vouchers are numbers; contacts show the contact
fields of the family, read through the selectors that log them."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Municipality, User
from gezinsaanpak.models import BoekStartSession, Caregiver, Location
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.models.languages import LANGUAGE_CHOICES
from gezinsaanpak.selectors import boekstart as selectors
from gezinsaanpak.selectors.read_models import Record
from gezinsaanpak.validation import clean_phone, clean_postcode, sane_date_validators


class LocationSerializer(serializers.ModelSerializer[Location]):
    municipality = serializers.CharField(source="municipality.code", read_only=True)
    partner = serializers.CharField(source="partner.name", read_only=True, default=None)

    class Meta:
        model = Location
        fields = ["id", "name", "municipality", "partner", "active"]


class SessionSerializer(serializers.ModelSerializer[BoekStartSession]):
    class Meta:
        model = BoekStartSession
        fields = ["id", "date", "location", "coach", *COUNT_FIELDS, "created_at"]


@extend_schema_field(OpenApiTypes.UUID)
class _UserLocations(serializers.PrimaryKeyRelatedField):  # type: ignore[type-arg]
    def get_queryset(self) -> Any:
        return selectors.locations_of(self.context["user"], active_only=True)


class SessionWriteSerializer(serializers.Serializer[Any]):
    date = serializers.DateField(default=timezone.localdate)
    location = _UserLocations()
    voucher_numbers = serializers.ListField(
        child=serializers.CharField(max_length=30), required=False, default=list, max_length=200
    )

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        for name in COUNT_FIELDS:
            fields[name] = serializers.IntegerField(min_value=0, max_value=500, default=0)
        return fields


class ContactSerializer(serializers.Serializer[Any]):
    """A contact's read model: when, where, whose, and the parent's name and phone as far as
    the reader's role shows them (``access.fields``). Read-only."""

    id = serializers.SerializerMethodField()
    family = serializers.SerializerMethodField()
    session = serializers.SerializerMethodField()
    coach = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]
    phone = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(read_only=True)
    handed_over_at = serializers.DateTimeField(read_only=True, allow_null=True)

    def get_id(self, contact: Record) -> str:
        return str(contact.pk)

    def get_family(self, contact: Record) -> str:
        return str(contact.family_id)

    def get_session(self, contact: Record) -> str | None:
        return str(contact.session.pk) if contact.get("session") else None

    def get_coach(self, contact: Record) -> str | None:
        return str(contact.coach.pk) if contact.get("coach") else None

    def get_parent(self, contact: Record) -> dict[str, str] | None:
        caregivers = contact.family.get("caregivers") or []
        return dict(caregivers[0]) if caregivers else None

    def get_phone(self, contact: Record) -> str | None:
        phone: str | None = contact.family.get("phone")
        return phone


class ContactWriteSerializer(serializers.Serializer[Any]):
    """A new family for follow-up, or ``family`` to add the follow-up to a file you see.

    ``consent`` must be true: the parent agreed (out loud) to be contacted for follow-up.
    """

    family = serializers.UUIDField(required=False, allow_null=True, default=None)
    session = serializers.UUIDField(required=False, allow_null=True, default=None)
    given_name = serializers.CharField(max_length=100, required=False, default="")
    family_name = serializers.CharField(max_length=100)
    relation = serializers.ChoiceField(Caregiver.Relation.choices, default="parent")
    phone = serializers.CharField(max_length=30, required=False, default="")
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, default=None
    )
    postcode = serializers.CharField(max_length=10, required=False, default="")
    house_number = serializers.CharField(max_length=10, required=False, default="")
    languages = serializers.ListField(
        child=serializers.ChoiceField(LANGUAGE_CHOICES), required=False, default=list
    )
    child_given_name = serializers.CharField(max_length=100, required=False, default="")
    child_date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    consent = serializers.BooleanField()
    confirm_not_duplicate = serializers.BooleanField(default=False)

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise serializers.ValidationError(_("Register a parent only with their consent."))
        return value

    def validate_phone(self, value: str) -> str:
        return clean_phone(value)

    def validate_postcode(self, value: str) -> str:
        return clean_postcode(value)

    def validate_municipality(self, value: Municipality | None) -> Municipality | None:
        user: User = self.context["user"]
        if value is not None and (
            user.organisation_id is None
            or not value.organisations.filter(pk=user.organisation_id).exists()
        ):
            message = _("Your organisation does not serve this municipality.")
            raise serializers.ValidationError(message)
        return value

    def validate_child_date_of_birth(self, value: Any) -> Any:
        if value and value > timezone.localdate():
            raise serializers.ValidationError(_("The date of birth is in the future."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("family") is None:
            required = ("given_name", "phone", "municipality")
            missing = {n: [_("This field is required.")] for n in required if not attrs.get(n)}
            if missing:
                raise serializers.ValidationError(missing)
        if attrs.get("session") is not None:
            try:
                attrs["session"] = selectors.session_get(self.context["user"], attrs["session"])
            except Http404:
                raise serializers.ValidationError({"session": [_("Session not found.")]}) from None
        return attrs


class VoucherRedeemSerializer(serializers.Serializer[Any]):
    number = serializers.CharField(max_length=30)
    redeemed_on = serializers.DateField(required=False, allow_null=True, default=None)


class PeriodSerializer(serializers.Serializer[Any]):
    start = serializers.DateField(validators=sane_date_validators())
    end = serializers.DateField(validators=sane_date_validators())

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        return attrs


class PickupRowSerializer(serializers.Serializer[Any]):
    municipality = serializers.CharField()
    month = serializers.DateField()
    issued = serializers.IntegerField()
    redeemed = serializers.IntegerField()
    rate = serializers.IntegerField(help_text="Percent picked up, rounded.")
