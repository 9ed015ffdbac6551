"""Demo work for the privacy officer: files past their retention period, and erasures.

``manage.py apply_retention --dry-run`` has work to show: four files closed more than 24
months ago, one closing within the month (the retention page shows it coming), the pending
file of a partner referral declined four months ago, and a BoekStart parent not seen for
13 months. One family asked for erasure (an open request, identity checked) and one file
was erased last week (its certificate is on *Wisbewijzen*). The schedule's retention job
first runs the next night, so that the dry run still has work after ``make run``.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone
from faker import Faker

from accounts.models import PartnerClient, User
from gezinsaanpak.api.partner_serializers import ReferralInSerializer
from gezinsaanpak.models import (
    Caregiver,
    Child,
    Consent,
    Contact,
    DataSubjectRequest,
    ErasureCertificate,
    Family,
    Referral,
)
from gezinsaanpak.models.job import ScheduledRun
from gezinsaanpak.models.subject_request import add_months
from gezinsaanpak.services import boekstart as boekstart_services
from gezinsaanpak.services import families as family_services
from gezinsaanpak.services import referrals as referral_services
from gezinsaanpak.services.erasure import family_erase
from gezinsaanpak.services.referral_intake import referral_receive
from gezinsaanpak.tasks.schedule import SCHEDULE

from .families import _register
from .referrals import _inbound_payload

CLOSED_MONTHS_AGO = (25, 26, 28, 30)


def _moment(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def _set_back(family: Family, day: datetime.date, *, closed: bool, open_days: int = 0) -> None:
    """As if everything on the file happened on ``day`` (opened ``open_days`` before)."""
    moment = _moment(day)
    Family.objects.filter(pk=family.pk).update(
        opened_on=day - datetime.timedelta(days=open_days),
        closed_on=day if closed else None,
        updated_at=moment,
    )
    Caregiver.objects.filter(family=family).update(created_at=moment)
    Child.objects.filter(family=family).update(created_at=moment)
    Consent.objects.filter(family=family).update(given_at=moment)
    Referral.objects.filter(family=family).update(created_at=moment, status_changed_at=moment)
    Contact.objects.filter(family=family).update(created_at=moment)


def _closed_files(coordinator: User, fake: Faker, rng: random.Random, today: datetime.date) -> int:
    days = [add_months(today, -months) for months in CLOSED_MONTHS_AGO]
    days.append(add_months(today, -24) + datetime.timedelta(days=12))  # closing this month
    for day in days:
        family = _register(coordinator, fake, rng)
        family_services.family_set_status(
            actor=coordinator, family=family, status=Family.Status.CLOSED, close_reason="moved"
        )
        _set_back(family, day, closed=True, open_days=200)
    return len(days)


def _declined_referral(
    client: PartnerClient, coordinator: User, fake: Faker, rng: random.Random, today: datetime.date
) -> None:
    payload = ReferralInSerializer(data=_inbound_payload(fake, rng, client.library))
    payload.is_valid(raise_exception=True)
    referral = referral_receive(client=client, data=payload.validated_data)
    referral_services.referral_handle(
        actor=coordinator,
        referral=referral,
        status=Referral.Status.DECLINED,
        decline_reason="no_capacity",
        feedback="Er is nu geen plek; meld het gezin later gerust opnieuw aan.",
    )
    assert referral.family is not None  # noqa: S101 - an inbound referral opens a file
    _set_back(referral.family, add_months(today, -4), closed=True, open_days=14)


def _idle_contact(coach: User, fake: Faker, today: datetime.date) -> None:
    contact = boekstart_services.contact_register(
        actor=coach,
        data={
            "given_name": fake.first_name_female(),
            "family_name": fake.last_name(),
            "phone": f"06{random.Random(9).randint(20000000, 29999999)}",
            "municipality": coach.organisation.municipalities.order_by("code").first(),  # type: ignore[union-attr]
        },
        confirm_not_duplicate=True,
    )
    _set_back(contact.family, add_months(today, -13), closed=False)


def _quiet_families(officer: User) -> list[Family]:
    """Active files with no placement and no referral: erasing them takes nothing from the
    other demos."""
    return list(
        Family.objects.filter(organisation=officer.organisation, status=Family.Status.ACTIVE)
        .filter(placements__isnull=True, referrals__isnull=True)
        .order_by("opened_on", "id")[:2]
    )


def _request(officer: User, family: Family, received: datetime.date) -> DataSubjectRequest:
    assert officer.organisation is not None  # noqa: S101 - demo users all have one
    request = DataSubjectRequest(
        organisation=officer.organisation,
        family=family,
        kind=DataSubjectRequest.Kind.ERASURE,
        received_on=received,
        description="De moeder vraagt telefonisch om alle gegevens van het gezin te wissen.",
        identity_checked_by=officer,
        identity_checked_on=received,
        identity_method=DataSubjectRequest.IdentityMethod.KNOWN_CONTACT,
        status=DataSubjectRequest.Status.IN_PROGRESS,
    )
    request.full_clean()
    request.save()
    return request


def _erasures(officer: User, today: datetime.date) -> None:
    to_erase, to_ask = _quiet_families(officer)
    done = _request(officer, to_erase, today - datetime.timedelta(days=9))
    family_erase(actor=officer, family_id=to_erase.pk, request_id=done.pk, confirm=True)
    ErasureCertificate.objects.filter(request=done).update(
        erased_at=_moment(today - datetime.timedelta(days=7))
    )
    done.status, done.outcome = DataSubjectRequest.Status.CLOSED, DataSubjectRequest.Outcome.GRANTED
    done.closed_on, done.handled_by = today - datetime.timedelta(days=7), officer
    done.save()
    _request(officer, to_ask, today - datetime.timedelta(days=3))


def seed_retention(users: dict[str, User], clients: dict[str, PartnerClient]) -> bool:
    """Create the retention and erasure demo once; True when it was made this run."""
    officer = users["privacy@demo.nl"]
    if ErasureCertificate.objects.filter(organisation=officer.organisation).exists():
        return False
    fake = Faker("nl_NL")
    fake.seed_instance(14)
    rng = random.Random(14)
    today = timezone.localdate()
    _closed_files(users["coordinator@demo.nl"], fake, rng, today)
    _declined_referral(clients["jgz-demo"], users["coordinator@demo.nl"], fake, rng, today)
    _idle_contact(users["coach@demo.nl"], fake, today)
    _erasures(officer, today)
    _first_retention_run_tonight()
    return True


def _first_retention_run_tonight() -> None:
    """A new demo has work for ``apply_retention --dry-run``: the scheduler would otherwise
    catch up today's missed slot at its first start and anonymise it all at once."""
    entry = next(e for e in SCHEDULE if e.name == "apply_retention")
    ScheduledRun.objects.get_or_create(name=entry.name, slot=entry.when.slot(timezone.now()))
