"""Which files are past their retention period, by which rule, and from which date.

Three rules, each with a period per organisation (``RetentionPolicy``, defaults in the
settings). A file falls under the rule that makes it due first:

- **declined**: a pending file whose inbound referral the library declined: the file is
  closed, never led to a programme, and the period runs from the decline (or the closing
  date, if later). Default 3 months.
- **no_programme**: a file opened by a referral (inbound) or a BoekStart contact that never
  led to a programme, closed or not: the period runs from its last activity. Default 12.
- **closed**: any closed file, from its closing date. Default 24 months.

*Led to a programme*: the family has a VoorleesExpress placement (in any status), an
inbound referral the library accepted (accepted, in progress or completed), the file is
active, or it was closed because the programme was completed.

*Last activity*: the latest of the file's opening, closing and last change, and of the
creation and status changes of its referrals, its BoekStart contacts and their handover,
its consents given or withdrawn, and the caregivers and children added to it. Reading a
file is not activity.

Active files are never due, nor are files whose processing is restricted (art. 18: the
family may need them kept). Anonymised files are done. BoekStart session tallies are not
touched (they hold no personal data).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from gezinsaanpak.models import (
    Caregiver,
    Child,
    Consent,
    Contact,
    Family,
    Placement,
    Referral,
    RetentionPolicy,
    RetentionRule,
)
from gezinsaanpak.models.subject_request import add_months

# The prefilter in SQL is this many days generous; the exact date is checked in Python
# (adding months clamps to the end of a month, so the two are not exact inverses).
MARGIN = datetime.timedelta(days=3)
BATCH = 1000
ACCEPTED = (Referral.Status.ACCEPTED, Referral.Status.IN_PROGRESS, Referral.Status.COMPLETED)
# Where activity on a file is recorded: (model, its date and time columns).
ACTIVITY: tuple[
    tuple[type[Referral | Contact | Consent | Caregiver | Child], tuple[str, ...]], ...
] = (
    (Referral, ("created_at", "status_changed_at")),
    (Contact, ("created_at", "handed_over_at")),
    (Consent, ("given_at", "withdrawn_at")),
    (Caregiver, ("created_at",)),
    (Child, ("created_at",)),
)


@dataclass(frozen=True)
class DueFile:
    """A file and the day its period ends; ``since`` is the day the period counts from."""

    family_id: UUID
    organisation_id: UUID
    rule: str
    since: datetime.date
    due_on: datetime.date


def policy_months(organisation_id: UUID) -> dict[str, int]:
    policy = RetentionPolicy.objects.filter(organisation_id=organisation_id).first()
    return (policy or RetentionPolicy()).months()


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _day(moment: datetime.date | datetime.datetime | None) -> datetime.date | None:
    if isinstance(moment, datetime.datetime):
        return timezone.localdate(moment)
    return moment


def _no_programme_led() -> Q:
    """Files that never led to a programme (see the module's docstring)."""
    placed = Placement.objects.filter(family=OuterRef("pk"))
    accepted = Referral.objects.filter(
        family=OuterRef("pk"), direction=Referral.Direction.IN, status__in=ACCEPTED
    )
    completed = Q(status=Family.Status.CLOSED, close_reason=Family.CloseReason.COMPLETED)
    return ~Q(status=Family.Status.ACTIVE) & ~completed & ~Exists(placed) & ~Exists(accepted)


def _closed(files: QuerySet[Family], months: int, on: datetime.date) -> Iterator[DueFile]:
    cutoff = add_months(on, -months) + MARGIN
    rows = files.filter(status=Family.Status.CLOSED, closed_on__lte=cutoff)
    for pk, organisation_id, closed_on in rows.values_list("pk", "organisation_id", "closed_on"):
        if closed_on is not None:  # a closed file always has its date (a constraint)
            due_on = add_months(closed_on, months)
            yield DueFile(pk, organisation_id, RetentionRule.CLOSED, closed_on, due_on)


def _declined(files: QuerySet[Family], months: int, on: datetime.date) -> Iterator[DueFile]:
    cutoff = add_months(on, -months) + MARGIN
    declines = Referral.objects.filter(
        family=OuterRef("pk"), direction=Referral.Direction.IN, status=Referral.Status.DECLINED
    )
    rows = (
        files.filter(_no_programme_led(), Exists(declines), status=Family.Status.CLOSED)
        .filter(closed_on__lte=cutoff)
        .annotate(
            declined_at=Max(
                "referrals__status_changed_at",
                filter=Q(
                    referrals__direction=Referral.Direction.IN,
                    referrals__status=Referral.Status.DECLINED,
                ),
            )
        )
        .values_list("pk", "organisation_id", "closed_on", "declined_at")
    )
    for pk, organisation_id, closed_on, declined_at in rows:
        since = max(d for d in (closed_on, _day(declined_at)) if d is not None)
        yield DueFile(pk, organisation_id, RetentionRule.DECLINED, since, add_months(since, months))


def _quiet_since(cutoff: datetime.date) -> Q:
    """No activity after ``cutoff`` (SQL only; the exact last activity follows)."""
    after = _start_of(cutoff + datetime.timedelta(days=1))
    quiet = Q(opened_on__lte=cutoff, updated_at__lt=after) & (
        Q(closed_on__isnull=True) | Q(closed_on__lte=cutoff)
    )
    for model, columns in ACTIVITY:
        recent = Q()
        for column in columns:
            recent |= Q(**{f"{column}__gte": after})
        quiet &= Q(~Exists(model.objects.filter(recent, family=OuterRef("pk"))))
    return quiet


def last_activity(families: Iterable[Family]) -> dict[UUID, datetime.date]:
    """The day of each file's last activity (see the module's docstring)."""
    latest: dict[UUID, datetime.date] = {}
    for family in families:
        days = [family.opened_on, family.closed_on, _day(family.updated_at)]
        latest[family.pk] = max(d for d in days if d is not None)
    ids = list(latest)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        for model, columns in ACTIVITY:
            maxima = {column: Max(column) for column in columns}
            rows = (
                model.objects.filter(family_id__in=batch)
                .values_list("family_id")
                .annotate(**maxima)
            )
            for family_id, *moments in rows:
                for moment in moments:
                    day = _day(moment)
                    if day is not None and day > latest[family_id]:
                        latest[family_id] = day
    return latest


def _without_programme(
    files: QuerySet[Family], months: int, on: datetime.date
) -> Iterator[DueFile]:
    cutoff = add_months(on, -months) + MARGIN
    opened_by = Exists(
        Referral.objects.filter(family=OuterRef("pk"), direction=Referral.Direction.IN)
    ) | Exists(Contact.objects.filter(family=OuterRef("pk")))
    candidates = list(
        files.filter(_no_programme_led(), opened_by, _quiet_since(cutoff)).only(
            "pk", "organisation_id", "opened_on", "closed_on", "updated_at"
        )
    )
    latest = last_activity(candidates)
    for family in candidates:
        since = latest[family.pk]
        yield DueFile(
            family.pk,
            family.organisation_id,
            RetentionRule.NO_PROGRAMME,
            since,
            add_months(since, months),
        )


Finder = Callable[[QuerySet[Family], int, datetime.date], Iterator[DueFile]]
# In this order: on the same day, the more specific rule names the file.
RULES: tuple[tuple[str, Finder], ...] = (
    (RetentionRule.DECLINED, _declined),
    (RetentionRule.NO_PROGRAMME, _without_programme),
    (RetentionRule.CLOSED, _closed),
)


def files_due(
    organisation_id: UUID,
    *,
    on: datetime.date,
    family_ids: Iterable[UUID] | None = None,
    restricted: bool = False,
) -> list[DueFile]:
    """The organisation's files whose period ends on or before ``on``, each under the rule
    that makes it due first; soonest first.

    A file whose processing is restricted (art. 18) is kept, also past its period: the
    family may need it (art. 18(1)(c)). ``restricted=True`` lists those instead.
    """
    months = policy_months(organisation_id)
    files = Family.objects.filter(
        organisation_id=organisation_id, restricted_processing=restricted
    ).exclude(status=Family.Status.ANONYMISED)
    if family_ids is not None:
        files = files.filter(pk__in=list(family_ids))
    found: dict[UUID, DueFile] = {}
    for rule, finder in RULES:
        for due in finder(files, months[rule], on):
            current = found.get(due.family_id)
            if due.due_on <= on and (current is None or due.due_on < current.due_on):
                found[due.family_id] = due
    return sorted(found.values(), key=lambda d: (d.due_on, str(d.family_id)))


def organisations_with_files() -> list[UUID]:
    """Every organisation with a file that still holds personal data."""
    ids = (
        Family.objects.exclude(status=Family.Status.ANONYMISED)
        .order_by("organisation_id")
        .values_list("organisation_id", flat=True)
        .distinct()
    )
    return list(ids)


def all_files_due(on: datetime.date) -> list[DueFile]:
    return [due for org in organisations_with_files() for due in files_due(org, on=on)]
