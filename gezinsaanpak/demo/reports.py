"""Two years of history for the figures (/reports/): families, placements and visits,
BoekStart sessions and vouchers, referrals in and out, in Kerkrade and Brunssum.

Older files are closed or anonymised, as retention would leave them: statistics only, no
names. Made once; skipped when the history is there.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts.models import Organisation, Role, User
from gezinsaanpak.models import BoekStartSession, Family, Placement, Referral, Visit
from gezinsaanpak.models.boekstart import Location, Voucher
from gezinsaanpak.models.placement import ReferralSource

from .accounts import ELSEWHERE, JGZ, KINDEROPVANG, LIBRARY, SCHOOL, TAALHUIS

MONTHS = 24
SOURCES = [c for c, _l in ReferralSource.choices]
STOPS = ["family", "moved", "volunteer", "no_contact", "other"]


def _months_ago(today: datetime.date, n: int) -> datetime.date:
    index = today.year * 12 + today.month - 1 - n
    return datetime.date(index // 12, index % 12 + 1, 1)


def _day(first: datetime.date, rng: random.Random) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, 27))


def seed_report_history(users: dict[str, User], organisations: dict[str, Organisation]) -> int:
    library = organisations[LIBRARY.name]
    today = timezone.localdate()
    start = _months_ago(today, MONTHS)
    if Family.objects.filter(organisation=library, opened_on__lt=start).exists():
        return 0
    rng = random.Random(15)
    families = _families(library, organisations[ELSEWHERE.name], today, rng)
    placements = _placements(library, users, families, today, rng)
    _boekstart(library, users["coach@demo.nl"], today, rng)
    _referrals(library, organisations, families, today, rng)
    return placements


def _families(
    library: Organisation, elsewhere: Organisation, today: datetime.date, rng: random.Random
) -> list[Family]:
    municipalities = {m.code: m for m in library.municipalities.all()}
    made = []
    for n in range(MONTHS, 0, -1):
        first = _months_ago(today, n)
        for code, count in (("GM0928", rng.randint(7, 13)), ("GM0899", rng.randint(4, 8))):
            for _ in range(count):
                opened = _day(first, rng)
                closed = opened + datetime.timedelta(days=rng.randint(60, 300))
                status = "anonymised" if closed < today - datetime.timedelta(days=365) else "closed"
                made.append(
                    Family(
                        organisation=library,
                        municipality=municipalities[code],
                        status=status if closed < today else "active",
                        opened_on=opened,
                        closed_on=closed if closed < today else None,
                        close_reason="completed" if closed < today else "",
                    )
                )
    heerlen = elsewhere.municipalities.first()
    made += (
        [
            Family(
                organisation=elsewhere,
                municipality=heerlen,
                status="closed",
                opened_on=_day(_months_ago(today, n), rng),
                closed_on=today - datetime.timedelta(days=1),
                close_reason="completed",
            )
            for n in range(MONTHS, 0, -1)
            for _ in range(rng.randint(5, 9))
        ]
        if heerlen
        else []
    )
    return Family.objects.bulk_create(made)


def _placements(
    library: Organisation,
    users: dict[str, User],
    families: list[Family],
    today: datetime.date,
    rng: random.Random,
) -> int:
    volunteers = [
        u for u in users.values() if u.role == Role.VOLUNTEER and u.organisation_id == library.pk
    ]
    ours = [f for f in families if f.organisation_id == library.pk]
    placements, visits = [], []
    for family in rng.sample(ours, k=min(len(ours), 110)):
        signed = family.opened_on + datetime.timedelta(days=rng.randint(0, 20))
        begin = signed + datetime.timedelta(days=rng.randint(30, 120))
        begin += datetime.timedelta(days=(7 - begin.weekday()) % 7)
        stopped = rng.random() < 0.2
        end = begin + datetime.timedelta(weeks=rng.randint(3, 10) if stopped else 20)
        if end >= today:
            continue
        placement = Placement(
            organisation=library,
            family=family,
            volunteer=rng.choice(volunteers),
            status="stopped" if stopped else "completed",
            stop_reason=rng.choice(STOPS) if stopped else "",
            referral_source=rng.choice(SOURCES),
            sign_up_date=signed,
            weekday=begin.weekday(),
            visit_time=datetime.time(15),
            start_date=begin,
            end_date=end,
        )
        placements.append(placement)
        day = begin
        while day < end:
            held = rng.random() < 0.88
            visits.append(
                Visit(
                    placement=placement,
                    date=day,
                    status="held" if held else "cancelled_family",
                    minutes=60 if held else None,
                    parent_present=held and rng.random() < 0.7,
                )
            )
            day += datetime.timedelta(weeks=1)
    Placement.objects.bulk_create(placements)
    Visit.objects.bulk_create(visits)
    return len(placements)


def _boekstart(
    library: Organisation, coach: User, today: datetime.date, rng: random.Random
) -> None:
    """The year before the BoekStart demo's own year of sessions."""
    locations = list(Location.objects.filter(organisation=library).order_by("name"))
    if not locations:
        return
    sessions, vouchers = [], []
    for week in range(104, 52, -1):
        day = today - datetime.timedelta(weeks=week)
        talks = rng.randint(4, 14)
        handed = rng.randint(1, max(1, talks // 2))
        session = BoekStartSession(
            organisation=library,
            coach=coach,
            location=locations[week % len(locations)],
            date=day,
            conversations=talks,
            topic_reading_aloud=rng.randint(talks // 2, talks),
            vouchers_handed_out=handed,
            koffertjes=rng.randint(0, handed),
            invited_to_library=rng.randint(0, talks),
        )
        sessions.append(session)
        for i in range(handed):
            redeemed = (
                day + datetime.timedelta(days=rng.randint(3, 60)) if rng.random() < 0.35 else None
            )
            vouchers.append(
                Voucher(
                    organisation=library,
                    number=f"BS-H{week:03d}-{i}",
                    location=session.location,
                    session=session,
                    issued_on=day,
                    redeemed_on=redeemed,
                )
            )
    BoekStartSession.objects.bulk_create(sessions)
    Voucher.objects.bulk_create(vouchers)


def _referrals(
    library: Organisation,
    organisations: dict[str, Organisation],
    families: list[Family],
    today: datetime.date,
    rng: random.Random,
) -> None:
    partners = [organisations[p.name] for p in (JGZ, SCHOOL, KINDEROPVANG)]
    taalhuis = organisations[TAALHUIS.name]
    ours = [f for f in families if f.organisation_id == library.pk]
    # Closed history only, so nobody's inbox fills up with them.
    made = []
    for family in rng.sample(ours, k=min(len(ours), 160)):
        at = timezone.make_aware(datetime.datetime.combine(family.opened_on, datetime.time(10)))
        made.append(
            Referral(
                direction="in",
                organisation=library,
                partner=rng.choice(partners),
                family=family,
                via="api",
                reason_code="reading_at_home",
                created_at=at,
                status_changed_at=at,
                status=rng.choice(["completed", "completed", "completed", "declined"]),
            )
        )
    for family in rng.sample(ours, k=min(len(ours), 90)):
        at = timezone.make_aware(
            datetime.datetime.combine(
                family.opened_on + datetime.timedelta(days=20), datetime.time(11)
            )
        )
        if at.date() >= today:
            continue
        made.append(
            Referral(
                direction="out",
                organisation=library,
                partner=taalhuis,
                family=family,
                via="web",
                reason_code="low_literacy_parent",
                created_at=at,
                status_changed_at=at,
                status=rng.choice(
                    ["contact_made", "contact_made", "completed", "no_contact", "received"]
                ),
            )
        )
    Referral.objects.bulk_create(made)
