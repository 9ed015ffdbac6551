"""Demo organisations, municipalities and one login per role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from faker import Faker

from accounts.models import Invitation, Municipality, Organisation, Role, User
from gezinsaanpak.models import VolunteerProfile
from gezinsaanpak.services.team import token_hash

DEMO_PASSWORD = "demo-wachtwoord-2026"  # noqa: S105 - published in the README on purpose

MUNICIPALITIES = {
    "GM0928": "Kerkrade",
    "GM0899": "Brunssum",
    "GM0917": "Heerlen",
}


@dataclass(frozen=True)
class DemoOrganisation:
    name: str
    kind: str
    partner_type: str = ""
    municipality_codes: tuple[str, ...] = ()


LIBRARY = DemoOrganisation("Bibliotheek Demo", Organisation.Kind.LIBRARY, "", ("GM0928", "GM0899"))
ELSEWHERE = DemoOrganisation("Bibliotheek Elders", Organisation.Kind.LIBRARY, "", ("GM0917",))
JGZ = DemoOrganisation(
    "JGZ Demo", Organisation.Kind.PARTNER, Organisation.PartnerType.JGZ, ("GM0928", "GM0899")
)
TAALHUIS = DemoOrganisation(
    "Taalhuis Demo", Organisation.Kind.PARTNER, Organisation.PartnerType.TAALHUIS, ("GM0928",)
)
SCHOOL = DemoOrganisation(
    "Basisschool De Regenboog",
    Organisation.Kind.PARTNER,
    Organisation.PartnerType.SCHOOL,
    ("GM0928",),
)
KINDEROPVANG = DemoOrganisation(
    "Kinderopvang Het Speelhuis",
    Organisation.Kind.PARTNER,
    Organisation.PartnerType.KINDEROPVANG,
    ("GM0899",),
)
# Aggregates only: a gemeente's policy officer and a regional VoorleesExpress organisation.
GEMEENTE = DemoOrganisation("Gemeente Kerkrade", Organisation.Kind.MUNICIPALITY, "", ("GM0928",))
REGION = DemoOrganisation("Regio Demo", Organisation.Kind.REGIONAL)
REGION_MEMBERS = (LIBRARY, ELSEWHERE)
ORGANISATIONS = (LIBRARY, ELSEWHERE, JGZ, TAALHUIS, SCHOOL, KINDEROPVANG, GEMEENTE, REGION)

# e-mail, role, organisation
USERS: tuple[tuple[str, str, DemoOrganisation], ...] = (
    ("coordinator@demo.nl", Role.COORDINATOR, LIBRARY),
    ("specialist@demo.nl", Role.SPECIALIST, LIBRARY),
    ("coach@demo.nl", Role.COACH, LIBRARY),
    ("vrijwilliger@demo.nl", Role.VOLUNTEER, LIBRARY),
    ("vrijwilliger2@demo.nl", Role.VOLUNTEER, LIBRARY),
    ("privacy@demo.nl", Role.PRIVACY_OFFICER, LIBRARY),
    ("admin@demo.nl", Role.ADMIN, LIBRARY),
    # Partners' own logins (the web form at /partner/, for partners without software)
    ("partner@jgz-demo.nl", Role.PARTNER, JGZ),
    ("leerkracht@school-demo.nl", Role.PARTNER, SCHOOL),
    ("pm@kinderopvang-demo.nl", Role.PARTNER, KINDEROPVANG),
    ("taalhuis@taalhuis-demo.nl", Role.PARTNER, TAALHUIS),
    ("buiten@elders.nl", Role.SPECIALIST, ELSEWHERE),
    # Figures only (/reports/): Kerkrade's policy officer, the region's coordinator
    ("gemeente@kerkrade.nl", Role.MUNICIPALITY, GEMEENTE),
    ("regio@demo.nl", Role.REGIONAL, REGION),
)


def seed_municipalities() -> dict[str, Municipality]:
    return {
        code: Municipality.objects.update_or_create(code=code, defaults={"name": name})[0]
        for code, name in MUNICIPALITIES.items()
    }


def seed_organisations() -> dict[str, Organisation]:
    municipalities = seed_municipalities()
    result = {}
    for spec in ORGANISATIONS:
        organisation, _ = Organisation.objects.update_or_create(
            name=spec.name, defaults={"kind": spec.kind, "partner_type": spec.partner_type}
        )
        organisation.municipalities.set([municipalities[c] for c in spec.municipality_codes])
        result[spec.name] = organisation
    Organisation.objects.filter(name=LIBRARY.name).update(**LIBRARY_CONTACTS)
    result[REGION.name].member_libraries.set([result[m.name] for m in REGION_MEMBERS])
    return result


# The demo library's own addresses: its intake mailbox, and the controller and data
# protection officer the processing register names.
LIBRARY_CONTACTS = {
    "intake_email": "intake@bibliotheek-demo.nl",
    "controller_name": "Stichting Bibliotheek Demo",
    "controller_contact": "Markt 1, 6461 EC Kerkrade · info@bibliotheek-demo.nl",
    "dpo_name": "Functionaris gegevensbescherming Bibliotheek Demo",
    "dpo_email": "fg@bibliotheek-demo.nl",
}


def seed_users(organisations: dict[str, Organisation]) -> dict[str, User]:
    fake = Faker("nl_NL")
    fake.seed_instance(2026)
    users = {}
    for email, role, spec in USERS:
        name = fake.name()
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email,
                DEMO_PASSWORD,
                name=name,
                role=role,
                organisation=organisations[spec.name],
                is_staff=role == Role.ADMIN,
                is_superuser=role == Role.ADMIN,
            )
        users[email] = user
    return users


# A colleague invited but not yet joined: the team page shows "invitation pending", and the
# link below (published on purpose, like the demo password) sets their password, once.
INVITED_EMAIL = "uitgenodigd@demo.nl"
DEMO_INVITATION_TOKEN = "demo-uitnodiging-2026"  # noqa: S105 - a demo link, in the README


def seed_invitation(users: dict[str, User]) -> Invitation | None:
    """One pending invitation (a volunteer, with their profile); None when it exists already."""
    if User.objects.filter(email=INVITED_EMAIL).exists():
        return None
    coordinator = users["coordinator@demo.nl"]
    member = User(
        email=INVITED_EMAIL,
        name="Ilse Uitgenodigd",
        organisation=coordinator.organisation,
        role=Role.VOLUNTEER,
    )
    member.set_unusable_password()
    member.full_clean()
    member.save()
    VolunteerProfile.objects.create(user=member)
    now = timezone.now()
    return Invitation.objects.create(
        user=member,
        token_hash=token_hash(DEMO_INVITATION_TOKEN),
        invited_by=coordinator,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
