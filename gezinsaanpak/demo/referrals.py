"""Demo partner API clients and referrals in every state, in and out."""

from __future__ import annotations

import datetime
import random

from faker import Faker
from oauth2_provider.models import Application

from accounts.models import Organisation, PartnerClient, User
from accounts.partner_clients import partner_client_create
from gezinsaanpak.api.partner_serializers import ReferralInSerializer
from gezinsaanpak.demo.families import MOBILE_PREFIXES
from gezinsaanpak.models import Family, Referral
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import referrals as services
from gezinsaanpak.services.referral_intake import referral_receive

DEMO_CLIENT_SECRET = "demo-geheim-2026"  # noqa: S105 - published in the README on purpose
# client_id, partner organisation
CLIENTS = (("jgz-demo", "JGZ Demo"), ("taalhuis-demo", "Taalhuis Demo"))
LIBRARY = "Bibliotheek Demo"

# Library handling of inbound referrals: the steps each demo referral goes through.
INBOUND_STEPS: tuple[tuple[str, ...], ...] = (
    (),
    (),
    ("accepted",),
    ("declined",),
    ("accepted", "in_progress"),
    ("accepted", "in_progress", "completed"),
)
# (partner reports, specialist's contact outcome) for outbound referrals to the Taalhuis.
OUTBOUND_STEPS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((), ""),
    (("received",), ""),
    (("received",), "contact_made"),
    ((), "no_contact"),
    (("contact_made", "completed"), ""),
    (("declined",), ""),
)


def seed_partner_clients(organisations: dict[str, Organisation]) -> dict[str, PartnerClient]:
    clients = {}
    for client_id, partner in CLIENTS:
        application = Application.objects.filter(client_id=client_id).first()
        if application is None:
            client, _ = partner_client_create(
                organisation=organisations[partner],
                library=organisations[LIBRARY],
                client_id=client_id,
                secret=DEMO_CLIENT_SECRET,
            )
        else:
            client = PartnerClient.objects.get(application=application)
        clients[client_id] = client
    return clients


def _inbound_payload(fake: Faker, rng: random.Random, library: Organisation) -> dict[str, object]:
    today = datetime.date.today()
    name = fake.last_name()
    return {
        "municipality": library.municipalities.order_by("code").first().code,  # type: ignore[union-attr]
        "postcode": f"64{rng.randint(10, 99)} {fake.random_uppercase_letter()}"
        f"{fake.random_uppercase_letter()}",
        "house_number": str(rng.randint(1, 180)),
        "street": fake.street_name(),
        "city": "Kerkrade",
        "phone": f"06{rng.choice(MOBILE_PREFIXES)}{rng.randint(100000, 999999)}",
        "caregivers": [{"given_name": fake.first_name_female(), "family_name": name}],
        "children": [
            {
                "given_name": fake.first_name(),
                "date_of_birth": (
                    today - datetime.timedelta(days=rng.randint(90, 1200))
                ).isoformat(),
            }
        ],
        "reason_code": rng.choice(
            ["language_development", "multilingual_family", "reading_at_home"]
        ),
        "reason_text": "Ouders willen graag meer voorlezen. Aangemeld tijdens het consult.",
        "requested_programme": "boekstart",
        "referrer_name": fake.name(),
        "referrer_role": "jeugdverpleegkundige",
        "partner_reference": f"JGZ-{rng.randint(1000, 9999)}",
        "parent_consent": True,
    }


def _seed_inbound(client: PartnerClient, coordinator: User, fake: Faker, rng: random.Random) -> int:
    for steps in INBOUND_STEPS:
        payload = ReferralInSerializer(data=_inbound_payload(fake, rng, client.library))
        payload.is_valid(raise_exception=True)
        referral = referral_receive(client=client, data=payload.validated_data)
        for status in steps:
            services.referral_handle(
                actor=coordinator,
                referral=referral,
                status=status,
                decline_reason="outside_area" if status == "declined" else "",
                feedback="Bedankt voor de aanmelding."
                if status != "declined"
                else "Dit gezin woont buiten ons werkgebied.",
            )
    return len(INBOUND_STEPS)


def _seed_outbound(client: PartnerClient, specialist: User) -> int:
    families = Family.objects.filter(
        case_owner=specialist, status__in=[Family.Status.INTAKE, Family.Status.ACTIVE]
    ).order_by("opened_on", "id")
    made = 0
    for family, (reports, contact) in zip(
        families[: len(OUTBOUND_STEPS)], OUTBOUND_STEPS, strict=False
    ):
        consent_services.consent_record(
            actor=specialist,
            family=family,
            given_by=family.caregivers.first(),  # type: ignore[arg-type]
            purpose=Purpose.SHARE_WITH_PARTNER,
            partner=client.organisation,
            text_version="2026-1",
            method="written",
        )
        referral = services.referral_send(
            actor=specialist,
            family=family,
            partner=client.organisation,
            reason_code="low_literacy_parent",
            reason_text="Moeder wil beter leren lezen en schrijven.",
            requested_programme="Taalcursus NT1",
        )
        for status in reports:
            services.referral_partner_report(client=client, referral=referral, status=status)
        if contact:
            services.referral_record_contact(actor=specialist, referral=referral, status=contact)
        made += 1
    # The first one is overdue, so the warm-handover reminder shows in the demo.
    first = (
        Referral.objects.filter(direction="out", organisation=client.library)
        .order_by("created_at")
        .first()
    )
    if first is not None:
        Referral.objects.filter(pk=first.pk).update(
            contact_check_due_on=datetime.date.today() - datetime.timedelta(days=2)
        )
    return made


# Partners without software refer on the web form: (login, programme, child's age in days)
WEB_REFERRERS = (
    ("leerkracht@school-demo.nl", "voorleesexpress", 5 * 365),
    ("pm@kinderopvang-demo.nl", "boekstart", 400),
)


def _seed_web(users: dict[str, User], fake: Faker, rng: random.Random) -> int:
    """One web-form referral from the school and one from the kinderopvang."""
    made = 0
    for email, programme, age_days in WEB_REFERRERS:
        user = users.get(email)
        if user is None or user.organisation is None:
            continue
        payload = _inbound_payload(fake, rng, users["coordinator@demo.nl"].organisation)  # type: ignore[arg-type]
        payload.update(
            requested_programme=programme,
            partner_reference=f"WEB-{rng.randint(1000, 9999)}",
            referrer_name=user.name,
            referrer_role="leerkracht" if "school" in email else "pedagogisch medewerker",
        )
        payload["children"][0]["date_of_birth"] = (  # type: ignore[index]
            datetime.date.today() - datetime.timedelta(days=age_days)
        ).isoformat()
        validated = ReferralInSerializer(data=payload)
        validated.is_valid(raise_exception=True)
        referral_receive(user=user, data=validated.validated_data)
        made += 1
    return made


def seed_referrals(users: dict[str, User], clients: dict[str, PartnerClient]) -> int:
    """Referrals in every state, once; returns how many were made this run."""
    library = clients["jgz-demo"].library
    if Referral.objects.filter(organisation=library).exists():
        return 0
    fake = Faker("nl_NL")
    fake.seed_instance(6)
    rng = random.Random(6)
    made = _seed_inbound(clients["jgz-demo"], users["coordinator@demo.nl"], fake, rng)
    made += _seed_outbound(clients["taalhuis-demo"], users["specialist@demo.nl"])
    return made + _seed_web(users, fake, rng)
