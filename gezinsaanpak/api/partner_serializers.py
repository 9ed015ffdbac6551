"""What partner software sends and sees. Minimal payloads; strict input.

Input fields are strict on type (a number is not a string, ``"yes"`` is not ``true``) and
never trim whitespace, so what the published schema calls invalid is refused, exactly
(``api.fields``, shared with the staff API).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Municipality
from gezinsaanpak import limits
from gezinsaanpak.access.fields import PARTNER_SENT_REFERRAL
from gezinsaanpak.models import Caregiver, DeclineReason, ReasonCode, Referral
from gezinsaanpak.models.languages import LANGUAGE_CHOICES
from gezinsaanpak.models.programme import Programme
from gezinsaanpak.models.referral import FEEDBACK_MAX, REASON_TEXT_MAX
from gezinsaanpak.services.referrals import PARTNER_REPORTS
from gezinsaanpak.validation import (
    PARTNER_REFERENCE_PATTERN,
    POSTCODE_PATTERN,
    clean_phone,
    clean_postcode,
)

from .errors import rule
from .fields import (
    ChoiceField,
    StrictBooleanField,
    StrictCharField,
    StrictDateField,
    StrictEmailField,
)

CBS_PATTERN = r"^GM[0-9]{4}$"
REFERENCE_PATTERN = PARTNER_REFERENCE_PATTERN


class CaregiverInSerializer(serializers.Serializer[dict[str, Any]]):
    given_name = StrictCharField(max_length=limits.NAME_MAX)
    family_name = StrictCharField(max_length=limits.NAME_MAX)
    relation = ChoiceField(choices=Caregiver.Relation.choices, default=Caregiver.Relation.PARENT)
    legal_authority = StrictBooleanField(default=True)
    languages = serializers.ListField(
        child=ChoiceField(LANGUAGE_CHOICES), default=list, max_length=limits.LANGUAGES_MAX
    )


class ChildInSerializer(serializers.Serializer[dict[str, Any]]):
    given_name = StrictCharField(max_length=limits.NAME_MAX)
    date_of_birth = StrictDateField()

    def validate_date_of_birth(self, value: datetime.date) -> datetime.date:
        if value > timezone.localdate():
            raise rule(_("The date of birth is in the future."))
        return value


class ReferralInSerializer(serializers.Serializer[dict[str, Any]]):
    """A partner's referral of a family to the library."""

    municipality = StrictCharField(
        pattern=CBS_PATTERN,
        pattern_message=_("Use a CBS code such as GM0928."),
        help_text="CBS code of the family's municipality, e.g. GM0928.",
    )
    postcode = StrictCharField(
        pattern=POSTCODE_PATTERN,
        pattern_message=_("Enter a Dutch postcode, such as 1234 AB."),
        max_length=7,
    )
    house_number = StrictCharField(max_length=10)
    street = StrictCharField(max_length=200, required=False, allow_blank=True)
    city = StrictCharField(max_length=100, required=False, allow_blank=True)
    phone = StrictCharField(max_length=30, required=False, allow_blank=True)
    email = StrictEmailField(max_length=254, required=False)
    home_languages = serializers.ListField(
        child=ChoiceField(LANGUAGE_CHOICES), default=list, max_length=limits.LANGUAGES_MAX
    )
    # DRF passes min_length/max_length of a many=True serializer on to its ListSerializer;
    # the stubs' BaseSerializer.__init__ does not list them.
    caregivers = CaregiverInSerializer(
        many=True, allow_empty=False, max_length=limits.CAREGIVERS_MAX
    )  # type: ignore[call-arg]
    children = ChildInSerializer(many=True, allow_empty=False, max_length=limits.CHILDREN_MAX)  # type: ignore[call-arg]
    reason_code = ChoiceField(choices=ReasonCode.choices)
    reason_text = StrictCharField(max_length=REASON_TEXT_MAX, required=False, allow_blank=True)
    requested_programme = ChoiceField(choices=Programme.choices)
    referrer_name = StrictCharField(max_length=200)
    referrer_role = StrictCharField(max_length=200, required=False, allow_blank=True)
    partner_reference = StrictCharField(
        pattern=REFERENCE_PATTERN,
        max_length=64,
        required=False,
        help_text="Your own reference for this referral (no personal data).",
    )
    parent_consent = StrictBooleanField(
        help_text="true: the parents agreed to sharing these details with the library."
    )

    def validate_municipality(self, value: str) -> Municipality:
        municipality = Municipality.objects.filter(code=value).first()
        if municipality is None:
            raise rule(_("Unknown municipality code."))
        return municipality

    def validate_postcode(self, value: str) -> str:
        return clean_postcode(value)

    def validate_phone(self, value: str) -> str:
        return clean_phone(value)


class SentReferralSerializer(serializers.ModelSerializer[Referral]):
    """A partner's view of a referral it sent: status and feedback, nothing of the file."""

    decline_reason = ChoiceField(choices=DeclineReason.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Referral
        # The field set a sending partner may see (``access.fields``), and the dates.
        fields = ["id", *sorted(PARTNER_SENT_REFERRAL.names), "created_at", "status_changed_at"]
        read_only_fields = fields


class ReceivedReferralSerializer(serializers.ModelSerializer[Referral]):
    """What a partner receives: who to contact, why, and what it reported back."""

    caregiver_given_name = serializers.CharField(
        source="details.caregiver_given_name", default="", read_only=True
    )
    caregiver_family_name = serializers.CharField(
        source="details.caregiver_family_name", default="", read_only=True
    )
    phone = serializers.CharField(source="details.phone", default="", read_only=True)
    email = serializers.CharField(source="details.email", default="", read_only=True)
    languages = serializers.ListField(
        child=serializers.CharField(), source="details.languages", default=list, read_only=True
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "status",
            "reason_code",
            "reason_text",
            "requested_programme",
            "referrer_name",
            "referrer_role",
            "caregiver_given_name",
            "caregiver_family_name",
            "phone",
            "email",
            "languages",
            "partner_feedback",
            "contact_check_due_on",
            "created_at",
            "status_changed_at",
        ]
        read_only_fields = fields


class ReportSerializer(serializers.Serializer[dict[str, Any]]):
    status = ChoiceField(choices=sorted(PARTNER_REPORTS))
    feedback = StrictCharField(max_length=FEEDBACK_MAX, required=False, allow_blank=True)
