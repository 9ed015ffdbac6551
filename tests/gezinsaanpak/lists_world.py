"""A library whose lists can be grown: ``grow(world, n)`` adds ``n`` of everything a list shows.

For the statement-count tests (issue 19): each list is measured with 5 rows and again with
50, and must run the same number of statements. Rows are made with bulk inserts where the
services are not the point, so growing by 45 stays quick.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from accounts.models import Organisation, Role, User
from gezinsaanpak import access
from gezinsaanpak.models import (
    AccessEvent,
    BoekStartSession,
    Caregiver,
    Child,
    Concern,
    Consent,
    Contact,
    CoordinatorMeeting,
    Family,
    Location,
    Placement,
    Referral,
    Visit,
    VolunteerProfile,
    Voucher,
)
from tests.factories import (
    LibraryFactory,
    PartnerOrganisationFactory,
    UserFactory,
    VolunteerProfileFactory,
    partner_client,
)

TODAY = datetime.date.today()


@dataclass
class World:
    library: Organisation
    partner_org: Organisation
    client: Any
    people: dict[str, User]
    location: Location
    placement: Placement | None = None  # one placement whose visits and log lines grow
    waiting: Placement | None = None  # one placement on the waiting list (to match)


def world() -> World:
    library = LibraryFactory()
    partner_org = PartnerOrganisationFactory()
    people = {
        role: UserFactory(organisation=library, role=role)
        for role in (
            Role.COORDINATOR,
            Role.SPECIALIST,
            Role.COACH,
            Role.VOLUNTEER,
            Role.PRIVACY_OFFICER,
        )
    }
    people["partner"] = UserFactory(organisation=partner_org, role=Role.PARTNER)
    VolunteerProfileFactory(user=people[Role.VOLUNTEER], vog_checked_by=people[Role.COORDINATOR])
    location = Location.objects.create(
        organisation=library,
        name="Consultatiebureau Noord",
        municipality=library.municipalities.first(),
        partner=partner_org,
    )
    return World(
        library=library,
        partner_org=partner_org,
        client=partner_client(partner_org, library),
        people=people,
        location=location,
    )


def grow(w: World, n: int) -> None:
    """Add ``n`` families with everything hanging from them, ``n`` volunteers, sessions,
    contacts, referrals both ways, team members and visits on one placement."""
    coordinator, specialist = w.people[Role.COORDINATOR], w.people[Role.SPECIALIST]
    coach, volunteer = w.people[Role.COACH], w.people[Role.VOLUNTEER]
    municipality = w.library.municipalities.first()
    families = Family.objects.bulk_create(
        Family(
            organisation=w.library,
            municipality=municipality,
            status=Family.Status.ACTIVE,
            case_owner=specialist,
            postcode="6461AB",
            house_number=str(i),
            street="Markt",
            city="Kerkrade",
            phone="0612345678",
            notes="Aantekening",
        )
        for i in range(n)
    )
    caregivers = Caregiver.objects.bulk_create(
        Caregiver(family=f, given_name="Fatma", family_name="Yilmaz", relation=relation)
        for f in families
        for relation in ("mother", "father")
    )
    children = Child.objects.bulk_create(
        Child(family=f, given_name=name, date_of_birth=datetime.date(2023, 5, 1))
        for f in families
        for name in ("Ayla", "Emir")
    )
    by_family = {c.family_id: c for c in caregivers}
    Consent.objects.bulk_create(
        Consent(
            family=f,
            given_by=by_family[f.pk],
            purpose=purpose,
            partner=w.partner_org if purpose == "share_with_partner" else None,
            text_version="2026-1",
            method="written",
            given_at=timezone.now() - datetime.timedelta(days=30),
            recorded_by=specialist,
        )
        for f in families
        for purpose in ("registration", "ve_participation", "share_with_partner")
    )
    for user in (specialist, volunteer, coach):
        for family in families:
            access.families.grant(user, family)
    placements = Placement.objects.bulk_create(
        Placement(
            organisation=w.library,
            family=f,
            volunteer=volunteer,
            coordinator=coordinator,
            status=Placement.Status.ACTIVE,
            weekday=TODAY.weekday(),
            visit_time=datetime.time(10),
            start_date=TODAY - datetime.timedelta(weeks=3),
            referred_by="school",
        )
        for f in families
    )
    child_of = {c.family_id: c for c in children}
    for placement in placements:
        placement.children.add(child_of[placement.family_id])
    Visit.objects.bulk_create(
        Visit(
            placement=p,
            date=TODAY - datetime.timedelta(weeks=1),
            status=Visit.Status.HELD,
            minutes=60,
            note="Mooi boek",
            logged_by=volunteer,
        )
        for p in placements
    )
    CoordinatorMeeting.objects.bulk_create(
        CoordinatorMeeting(placement=p, moment="start", due_on=TODAY, note="Goed gesprek")
        for p in placements
    )
    Concern.objects.bulk_create(
        Concern(placement=p, raised_by=volunteer, text="Zorg") for p in placements
    )
    if w.placement is None:
        w.placement = placements[0]
    _waiting(w, n)
    Visit.objects.bulk_create(
        Visit(
            placement=w.placement,
            date=TODAY - datetime.timedelta(days=i + 1),
            status=Visit.Status.HELD,
            minutes=45,
            note="Extra",
            logged_by=volunteer,
        )
        for i in range(n)
    )
    now = timezone.now()
    for direction in (Referral.Direction.IN, Referral.Direction.OUT):
        Referral.objects.bulk_create(
            Referral(
                organisation=w.library,
                partner=w.partner_org,
                family=f,
                direction=direction,
                via=Referral.Via.API,
                client=w.client if direction == Referral.Direction.IN else None,
                created_by=None if direction == Referral.Direction.IN else specialist,
                reason_code="language_development",
                reason_text="Weinig boeken thuis",
                status=Referral.Status.SUBMITTED,
                created_at=now,
            )
            for f in families
        )
    sessions = BoekStartSession.objects.bulk_create(
        BoekStartSession(
            organisation=w.library,
            coach=coach,
            location=w.location,
            date=TODAY - datetime.timedelta(days=i),
            conversations=3,
        )
        for i in range(n)
    )
    Voucher.objects.bulk_create(
        Voucher(
            organisation=w.library,
            location=w.location,
            session=s,
            number=f"V{s.pk.hex[:10]}",
            issued_on=s.date,
        )
        for s in sessions
    )
    Contact.objects.bulk_create(
        Contact(
            organisation=w.library,
            coach=coach,
            session=sessions[i],
            family=f,
            handed_over_at=now,
        )
        for i, f in enumerate(families)
    )
    for _ in range(n):
        extra = UserFactory(organisation=w.library, role=Role.VOLUNTEER)
        VolunteerProfile.objects.create(
            user=extra,
            vog_issued_on=TODAY - datetime.timedelta(days=100),
            vog_checked_by=coordinator,
            training_on=TODAY - datetime.timedelta(days=50),
            languages=["nl"],
            area="6461",
            capacity=2,
        )
    _log_lines(w, families)


def _waiting(w: World, n: int) -> None:
    """``n`` families signed up for the VoorleesExpress, on the waiting list."""
    families = Family.objects.bulk_create(
        Family(
            organisation=w.library,
            municipality=w.library.municipalities.first(),
            status=Family.Status.INTAKE,
            postcode="6462CD",
            house_number=str(i),
        )
        for i in range(n)
    )
    Caregiver.objects.bulk_create(
        Caregiver(family=f, given_name="Sanne", family_name="Jansen") for f in families
    )
    children = Child.objects.bulk_create(
        Child(family=f, given_name="Noor", date_of_birth=datetime.date(2022, 3, 1))
        for f in families
    )
    placements = Placement.objects.bulk_create(
        Placement(
            organisation=w.library,
            family=f,
            coordinator=w.people[Role.COORDINATOR],
            status=Placement.Status.WAITING,
            sign_up_date=TODAY - datetime.timedelta(days=40),
        )
        for f in families
    )
    for placement, child in zip(placements, children, strict=True):
        placement.children.add(child)
    if w.waiting is None:
        w.waiting = placements[0]


def _log_lines(w: World, families: list[Family]) -> None:
    """One read line per family, so the access-log lists grow too."""
    from gezinsaanpak.audit import log

    log.record_many(
        actor=w.people[Role.SPECIALIST],
        action="read",
        entries=[log.Entry("family", f.pk, f.pk, ("postcode",)) for f in families],
    )
    assert w.placement is not None
    watched = w.placement.family_id  # its "who viewed this file" grows too
    log.record_many(
        actor=w.people[Role.COORDINATOR],
        action="read",
        entries=[log.Entry("family", watched, watched, ("postcode",)) for _ in families],
    )
    assert AccessEvent.objects.exists()
