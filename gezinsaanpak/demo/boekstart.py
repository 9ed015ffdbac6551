"""BoekStart demo: two consultatiebureaus, a year of weekly sessions for coach@demo.nl,
numbered vouchers (some redeemed), and a few parents who wanted follow-up."""

from __future__ import annotations

import datetime
import random

from faker import Faker

from accounts.models import Organisation, User
from gezinsaanpak.models import BoekStartSession, Contact, Location, Voucher
from gezinsaanpak.models.boekstart import TOPIC_FIELDS
from gezinsaanpak.services import boekstart as services
from gezinsaanpak.validation import clean_phone

# name, municipality code
LOCATIONS = (
    ("Consultatiebureau Kerkrade-West", "GM0928"),
    ("Consultatiebureau Brunssum-Noord", "GM0899"),
)
WEEKS = 52
PICKUP = 0.4  # about the national pickup rate of numbered vouchers


def _locations(coordinator: User, partner: Organisation | None) -> list[Location]:
    organisation = coordinator.organisation
    assert organisation is not None  # noqa: S101 - demo users all have one
    found = []
    for name, code in LOCATIONS:
        location = Location.objects.filter(organisation=organisation, name=name).first()
        if location is None:
            location = services.location_save(
                actor=coordinator,
                data={
                    "name": name,
                    "municipality": organisation.municipalities.get(code=code),
                    "partner": partner,
                },
            )
        found.append(location)
    return found


def _counts(rng: random.Random) -> dict[str, int]:
    talks = rng.randint(4, 14)
    counts = {name: rng.randint(0, talks) for name in TOPIC_FIELDS}
    counts["topic_reading_aloud"] = rng.randint(talks // 2, talks)
    vouchers = rng.randint(1, max(1, talks // 2))
    return {
        "conversations": talks,
        **counts,
        "vouchers_handed_out": vouchers,
        "koffertjes": rng.randint(0, vouchers),
        "invited_to_library": rng.randint(0, talks),
    }


def _sessions(coach: User, locations: list[Location], rng: random.Random) -> None:
    today = datetime.date.today()
    number = 0
    for week in range(WEEKS, 0, -1):
        day = today - datetime.timedelta(weeks=week)
        day -= datetime.timedelta(days=(day.weekday() - 1) % 7)  # the Tuesday consultation
        location = locations[week % 2]
        counts = _counts(rng)
        numbers = [f"BS{2600 + number + i:05d}" for i in range(counts["vouchers_handed_out"])]
        number += len(numbers)
        session = services.session_log(
            actor=coach, location=location, date=day, counts=counts, voucher_numbers=numbers
        )
        for voucher in session.vouchers.all():
            if rng.random() < PICKUP:
                voucher.redeemed_on = min(today, day + datetime.timedelta(days=rng.randint(3, 60)))
                voucher.save(update_fields=["redeemed_on"])


def _contacts(coach: User, fake: Faker, rng: random.Random) -> None:
    sessions = list(BoekStartSession.objects.filter(coach=coach).order_by("-date")[:5])
    for index, session in enumerate(sessions):
        contact = services.contact_register(
            actor=coach,
            session=session,
            confirm_not_duplicate=True,
            data={
                "given_name": fake.first_name_female(),
                "family_name": fake.last_name(),
                "relation": "mother",
                "phone": clean_phone(f"06{rng.randint(20000000, 29999999)}"),
                "municipality": session.location.municipality,
                "languages": rng.choice([["ar", "nl"], ["pl"], ["tr", "nl"], ["nl"]]),
                "child_given_name": fake.first_name(),
                "child_date_of_birth": session.date - datetime.timedelta(days=rng.randint(60, 150)),
            },
        )
        if index % 2 == 0:
            services.contact_handover(actor=coach, contact=contact)
        # Dated on the session's day, as if registered then (created_at is set on insert).
        moment = datetime.datetime.combine(session.date, datetime.time(10, 30), datetime.UTC)
        handed_over = moment + datetime.timedelta(hours=2) if index % 2 == 0 else None
        Contact.objects.filter(pk=contact.pk).update(created_at=moment, handed_over_at=handed_over)


def seed_boekstart(users: dict[str, User], organisations: dict[str, Organisation]) -> bool:
    """Create the BoekStart demo once; True when it was made this run."""
    coach = users["coach@demo.nl"]
    coordinator = users["coordinator@demo.nl"]
    locations = _locations(coordinator, organisations.get("JGZ Demo"))
    if (
        BoekStartSession.objects.filter(coach=coach).exists()
        or Voucher.objects.filter(organisation=coach.organisation).exists()
    ):
        return False
    fake = Faker("nl_NL")
    fake.seed_instance(7)
    rng = random.Random(7)
    _sessions(coach, locations, rng)
    _contacts(coach, fake, rng)
    return True
