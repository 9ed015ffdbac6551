"""Serializers of ``/api/v1/privacy/requests/`` and the restriction endpoints."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import User
from gezinsaanpak import limits
from gezinsaanpak.access.subject_requests import request_handlers
from gezinsaanpak.models import DataSubjectRequest, ProcessingRestriction
from gezinsaanpak.processing_register import Purpose

from .errors import RULE
from .fields import ChoiceField, StrictCharField, StrictDateField, StrictUUIDField

Request = DataSubjectRequest
STATES = ("open", "closed", "all")
# The statuses a PATCH may ask for: take the request in hand, or close it.
PATCH_STATUSES = (Request.Status.IN_PROGRESS, Request.Status.CLOSED)


def _text(*, required: bool = False) -> StrictCharField:
    if required:
        return StrictCharField(max_length=limits.NOTE_MAX)
    return StrictCharField(max_length=limits.NOTE_MAX, required=False, allow_blank=True)


def _purposes() -> Any:
    return serializers.ListField(
        child=ChoiceField(choices=Purpose.choices),
        max_length=len(Purpose.values),
        required=False,
        help_text="Only for an objection: the purposes (processing register codes) objected to.",
    )


class RequestFilterSerializer(serializers.Serializer[Any]):
    state = ChoiceField(
        choices=STATES,
        required=False,
        default="all",
        help_text="open (by deadline), closed (newest first) or all (newest first).",
    )


class RequestListItemSerializer(serializers.ModelSerializer[Request]):
    """A list row: the dates and the state, no texts."""

    due_on = serializers.DateField(read_only=True)
    overdue = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()
    family = serializers.UUIDField(source="family_id", read_only=True, allow_null=True)
    handled_by = serializers.UUIDField(source="handled_by_id", read_only=True, allow_null=True)
    # Declared so the schema says "" (not closed yet) is a value too.
    outcome = serializers.ChoiceField(
        choices=Request.Outcome.choices, allow_blank=True, read_only=True
    )

    class Meta:
        model = Request
        fields = [
            "id",
            "kind",
            "received_on",
            "deadline",
            "extended_until",
            "due_on",
            "overdue",
            "due_soon",
            "status",
            "handled_by",
            "family",
            "outcome",
            "closed_on",
        ]
        read_only_fields = fields

    def get_overdue(self, request: Request) -> bool:
        return request.overdue()

    def get_due_soon(self, request: Request) -> bool:
        return request.due_soon()


class RequestSerializer(RequestListItemSerializer):
    identity_checked_by = serializers.UUIDField(
        source="identity_checked_by_id", read_only=True, allow_null=True
    )
    objection_applied_by = serializers.UUIDField(
        source="objection_applied_by_id", read_only=True, allow_null=True
    )
    objected_purposes = serializers.ListField(
        child=serializers.ChoiceField(choices=Purpose.choices), read_only=True
    )
    identity_method = serializers.ChoiceField(
        choices=Request.IdentityMethod.choices, allow_blank=True, read_only=True
    )

    class Meta(RequestListItemSerializer.Meta):
        fields = [
            *RequestListItemSerializer.Meta.fields,
            "description",
            "identity_checked_by",
            "identity_checked_on",
            "identity_method",
            "extension_reason",
            "outcome_note",
            "objected_purposes",
            "objection_applied_at",
            "objection_applied_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class RequestCreateSerializer(serializers.Serializer[Any]):
    kind = ChoiceField(choices=Request.Kind.choices)
    received_on = StrictDateField(
        required=False, help_text="The day the request came in (default: today)."
    )
    description = _text()
    family = StrictUUIDField(
        required=False, allow_null=True, help_text="The file's id, from the privacy search."
    )
    objected_purposes = _purposes()


class RequestPatchSerializer(serializers.Serializer[Any]):
    """Every key optional; each one names a step (see ``services.subject_requests``)."""

    kind = ChoiceField(choices=Request.Kind.choices, required=False)
    received_on = StrictDateField(required=False)
    description = _text()
    objected_purposes = _purposes()
    family = StrictUUIDField(
        required=False, allow_null=True, help_text="Link this file (null: unlink)."
    )
    identity_method = ChoiceField(choices=Request.IdentityMethod.choices, required=False)
    identity_checked_on = StrictDateField(
        required=False, help_text="With identity_method (default: today)."
    )
    extended_until = StrictDateField(required=False)
    extension_reason = _text()
    handled_by = StrictUUIDField(
        required=False, help_text="A privacy officer of your organisation takes it in hand."
    )
    status = ChoiceField(choices=PATCH_STATUSES, required=False)
    outcome = ChoiceField(choices=Request.Outcome.choices, required=False)
    outcome_note = _text()
    closed_on = StrictDateField(required=False)

    def validate_handled_by(self, value: Any) -> User:
        user: User = self.context["user"]
        handler = request_handlers(user.organisation_id).filter(pk=value).first()  # type: ignore[arg-type]
        if handler is None:
            message = _("Choose a privacy officer of your own organisation.")
            raise serializers.ValidationError(message, code=RULE)
        return handler


class RestrictSerializer(serializers.Serializer[Any]):
    reason = _text(required=True)
    request = StrictUUIDField(
        required=False, allow_null=True, help_text="The data-subject request it is set for."
    )


class UnrestrictSerializer(serializers.Serializer[Any]):
    reason = _text(required=True)


class RestrictionSerializer(serializers.ModelSerializer[ProcessingRestriction]):
    family = serializers.UUIDField(source="family_id", read_only=True)
    request = serializers.UUIDField(source="request_id", read_only=True, allow_null=True)
    set_by = serializers.UUIDField(source="set_by_id", read_only=True, allow_null=True)
    lifted_by = serializers.UUIDField(source="lifted_by_id", read_only=True, allow_null=True)

    class Meta:
        model = ProcessingRestriction
        fields = [
            "id",
            "family",
            "request",
            "set_at",
            "set_by",
            "reason",
            "lifted_at",
            "lifted_by",
            "lift_reason",
        ]
        read_only_fields = fields


class ObjectionResultSerializer(serializers.Serializer[Any]):
    consents_withdrawn = serializers.IntegerField(read_only=True)
    placements_stopped = serializers.IntegerField(read_only=True)
