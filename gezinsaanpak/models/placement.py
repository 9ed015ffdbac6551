"""VoorleesExpress placements: a volunteer reading aloud with a family, visit by visit."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gezinsaanpak import limits
from gezinsaanpak.privacy.fields import EncryptedCharField, EncryptedTextField

REGULAR_VISITS = 20
NAZORG_VISITS = 5


class ReferralSource(models.TextChoices):
    """Who sent a family to the VoorleesExpress (the *toeleider*), for the GGG figures."""

    SCHOOL = "school", _("School")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang")
    JGZ = "jgz", _("JGZ / consultatiebureau")
    SPEECH_THERAPIST = "speech_therapist", _("Speech therapist")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    TAALHUIS = "taalhuis", _("Taalhuis")
    VLUCHTELINGENWERK = "vluchtelingenwerk", _("VluchtelingenWerk")
    OTHER = "other", _("Other")


class Placement(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("On the waiting list")
        INTAKE = "intake", _("Intake")
        MATCHED = "matched", _("Matched")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular (20 visits)")
        NAZORG = "nazorg", _("Nazorg")

    class StopReason(models.TextChoices):
        FAMILY = "family", _("The family stopped")
        MOVED = "moved", _("The family moved")
        VOLUNTEER = "volunteer", _("The volunteer stopped")
        NO_CONTACT = "no_contact", _("No contact with the family")
        CONCERN = "concern", _("Concern about safety")
        OBJECTION = "objection", _("The family objected (AVG art. 21)")
        OTHER = "other", _("Other reason")

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.WAITING: frozenset({Status.INTAKE, Status.STOPPED}),
        Status.INTAKE: frozenset({Status.MATCHED, Status.STOPPED}),
        Status.MATCHED: frozenset({Status.ACTIVE, Status.STOPPED}),
        Status.ACTIVE: frozenset({Status.COMPLETED, Status.STOPPED}),
        Status.COMPLETED: frozenset(),
        Status.STOPPED: frozenset(),
    }
    OPEN = (Status.WAITING, Status.INTAKE, Status.MATCHED, Status.ACTIVE)
    ENDED = (Status.COMPLETED, Status.STOPPED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="placements"
    )
    family = models.ForeignKey(
        "gezinsaanpak.Family",
        on_delete=models.CASCADE,
        related_name="placements",
        verbose_name=_("family"),
    )
    children = models.ManyToManyField(
        "gezinsaanpak.Child", blank=True, related_name="placements", verbose_name=_("children")
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("volunteer"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coordinated_placements",
        verbose_name=_("coordinator"),
    )
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="aftercare"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    sign_up_date = models.DateField(_("signed up on"), default=datetime.date.today)
    referral_source = models.CharField(
        _("referred by (kind)"),
        max_length=20,
        choices=ReferralSource.choices,
        default=ReferralSource.OTHER,
    )
    referred_by = EncryptedCharField(_("referred by (name or role)"), max_length=200, blank=True)
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    visit_time = models.TimeField(_("time"), null=True, blank=True)
    planned_visits = models.PositiveSmallIntegerField(
        _("planned visits"),
        default=REGULAR_VISITS,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
    )
    interval_weeks = models.PositiveSmallIntegerField(
        _("weeks between visits"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    start_date = models.DateField(_("first visit"), null=True, blank=True)
    end_date = models.DateField(_("ended on"), null=True, blank=True)
    stop_reason = models.CharField(
        _("reason for stopping"), max_length=20, choices=StopReason.choices, blank=True
    )
    library_visit_on = models.DateField(_("library visit together on"), null=True, blank=True)
    library_cards_on = models.DateField(_("library cards arranged on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["sign_up_date", "id"]
        indexes = [
            models.Index(fields=["organisation", "status", "sign_up_date"], name="placement_org"),
            models.Index(fields=["volunteer", "status"], name="placement_volunteer"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="stopped") | ~Q(stop_reason=""),
                name="placement_stopped_has_reason",
                violation_error_message=_("Choose why the placement stopped."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["matched", "active"]) | Q(volunteer__isnull=False),
                name="placement_matched_has_volunteer",
                violation_error_message=_("Choose a volunteer first."),
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Placement')} {str(self.id)[:8]}"

    def clean(self) -> None:
        if self.status in (self.Status.MATCHED, self.Status.ACTIVE):
            missing = {
                name: _("This is needed for the visit plan.")
                for name in ("weekday", "visit_time", "start_date")
                if getattr(self, name) is None
            }
            if missing:
                raise ValidationError(missing)
        if (
            self.start_date
            and self.weekday is not None
            and self.start_date.weekday() != self.weekday
        ):
            raise ValidationError(
                {"start_date": _("The first visit is not on the chosen weekday.")}
            )

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, frozenset())

    def planned_dates(self) -> list[datetime.date]:
        """The visit plan: every ``interval_weeks`` on the fixed weekday from the first visit."""
        if self.start_date is None:
            return []
        step = datetime.timedelta(weeks=self.interval_weeks)
        return [self.start_date + step * n for n in range(self.planned_visits)]

    def waiting_days(self, on: datetime.date | None = None) -> int:
        return ((on or timezone.localdate()) - self.sign_up_date).days


class Visit(models.Model):
    class Status(models.TextChoices):
        HELD = "held", _("Visit held")
        CANCELLED_FAMILY = "cancelled_family", _("Cancelled by the family")
        CANCELLED_VOLUNTEER = "cancelled_volunteer", _("Cancelled by me")
        RESCHEDULED = "rescheduled", _("Moved to another day")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="visits")
    date = models.DateField(_("date"))
    status = models.CharField(_("what happened"), max_length=20, choices=Status.choices)
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), null=True, blank=True, validators=[MaxValueValidator(480)]
    )
    parent_present = models.BooleanField(_("a parent took part"), default=False)
    books = models.PositiveSmallIntegerField(
        _("books read"), default=0, validators=[MaxValueValidator(50)]
    )
    note = EncryptedTextField(_("note"), blank=True, max_length=limits.NOTE_MAX)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-date", "-created_at"]
        indexes = [
            # The held visits of a placement, counted from the index alone (the report
            # figure ve_visits_per_completed, see bench/RESULTS.md).
            models.Index(
                fields=["placement"], condition=Q(status="held"), name="visit_held_by_placement"
            ),
        ]

    def __str__(self) -> str:
        return f"{_('Visit')} {self.date}"

    def clean(self) -> None:
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("You can only log a visit on or after its day.")})


class CoordinatorMeeting(models.Model):
    class Moment(models.TextChoices):
        START = "start", _("Start meeting")
        WEEK_10 = "week_10", _("Meeting in week 10 (in the library)")
        END = "end", _("Closing meeting")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="meetings")
    moment = models.CharField(_("meeting"), max_length=10, choices=Moment.choices)
    due_on = models.DateField(_("due on"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    note = EncryptedTextField(_("note"), blank=True, max_length=limits.NOTE_MAX)

    class Meta:
        verbose_name = _("coordinator meeting")
        verbose_name_plural = _("coordinator meetings")
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "moment"], name="meeting_once_per_moment")
        ]

    def __str__(self) -> str:
        return str(self.get_moment_display())

    @property
    def overdue(self) -> bool:
        return self.held_on is None and self.due_on < timezone.localdate()


class Concern(models.Model):
    """A volunteer's worry about a child's safety (the meldcode route): urgent, encrypted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    text = EncryptedTextField(_("what worries you"), max_length=limits.LONG_TEXT_MAX)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_note = EncryptedTextField(
        _("what was done"), max_length=limits.LONG_TEXT_MAX, blank=True
    )

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"{_('Concern')} {str(self.id)[:8]}"


# For the OpenAPI schema's enum name (drf-spectacular ENUM_NAME_OVERRIDES).
VISIT_STATUS_CHOICES = Visit.Status.choices
