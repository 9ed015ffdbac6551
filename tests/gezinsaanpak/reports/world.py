"""A hand-counted world for the GGG figures: one library (Kerkrade, Brunssum), one elsewhere.

The expected numbers of ``test_figures.py`` are counted by hand from what is made here;
the period is the calendar year 2025.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import Municipality, Organisation, Role
from gezinsaanpak.models import (
    BoekStartSession,
    Contact,
    Placement,
    Referral,
    Visit,
    VolunteerProfile,
)
from gezinsaanpak.models.boekstart import Voucher
from tests.factories import (
    FamilyFactory,
    LibraryFactory,
    LocationFactory,
    PartnerOrganisationFactory,
    UserFactory,
)

D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def build() -> dict[str, Any]:
    kerkrade = Municipality.objects.create(code="GM0928", name="Kerkrade")
    brunssum = Municipality.objects.create(code="GM0899", name="Brunssum")
    heerlen = Municipality.objects.create(code="GM0917", name="Heerlen")
    library = LibraryFactory(name="Bibliotheek Demo", municipalities=[kerkrade, brunssum])
    elsewhere = LibraryFactory(name="Bibliotheek Elders", municipalities=[heerlen])
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR)
    coach = UserFactory(organisation=library, role=Role.COACH)
    v1, v2, v3 = (UserFactory(organisation=library, role=Role.VOLUNTEER) for _ in range(3))

    def family(
        municipality: Municipality,
        opened: datetime.date,
        closed: datetime.date | None = None,
        org: Organisation = library,
    ) -> Any:
        return FamilyFactory(
            organisation=org, municipality=municipality, opened_on=opened, closed_on=closed
        )

    f1 = family(kerkrade, D(2025, 1, 10))
    f2 = family(kerkrade, D(2025, 2, 5), D(2025, 3, 1))
    f3 = family(brunssum, D(2024, 6, 1), D(2025, 1, 15))
    family(kerkrade, D(2024, 3, 1), D(2024, 12, 31))  # not active in 2025
    family(kerkrade, D(2026, 1, 2))  # after the period
    f6 = family(heerlen, D(2025, 5, 5), org=elsewhere)

    def placement(fam: Any, **fields: Any) -> Placement:
        return Placement.objects.create(organisation=fam.organisation, family=fam, **fields)

    p1 = placement(
        f1,
        sign_up_date=D(2025, 1, 20),
        referral_source="school",
        status="completed",
        volunteer=v1,
        start_date=D(2025, 3, 3),
        end_date=D(2025, 8, 1),
    )
    p2 = placement(
        f2,
        sign_up_date=D(2025, 2, 10),
        referral_source="jgz",
        status="stopped",
        stop_reason="moved",
        volunteer=v2,
        start_date=D(2025, 4, 1),
        end_date=D(2025, 5, 1),
    )
    placement(f3, sign_up_date=D(2025, 11, 1), referral_source="school")
    placement(f1, sign_up_date=D(2024, 12, 1))
    p5 = placement(
        f1,
        kind="nazorg",
        follows=p1,
        status="completed",
        volunteer=v1,
        sign_up_date=D(2025, 8, 1),
        start_date=D(2025, 9, 1),
        end_date=D(2025, 11, 1),
    )
    placement(f6, sign_up_date=D(2025, 3, 3), referral_source="school")  # elsewhere
    for day, status in (
        (D(2025, 3, 3), "held"),
        (D(2025, 4, 7), "held"),
        (D(2025, 5, 5), "held"),
        (D(2025, 5, 12), "cancelled_family"),
    ):
        Visit.objects.create(placement=p1, date=day, status=status)
    Visit.objects.create(placement=p2, date=D(2025, 4, 1), status="held")
    Visit.objects.create(placement=p5, date=D(2025, 9, 15), status="held")
    Visit.objects.create(placement=p1, date=D(2024, 12, 1), status="held")  # before the period

    for user, issued in ((v1, D(2022, 12, 15)), (v2, D(2023, 2, 1)), (v3, D(2023, 6, 1))):
        VolunteerProfile.objects.create(user=user, vog_issued_on=issued, vog_checked_by=coordinator)

    in_kerkrade = LocationFactory(organisation=library, municipality=kerkrade, name="CB Kerkrade")
    in_brunssum = LocationFactory(organisation=library, municipality=brunssum, name="CB Brunssum")

    def session(location: Any, day: datetime.date, **counts: int) -> BoekStartSession:
        return BoekStartSession.objects.create(
            organisation=library, coach=coach, location=location, date=day, **counts
        )

    s1 = session(
        in_kerkrade,
        D(2025, 1, 8),
        conversations=10,
        vouchers_handed_out=6,
        koffertjes=2,
        invited_to_library=3,
        topic_reading_aloud=4,
    )
    session(
        in_kerkrade,
        D(2025, 2, 12),
        conversations=7,
        vouchers_handed_out=2,
        koffertjes=1,
        invited_to_library=1,
        topic_reading_aloud=2,
    )
    s3 = session(in_brunssum, D(2025, 2, 20), conversations=5, vouchers_handed_out=1)
    session(in_kerkrade, D(2024, 12, 20), conversations=9, vouchers_handed_out=9)

    for number, location, issued, redeemed in (
        ("A1", in_kerkrade, D(2025, 1, 8), D(2025, 2, 1)),
        ("A2", in_kerkrade, D(2025, 1, 8), None),
        ("A3", in_brunssum, D(2025, 2, 20), D(2025, 3, 1)),
        ("A4", in_kerkrade, D(2024, 12, 20), D(2025, 1, 5)),
    ):
        Voucher.objects.create(
            organisation=library,
            number=number,
            location=location,
            issued_on=issued,
            redeemed_on=redeemed,
        )

    c1 = Contact.objects.create(
        organisation=library, coach=coach, session=s1, family=f1, handed_over_at=_at(D(2025, 1, 20))
    )
    c2 = Contact.objects.create(organisation=library, coach=coach, session=s3, family=f3)
    Contact.objects.filter(pk=c1.pk).update(created_at=_at(D(2025, 1, 8)))
    Contact.objects.filter(pk=c2.pk).update(created_at=_at(D(2025, 2, 20)))

    jgz = PartnerOrganisationFactory(partner_type="jgz")
    school = PartnerOrganisationFactory(partner_type="school")
    taalhuis = PartnerOrganisationFactory(partner_type="taalhuis")

    def referral(direction: str, partner: Any, fam: Any, status: str, day: datetime.date) -> None:
        Referral.objects.create(
            direction=direction,
            organisation=library,
            partner=partner,
            family=fam,
            via="web",
            reason_code="other",
            status=status,
            created_at=_at(day),
        )

    referral("in", jgz, f1, "accepted", D(2025, 1, 5))
    referral("in", school, f2, "declined", D(2025, 2, 5))
    referral("in", jgz, f3, "submitted", D(2025, 3, 1))
    referral("in", jgz, f1, "completed", D(2024, 11, 1))
    referral("out", taalhuis, f1, "contact_made", D(2025, 3, 1))
    referral("out", taalhuis, f2, "no_contact", D(2025, 4, 1))
    referral("out", taalhuis, f3, "submitted", D(2025, 5, 1))
    referral("out", taalhuis, f1, "completed", D(2025, 6, 1))
    return {
        "library": library,
        "elsewhere": elsewhere,
        "coordinator": coordinator,
        "kerkrade": kerkrade,
        "brunssum": brunssum,
    }
