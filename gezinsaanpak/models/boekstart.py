"""BoekStart at the consultatiebureau: locations, anonymous session tallies, vouchers, contacts.

A session holds no personal data at all: counts only. A parent who wants follow-up becomes
a :class:`Contact`, which only links the coach to a family; names and phone numbers live on
the (encrypted) family file.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# The topics a coach tallies per session: model field -> label.
TOPIC_FIELDS: dict[str, StrOrPromise] = {
    "topic_reading_aloud": _("Reading aloud to babies"),
    "topic_multilingual": _("Growing up with more languages"),
    "topic_media": _("Media use"),
    "topic_membership": _("Library membership"),
    "topic_taalhuis": _("Taalhuis"),
}
# Everything counted in a session, in the order of the quick-log form.
COUNT_FIELDS = (
    "conversations",
    *TOPIC_FIELDS,
    "vouchers_handed_out",
    "koffertjes",
    "invited_to_library",
)


class Location(models.Model):
    """A consultatiebureau where a coach sits; no people, only a place."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="boekstart_locations",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "accounts.Municipality",
        on_delete=models.PROTECT,
        related_name="boekstart_locations",
        verbose_name=_("municipality"),
    )
    partner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="boekstart_locations_hosted",
        verbose_name=_("partner organisation"),
        help_text=_("The JGZ organisation that runs this consultatiebureau."),
    )
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("consultatiebureau")
        verbose_name_plural = _("consultatiebureaus")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="boekstart_location_unique_name",
                violation_error_message=_("Your organisation already has a location by this name."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        errors: dict[str, StrOrPromise] = {}
        if self.organisation_id and self.municipality_id:
            served = self.organisation.municipalities.filter(pk=self.municipality_id).exists()
            if not served:
                errors["municipality"] = _("Your organisation does not serve this municipality.")
        partner = self.partner if self.partner_id else None
        if partner is not None and partner.kind != "partner":
            errors["partner"] = _("Choose a partner organisation.")
        if errors:
            raise ValidationError(errors)


def _count(label: StrOrPromise) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    return models.PositiveSmallIntegerField(label, default=0)


class BoekStartSession(models.Model):
    """One morning or afternoon in the waiting room, as tallies. No names, ever."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="boekstart_sessions",
        verbose_name=_("organisation"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="boekstart_sessions",
        verbose_name=_("BoekStart coach"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("location")
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    conversations = _count(_("Conversations"))
    topic_reading_aloud = _count(TOPIC_FIELDS["topic_reading_aloud"])
    topic_multilingual = _count(TOPIC_FIELDS["topic_multilingual"])
    topic_media = _count(TOPIC_FIELDS["topic_media"])
    topic_membership = _count(TOPIC_FIELDS["topic_membership"])
    topic_taalhuis = _count(TOPIC_FIELDS["topic_taalhuis"])
    vouchers_handed_out = _count(_("BoekStart vouchers handed out"))
    koffertjes = _count(_("Koffertjes handed out"))
    invited_to_library = _count(_("Parents invited to the library"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("BoekStart session")
        verbose_name_plural = _("BoekStart sessions")
        ordering = ["-date", "-created_at"]
        indexes = [
            models.Index(fields=["organisation", "-date"], name="boekstart_session_org_date"),
            models.Index(fields=["coach", "-date"], name="boekstart_session_coach_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__lte": F("conversations")}),
                name=f"boekstart_{name}_within_talks",
                violation_error_message=_("This is more than the number of conversations."),
            )
            for name in (*TOPIC_FIELDS, "invited_to_library")
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.date:%Y-%m-%d}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, StrOrPromise] = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("The date is in the future.")
        for name in (*TOPIC_FIELDS, "invited_to_library"):
            value = getattr(self, name)
            if value is not None and self.conversations is not None and value > self.conversations:
                errors[name] = _("This is more than the number of conversations.")
        if self.location_id and self.location.organisation_id != self.organisation_id:
            errors["location"] = _("Choose a location of your own organisation.")
        if errors:
            raise ValidationError(errors)


class Voucher(models.Model):
    """A numbered BoekStart waardebon: issued at a consultatiebureau, redeemed at the library."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="boekstart_vouchers",
        verbose_name=_("organisation"),
    )
    number = models.CharField(_("voucher number"), max_length=30)
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="vouchers", verbose_name=_("location")
    )
    session = models.ForeignKey(
        BoekStartSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="vouchers",
        verbose_name=_("BoekStart session"),
    )
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    redeemed_on = models.DateField(_("redeemed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("waardebon")
        verbose_name_plural = _("waardebonnen")
        ordering = ["-issued_on", "number"]
        indexes = [models.Index(fields=["organisation", "issued_on"], name="voucher_org_issued")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "number"],
                name="voucher_unique_number",
                violation_error_message=_("This voucher number is already in use."),
            ),
            models.CheckConstraint(
                condition=Q(redeemed_on__isnull=True) | Q(redeemed_on__gte=F("issued_on")),
                name="voucher_redeemed_after_issue",
                violation_error_message=_("A voucher cannot be redeemed before it was issued."),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Contact(models.Model):
    """A parent who wanted follow-up. Only links: the personal data is on the family file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="boekstart_contacts",
        verbose_name=_("organisation"),
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="boekstart_contacts",
        verbose_name=_("BoekStart coach"),
    )
    session = models.ForeignKey(
        BoekStartSession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("BoekStart session"),
    )
    family = models.ForeignKey(
        "gezinsaanpak.Family",
        on_delete=models.CASCADE,
        related_name="boekstart_contacts",
        verbose_name=_("family"),
    )
    handed_over_at = models.DateTimeField(_("handed over to the library"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up contact")
        verbose_name_plural = _("follow-up contacts")
        ordering = ["-created_at", "id"]
        indexes = [models.Index(fields=["coach", "-created_at"], name="boekstart_contact_coach")]

    def __str__(self) -> str:
        return f"{_('Contact')} {str(self.id)[:8]}"
