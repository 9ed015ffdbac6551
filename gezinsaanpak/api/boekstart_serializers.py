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
from gezinsaanpak import limits
from gezinsaanpak.models import BoekStartSession, Caregiver, Location
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.models.languages import LANGUAGE_CHOICES
from gezinsaanpak.selectors import boekstart as selectors
from gezinsaanpak.selectors.read_models import Record
from gezinsaanpak.validation import clean_phone, clean_postcode

from .errors import RULE, rule
from .fields import (
    ChoiceField,
    PrimaryKeyRelatedField,
    StrictBooleanField,
    StrictCharField,
    StrictDateField,
    StrictIntegerField,
    StrictUUIDField,
    choice_list,
    optional_name,
    optional_postcode,
)


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
class _UserLocations(PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return selectors.locations_of(self.context["user"], active_only=True)


class SessionWriteSerializer(serializers.Serializer[Any]):
    date = StrictDateField(default=timezone.localdate)
    location = _UserLocations()
    voucher_numbers = serializers.ListField(
        child=StrictCharField(max_length=30),
        required=False,
        default=list,
        max_length=limits.VOUCHERS_PER_SESSION_MAX,
    )

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()
        for name in COUNT_FIELDS:
            fields[name] = StrictIntegerField(min_value=0, max_value=500, default=0)
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

    family = StrictUUIDField(required=False, allow_null=True, default=None)
    session = StrictUUIDField(required=False, allow_null=True, default=None)
    given_name = optional_name()
    family_name = StrictCharField(max_length=limits.NAME_MAX)
    relation = ChoiceField(Caregiver.Relation.choices, default="parent")
    phone = StrictCharField(max_length=30, required=False, allow_blank=True, default="")
    municipality = PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True, default=None
    )
    postcode = optional_postcode(default="")
    house_number = StrictCharField(max_length=10, required=False, allow_blank=True, default="")
    languages = choice_list(LANGUAGE_CHOICES, required=False)
    child_given_name = optional_name()
    child_date_of_birth = StrictDateField(required=False, allow_null=True, default=None)
    consent = StrictBooleanField()
    confirm_not_duplicate = StrictBooleanField(default=False)

    def validate_consent(self, value: bool) -> bool:
        if not value:
            raise rule(_("Register a parent only with their consent."))
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
            raise rule(_("Your organisation does not serve this municipality."))
        return value

    def validate_child_date_of_birth(self, value: Any) -> Any:
        if value and value > timezone.localdate():
            raise rule(_("The date of birth is in the future."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("family") is None:
            required = ("given_name", "phone", "municipality")
            missing = {n: [_("This field is required.")] for n in required if not attrs.get(n)}
            if missing:  # required for a new family only: a rule, not the schema
                raise serializers.ValidationError(missing, code=RULE)
        if attrs.get("session") is not None:
            try:
                attrs["session"] = selectors.session_get(self.context["user"], attrs["session"])
            except Http404:
                message = _("Session not found.")
                raise serializers.ValidationError({"session": [message]}, code=RULE) from None
        return attrs


class VoucherRedeemSerializer(serializers.Serializer[Any]):
    number = StrictCharField(max_length=30)
    redeemed_on = StrictDateField(required=False, allow_null=True, default=None)


class PeriodSerializer(serializers.Serializer[Any]):
    start = StrictDateField()
    end = StrictDateField()

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] <= attrs["start"]:
            message = _("The end must be after the start.")
            raise serializers.ValidationError({"end": [message]}, code=RULE)
        return attrs


class PickupRowSerializer(serializers.Serializer[Any]):
    municipality = serializers.CharField()
    month = serializers.DateField()
    issued = serializers.IntegerField()
    redeemed = serializers.IntegerField()
    rate = serializers.IntegerField(help_text="Percent picked up, rounded.")
