"""The family case file: a family, its caregivers and its children."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from gezinsaanpak import limits
from gezinsaanpak.privacy.fields import (
    BlindIndexField,
    EncryptedCharField,
    EncryptedDateField,
    EncryptedTextField,
)

from .languages import validate_language_list


class Family(models.Model):
    class Status(models.TextChoices):
        REFERRED = "referred", _("Referred")
        INTAKE = "intake", _("Intake")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        ANONYMISED = "anonymised", _("Anonymised")

    class CloseReason(models.TextChoices):
        COMPLETED = "completed", _("Programme completed")
        MOVED = "moved", _("Family moved")
        NO_CONTACT = "no_contact", _("No contact possible")
        DECLINED = "declined", _("Family did not want to continue")
        REFERRED_ON = "referred_on", _("Referred to another organisation")
        NOT_ELIGIBLE = "not_eligible", _("Not eligible")
        OTHER = "other", _("Other reason")

    # The lifecycle: which status may follow which.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.REFERRED: frozenset({Status.INTAKE, Status.CLOSED}),
        Status.INTAKE: frozenset({Status.ACTIVE, Status.CLOSED}),
        Status.ACTIVE: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset({Status.ACTIVE, Status.ANONYMISED}),
        Status.ANONYMISED: frozenset(),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("organisation"),
    )
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("municipality"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.INTAKE
    )
    case_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_families",
        verbose_name=_("case owner"),
    )
    postcode = EncryptedCharField(_("postcode"), max_length=7, blank=True)
    postcode_index = BlindIndexField(source="postcode", normalizer="postcode")
    house_number = EncryptedCharField(_("house number"), max_length=10, blank=True)
    street = EncryptedCharField(_("street"), max_length=200, blank=True)
    city = EncryptedCharField(_("town or city"), max_length=100, blank=True)
    phone = EncryptedCharField(_("phone number"), max_length=30, blank=True)
    phone_index = BlindIndexField(source="phone", normalizer="phone")
    email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True)
    home_languages = models.JSONField(
        _("languages spoken at home"),
        default=list,
        blank=True,
        validators=[validate_language_list],
    )
    reading_languages = models.JSONField(
        _("languages read aloud in"),
        default=list,
        blank=True,
        validators=[validate_language_list],
    )
    notes = EncryptedTextField(_("notes"), blank=True, max_length=limits.LONG_TEXT_MAX)
    second_participation = models.BooleanField(
        _("takes part for a second time"),
        default=False,
    )
    restricted_processing = models.BooleanField(
        _("processing restricted"),
        default=False,
        help_text=_("While set, the file cannot be changed, exported or shared (AVG art. 18)."),
    )
    opened_on = models.DateField(_("opened on"), default=datetime.date.today)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["-opened_on", "id"]
        default_permissions = ("view", "change")
        indexes = [
            models.Index(fields=["organisation", "-opened_on", "id"], name="family_org_opened"),
            models.Index(fields=["organisation", "status"], name="family_org_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | ~Q(status="closed"),
                name="family_closed_has_date",
                violation_error_message=_("A closed family needs a closing date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Family')} {str(self.id)[:8]}"

    def clean(self) -> None:
        super().clean()
        if self.status == self.Status.CLOSED and not self.close_reason:
            raise ValidationError({"close_reason": _("Choose why the file is closed.")})
        organisation = self.organisation if self.organisation_id else None
        if organisation and self.municipality_id:
            served = organisation.municipalities.filter(pk=self.municipality_id).exists()
            if not served:
                raise ValidationError(
                    {"municipality": _("Your organisation does not serve this municipality.")}
                )

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    @property
    def may_be_anonymised(self) -> bool:
        """Anonymising is not a step of the case work (``TRANSITIONS``, where only a closed
        file moves on to it): erasure (art. 17) and the retention rules end a file in any
        status, once. This is the one place that says so (``services.erasure``)."""
        return self.status != self.Status.ANONYMISED


class FamilyUserObjectPermission(UserObjectPermissionBase):
    """Row-level grants on families, with a real foreign key (indexed, no varchar casts)."""

    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)
    # Given only because the user is (or was) the file's case owner: handing the case over
    # deletes these rows and nothing else, so a grant given separately survives it.
    as_case_owner = models.BooleanField(_("as case owner"), default=False)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("family grant")
        verbose_name_plural = _("family grants")


class FamilyGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Family, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("family group grant")
        verbose_name_plural = _("family group grants")


class Caregiver(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("Mother")
        FATHER = "father", _("Father")
        PARENT = "parent", _("Parent")
        GRANDPARENT = "grandparent", _("Grandparent")
        FOSTER_PARENT = "foster_parent", _("Foster parent")
        GUARDIAN = "guardian", _("Guardian")
        OTHER = "other", _("Other")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="caregivers", verbose_name=_("family")
    )
    given_name = EncryptedCharField(_("first name"), max_length=limits.NAME_MAX)
    family_name = EncryptedCharField(_("family name"), max_length=limits.NAME_MAX)
    family_name_index = BlindIndexField(source="family_name", normalizer="text")
    relation = models.CharField(
        _("relation to the child"), max_length=20, choices=Relation.choices, default=Relation.PARENT
    )
    legal_authority = models.BooleanField(_("has parental authority"), default=True)
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_list]
    )
    literacy_concern = EncryptedTextField(
        _("concern about reading and writing"),
        blank=True,
        max_length=limits.CONCERN_TEXT_MAX,
        help_text=_("Only specialists see this."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("caregiver")
        verbose_name_plural = _("caregivers")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{_('Caregiver')} {str(self.id)[:8]}"


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Child(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    family = models.ForeignKey(
        Family, on_delete=models.CASCADE, related_name="children", verbose_name=_("family")
    )
    given_name = EncryptedCharField(_("first name"), max_length=limits.NAME_MAX)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    # In clear on purpose: eligibility and reporting need the age, never the exact day.
    birth_month = models.DateField(_("month of birth"), null=True, blank=True, editable=False)
    development_concern = EncryptedTextField(
        _("concern about development or speech"),
        blank=True,
        max_length=limits.CONCERN_TEXT_MAX,
        help_text=_("Only specialists see this."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["birth_month", "id"]
        indexes = [models.Index(fields=["birth_month"], name="child_birth_month")]

    def __str__(self) -> str:
        return f"{_('Child')} {str(self.id)[:8]}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.birth_month = first_of_month(self.date_of_birth) if self.date_of_birth else None
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            raise ValidationError({"date_of_birth": _("The date of birth is in the future.")})

    def age_in_years(self, on: datetime.date | None = None) -> int | None:
        if self.birth_month is None:
            return None
        on = on or timezone.localdate()
        years = on.year - self.birth_month.year
        return years - (1 if on.month < self.birth_month.month else 0)
