"""Files in every retention situation, with dates set back as time would have set them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accounts.models import User
from gezinsaanpak.models import (
    BoekStartSession,
    Caregiver,
    Child,
    Consent,
    Contact,
    Family,
    Placement,
    Referral,
    Visit,
    Voucher,
)
from gezinsaanpak.models.subject_request import add_months
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory, LocationFactory

TODAY = datetime.date.today()


def months_ago(months: int, days: int = 0) -> datetime.date:
    return add_months(TODAY, -months) - datetime.timedelta(days=days)


def moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


def _backdate(family: Family, day: datetime.date) -> None:
    """Everything of the file happened on ``day`` (auto_now fields included)."""
    Family.objects.filter(pk=family.pk).update(
        opened_on=min(day, family.opened_on), updated_at=moment(day)
    )
    Caregiver.objects.filter(family=family).update(created_at=moment(day))
    Child.objects.filter(family=family).update(created_at=moment(day))
    Consent.objects.filter(family=family).update(given_at=moment(day))


def _file(library: Any, status: str, **extra: Any) -> Family:
    family = FamilyFactory(organisation=library, status=status, **extra)
    parent = CaregiverFactory(family=family)
    ChildFactory(family=family)
    Consent.objects.create(
        family=family, given_by=parent, purpose="registration", text_version="1", method="written"
    )
    return family


def closed_file(library: Any, closed_on: datetime.date) -> Family:
    family = _file(library, "closed", closed_on=closed_on, close_reason="moved")
    _backdate(family, closed_on)
    return family


def declined_file(library: Any, partner: Any, declined_on: datetime.date) -> Family:
    family = _file(library, "closed", closed_on=declined_on, close_reason="not_eligible")
    Referral.objects.create(
        direction="in",
        organisation=library,
        partner=partner,
        family=family,
        via="api",
        reason_code="other",
        status="declined",
        decline_reason="outside_area",
        created_at=moment(declined_on - datetime.timedelta(days=10)),
        status_changed_at=moment(declined_on),
    )
    _backdate(family, declined_on)
    return family


def contact_file(library: Any, coach: User, last_seen: datetime.date, **extra: Any) -> Family:
    family = _file(library, "referred", **extra)
    contact = Contact.objects.create(organisation=library, coach=coach, family=family)
    Contact.objects.filter(pk=contact.pk).update(created_at=moment(last_seen))
    _backdate(family, last_seen)
    return family


@dataclass
class RetentionWorld:
    closed_long_ago: Family
    closed_recently: Family
    closing_soon: Family
    declined_long_ago: Family
    declined_recently: Family
    idle_contact: Family
    busy_contact: Family
    placed_contact: Family
    active: Family


def retention_world(library: Any, partner: Any, coach: User, coordinator: User) -> RetentionWorld:
    placed = contact_file(library, coach, months_ago(20))
    placement = Placement.objects.create(
        organisation=library,
        family=placed,
        status="completed",
        coordinator=coordinator,
        start_date=months_ago(30),
        end_date=months_ago(25),
    )
    Visit.objects.create(
        placement=placement, date=months_ago(26), status="held", minutes=55, books=2
    )
    return RetentionWorld(
        closed_long_ago=closed_file(library, months_ago(25)),
        closed_recently=closed_file(library, months_ago(6)),
        closing_soon=closed_file(library, months_ago(24, days=-10)),  # due in 10 days
        declined_long_ago=declined_file(library, partner, months_ago(4)),
        declined_recently=declined_file(library, partner, months_ago(1)),
        idle_contact=contact_file(library, coach, months_ago(13)),
        busy_contact=contact_file(library, coach, months_ago(2)),
        placed_contact=placed,
        active=_file(library, "active"),
    )


def boekstart_tallies(library: Any, coach: User) -> None:
    """Sessions and vouchers: the figures that must not move."""
    location = LocationFactory(organisation=library)
    for days in (5, 40, 400):
        session = BoekStartSession.objects.create(
            organisation=library,
            coach=coach,
            location=location,
            date=TODAY - datetime.timedelta(days=days),
            conversations=6,
            topic_reading_aloud=3,
            vouchers_handed_out=2,
            koffertjes=1,
        )
        Voucher.objects.create(
            organisation=library,
            number=f"BS-{days}",
            location=location,
            session=session,
            issued_on=session.date,
            redeemed_on=session.date if days > 30 else None,
        )
