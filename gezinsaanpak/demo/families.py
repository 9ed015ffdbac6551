"""About 200 demo families in the two demo municipalities, some closed, plus a few elsewhere."""

from __future__ import annotations

import datetime
import random

from faker import Faker

from accounts.models import Organisation, User
from gezinsaanpak.models import Family
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import families as services
from gezinsaanpak.validation import clean_phone, clean_postcode

DEMO_FAMILIES = 200
ELSEWHERE_FAMILIES = 12
HOME_LANGUAGES = [["nl"], ["ar", "nl"], ["tr", "nl"], ["pl"], ["ti"], ["uk"], ["so", "nl"], ["li"]]
MOBILE_PREFIXES = ["12", "13", "14", "15", "20", "21", "22", "23", "24", "28", "38", "41", "51"]
CLOSE_REASONS = ["completed", "moved", "no_contact", "declined"]


def _family_data(fake: Faker, rng: random.Random, organisation: Organisation) -> dict[str, object]:
    languages = rng.choice(HOME_LANGUAGES)
    return {
        "municipality": rng.choice(list(organisation.municipalities.all())),
        "postcode": clean_postcode(
            f"{rng.randint(6400, 6499)}{fake.random_uppercase_letter()}"
            f"{fake.random_uppercase_letter()}"
        ),
        "house_number": str(rng.randint(1, 180)),
        "street": fake.street_name(),
        "city": fake.city(),
        "phone": clean_phone(f"06{rng.choice(MOBILE_PREFIXES)}{rng.randint(100000, 999999)}"),
        "email": fake.free_email() if rng.random() < 0.6 else "",
        "home_languages": languages,
        "reading_languages": languages[:1],
        "notes": fake.sentence(nb_words=12) if rng.random() < 0.5 else "",
    }


def _members(
    fake: Faker, rng: random.Random
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    family_name = fake.last_name()
    caregivers = [
        {
            "given_name": fake.first_name_female(),
            "family_name": family_name,
            "relation": "mother",
            "legal_authority": True,
            "languages": [],
        }
    ]
    if rng.random() < 0.5:
        caregivers.append(
            {
                "given_name": fake.first_name_male(),
                "family_name": family_name,
                "relation": "father",
                "legal_authority": True,
                "languages": [],
            }
        )
    today = datetime.date.today()
    children = [
        {
            "given_name": fake.first_name(),
            "date_of_birth": today - datetime.timedelta(days=rng.randint(60, 8 * 365)),
        }
        for _ in range(rng.randint(1, 3))
    ]
    return caregivers, children


STATUSES = [Family.Status.ACTIVE] * 5 + [Family.Status.INTAKE] * 2 + [Family.Status.REFERRED]


def _register(actor: User, fake: Faker, rng: random.Random) -> Family:
    organisation = actor.organisation
    assert organisation is not None  # noqa: S101 - demo users all have one
    caregivers, children = _members(fake, rng)
    family = services.family_create(
        actor=actor,
        data=_family_data(fake, rng, organisation),
        caregivers=caregivers,
        children=children,
        status=rng.choice(STATUSES),
    )
    family.opened_on = datetime.date.today() - datetime.timedelta(days=rng.randint(0, 700))
    family.save(update_fields=["opened_on"])
    parent = family.caregivers.first()
    if parent is not None and rng.random() < 0.8:
        consent_services.consent_record(
            actor=actor,
            family=family,
            given_by=parent,
            purpose=Purpose.REGISTRATION,
            text_version="2026-1",
            method="written",
        )
    return family


def seed_families(users: dict[str, User]) -> int:
    """Create the demo families once; returns how many were made this run."""
    specialist = users["specialist@demo.nl"]
    coordinator = users["coordinator@demo.nl"]
    elsewhere = users["buiten@elders.nl"]
    if Family.objects.filter(organisation=specialist.organisation).exists():
        return 0
    fake = Faker("nl_NL")
    fake.seed_instance(4)
    rng = random.Random(4)
    made = 0
    for number in range(DEMO_FAMILIES):
        actor = specialist if number % 4 == 0 else coordinator
        family = _register(actor, fake, rng)
        if number % 7 == 3 and family.status == Family.Status.ACTIVE:
            services.family_set_status(
                actor=coordinator,
                family=family,
                status=Family.Status.CLOSED,
                close_reason=rng.choice(CLOSE_REASONS),
            )
        made += 1
    for _ in range(ELSEWHERE_FAMILIES):
        _register(elsewhere, fake, rng)
        made += 1
    return made
