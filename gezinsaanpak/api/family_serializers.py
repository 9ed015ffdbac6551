"""Serializers of the case file. Fields a role may not see are removed, not blanked."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.models import Municipality, Organisation, User
from gezinsaanpak import limits
from gezinsaanpak.access.fields import CAREGIVER_INPUT_FIELDS, CONSENT_FIELDS, FAMILY_INPUT_FIELDS
from gezinsaanpak.models import Caregiver, Child, Consent, Family
from gezinsaanpak.models.languages import LANGUAGE_CHOICES
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.selectors.families import SEARCH_KINDS
from gezinsaanpak.selectors.read_models import Record
from gezinsaanpak.validation import clean_phone, clean_postcode

from .errors import RULE, rule
from .fields import (
    ChoiceField,
    PrimaryKeyRelatedField,
    StrictCharField,
    StrictDateTimeField,
    StrictEmailField,
    StrictModelSerializer,
    StrictUUIDField,
    choice_list,
    optional_postcode,
)


class RecordSerializerMixin:
    """Serializes a read model: exactly the fields its record holds, and its id.

    The record was built with the user's field set (``access.family_fields``), so the
    same object decides the response's fields, the page's values and the log line. A
    field the role may not see is absent, not blank.
    """

    def to_representation(self, instance: Any) -> dict[str, Any]:
        if not isinstance(instance, Record):
            return super().to_representation(instance)  # type: ignore[misc,no-any-return]
        body: dict[str, Any] = {"id": str(instance.pk)}
        for field in self._readable_fields:  # type: ignore[attr-defined]
            name = field.field_name
            if name == "id" or name not in instance:
                continue
            value = instance[name]
            body[name] = None if value is None else field.to_representation(value)
        return body


class CaregiverSerializer(RecordSerializerMixin, serializers.ModelSerializer[Any]):
    languages = serializers.ListField(child=serializers.ChoiceField(LANGUAGE_CHOICES), default=list)

    class Meta:
        model = Caregiver
        fields = [
            "id",
            "given_name",
            "family_name",
            "relation",
            "legal_authority",
            "languages",
            "literacy_concern",
        ]


class ChildSerializer(RecordSerializerMixin, serializers.ModelSerializer[Any]):
    class Meta:
        model = Child
        fields = ["id", "given_name", "date_of_birth", "birth_month", "development_concern"]
        read_only_fields = ["birth_month"]


class ConsentSerializer(RecordSerializerMixin, serializers.ModelSerializer[Any]):
    class Meta:
        model = Consent
        fields = ["id", *sorted(CONSENT_FIELDS.names)]
        read_only_fields = fields


class FamilySerializer(RecordSerializerMixin, serializers.ModelSerializer[Any]):
    caregivers = CaregiverSerializer(many=True, read_only=True)
    children = ChildSerializer(many=True, read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)
    home_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    reading_languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    # Declared so the schema says "" (not closed) is a value too; read-only fields lose allow_blank.
    close_reason = serializers.ChoiceField(
        choices=Family.CloseReason.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Family
        fields = [
            "id",
            "status",
            "municipality",
            "case_owner",
            "postcode",
            "house_number",
            "street",
            "city",
            "phone",
            "email",
            "home_languages",
            "reading_languages",
            "notes",
            "second_participation",
            "restricted_processing",
            "opened_on",
            "closed_on",
            "close_reason",
            "caregivers",
            "children",
            "consents",
        ]
        read_only_fields = fields


class CaregiverWriteSerializer(StrictModelSerializer):
    languages = choice_list(LANGUAGE_CHOICES)

    class Meta:
        model = Caregiver
        fields = list(CAREGIVER_INPUT_FIELDS)


class ChildWriteSerializer(StrictModelSerializer):
    class Meta:
        model = Child
        fields = ["given_name", "date_of_birth", "development_concern"]

    def validate_date_of_birth(self, value: Any) -> Any:
        if value and value > timezone.localdate():
            raise rule(_("The date of birth is in the future."))
        return value


class FamilyChangeSerializer(StrictModelSerializer):
    """The file's own fields (PATCH); caregivers and children change one by one."""

    municipality = PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    postcode = optional_postcode()
    home_languages = choice_list(LANGUAGE_CHOICES)
    reading_languages = choice_list(LANGUAGE_CHOICES)
    email = StrictEmailField(required=False, allow_blank=True, max_length=254)
    case_owner = StrictUUIDField(
        required=False,
        help_text=(
            "A coordinator hands the file to this user (an id from `/api/v1/team/`): an "
            "active specialist of the organisation. Anyone else, or another caller, is "
            "refused with a 422 (code `rule`, attr `case_owner`)."
        ),
    )

    class Meta:
        model = Family
        fields = [*FAMILY_INPUT_FIELDS, "case_owner"]

    def validate_postcode(self, value: str) -> str:
        return clean_postcode(value)

    def validate_phone(self, value: str) -> str:
        return clean_phone(value)

    def validate_municipality(self, value: Municipality) -> Municipality:
        user: User = self.context["user"]
        if (
            user.organisation is None
            or not value.organisations.filter(pk=user.organisation.pk).exists()
        ):
            raise rule(_("Your organisation does not serve this municipality."))
        return value


class FamilyWriteSerializer(FamilyChangeSerializer):
    """A new family: the file's fields, one to four caregivers and up to eight children."""

    # DRF passes min_length/max_length of a many=True serializer on to its ListSerializer;
    # the stubs' BaseSerializer.__init__ does not list them.
    caregivers = CaregiverWriteSerializer(  # type: ignore[call-arg]
        many=True, allow_empty=False, min_length=1, max_length=limits.CAREGIVERS_MAX
    )
    children = ChildWriteSerializer(  # type: ignore[call-arg]
        many=True, required=False, max_length=limits.CHILDREN_MAX
    )

    class Meta:
        model = Family
        fields = [*FAMILY_INPUT_FIELDS, "caregivers", "children"]


class FamilyFilterSerializer(serializers.Serializer[Any]):
    status = ChoiceField(choices=Family.Status.choices[:4], required=False)
    municipality_id = StrictUUIDField(required=False)
    case_owner_id = StrictUUIDField(required=False)


class FamilySearchSerializer(serializers.Serializer[Any]):
    kind = ChoiceField(choices=SEARCH_KINDS)
    term = StrictCharField(max_length=100)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["kind"] == "postcode":
            try:
                attrs["term"] = clean_postcode(attrs["term"])
            except DjangoValidationError as error:
                raise serializers.ValidationError({"term": error.messages}, code=RULE) from None
        return attrs


@extend_schema_serializer(many=False)  # a page object, not a list, even for the list action
class FamilyPageSerializer(serializers.Serializer[Any]):
    """The shape of a page of families (for the schema)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FamilySerializer(many=True)


class ConsentWriteSerializer(serializers.Serializer[Any]):
    given_by = PrimaryKeyRelatedField(queryset=Caregiver.objects.none())
    purpose = ChoiceField(choices=Purpose.choices)
    partner = PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(kind=Organisation.Kind.PARTNER),
        required=False,
        allow_null=True,
        default=None,
    )
    text_version = StrictCharField(max_length=30)
    method = ChoiceField(choices=Consent.Method.choices)
    expires_at = StrictDateTimeField(required=False, allow_null=True, default=None)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        family = self.context.get("family")
        if family is not None:
            fields["given_by"].queryset = family.caregivers.all()  # type: ignore[attr-defined]
        return fields
