from __future__ import annotations

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import Municipality, Organisation, Role, User

PASSWORD = "een-lang-test-wachtwoord"


class MunicipalityFactory(DjangoModelFactory[Municipality]):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"GM{1000 + n:04d}")
    name = factory.Faker("city", locale="nl_NL")


class LibraryFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Bibliotheek {n}")
    kind = Organisation.Kind.LIBRARY

    @factory.post_generation
    def municipalities(self, create: bool, extracted: list[Municipality] | None) -> None:
        if create:
            self.municipalities.set(extracted or [MunicipalityFactory()])


class PartnerOrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = Organisation.Kind.PARTNER
    partner_type = Organisation.PartnerType.JGZ


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    name = factory.Faker("name", locale="nl_NL")
    organisation = factory.SubFactory(LibraryFactory)
    role = Role.SPECIALIST
    password = factory.django.Password(PASSWORD)


class FamilyFactory(DjangoModelFactory["Family"]):
    class Meta:
        model = "gezinsaanpak.Family"

    organisation = factory.SubFactory(LibraryFactory)
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipalities.first())
    status = "active"
    postcode = factory.Faker("postcode", locale="nl_NL")
    house_number = factory.Faker("building_number", locale="nl_NL")
    street = factory.Faker("street_name", locale="nl_NL")
    city = factory.Faker("city", locale="nl_NL")
    phone = factory.Sequence(lambda n: f"06{12000000 + n:08d}")
    email = factory.Sequence(lambda n: f"gezin{n}@example.org")
    home_languages = factory.LazyFunction(lambda: ["nl", "ar"])
    notes = "Aantekening van de specialist"


class CaregiverFactory(DjangoModelFactory["Caregiver"]):
    class Meta:
        model = "gezinsaanpak.Caregiver"

    family = factory.SubFactory(FamilyFactory)
    given_name = factory.Faker("first_name", locale="nl_NL")
    family_name = factory.Faker("last_name", locale="nl_NL")
    relation = "mother"
    legal_authority = True


class ChildFactory(DjangoModelFactory["Child"]):
    class Meta:
        model = "gezinsaanpak.Child"

    family = factory.SubFactory(FamilyFactory)
    given_name = factory.Faker("first_name", locale="nl_NL")
    date_of_birth = factory.Faker("date_between", start_date="-4y", end_date="-3m")


class LocationFactory(DjangoModelFactory["Location"]):
    """A consultatiebureau of a library, in one of the municipalities it serves."""

    class Meta:
        model = "gezinsaanpak.Location"

    organisation = factory.SubFactory(LibraryFactory)
    name = factory.Sequence(lambda n: f"Consultatiebureau {n}")
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipalities.first())


class VolunteerProfileFactory(DjangoModelFactory["VolunteerProfile"]):
    """A volunteer who may be matched: recent VOG, training done."""

    class Meta:
        model = "gezinsaanpak.VolunteerProfile"

    user = factory.SubFactory(UserFactory, role=Role.VOLUNTEER)
    vog_issued_on = factory.LazyFunction(
        lambda: datetime.date.today() - datetime.timedelta(days=200)
    )
    vog_checked_by = factory.LazyAttribute(
        lambda o: UserFactory(organisation=o.user.organisation, role=Role.COORDINATOR)
    )
    training_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=300))
    languages = factory.LazyFunction(lambda: ["nl", "ar"])
    area = "6461"
    capacity = 3


def active_placement(coordinator: User, volunteer: User, family: object, *, weeks_ago: int = 2):  # type: ignore[no-untyped-def]
    """Sign up, match and start a placement through the services (so the grant is real)."""
    from gezinsaanpak.models import VolunteerProfile
    from gezinsaanpak.services import placements as services

    if not VolunteerProfile.objects.filter(user=volunteer).exists():
        VolunteerProfileFactory(user=volunteer, vog_checked_by=coordinator)
    start = datetime.date.today() - datetime.timedelta(weeks=weeks_ago)
    placement = services.placement_signup(actor=coordinator, family=family)
    services.placement_match(
        actor=coordinator,
        placement=placement,
        volunteer=volunteer,
        weekday=start.weekday(),
        visit_time=datetime.time(10, 0),
        start_date=start,
    )
    return services.placement_start(actor=coordinator, placement=placement)


def partner_client(organisation, library, *, client_id=None, secret="geheim-voor-tests"):  # type: ignore[no-untyped-def]  # noqa: S107
    """A partner API client (OAuth2 application) of ``organisation`` for ``library``."""
    from accounts.partner_clients import partner_client_create

    client, _ = partner_client_create(
        organisation=organisation, library=library, client_id=client_id, secret=secret
    )
    return client


def access_token_for(client, scopes="referrals:read referrals:write", minutes=10):  # type: ignore[no-untyped-def]
    """A bearer token for ``client`` without a round trip to the token endpoint."""
    import datetime
    import secrets

    from django.utils import timezone
    from oauth2_provider.models import AccessToken

    return AccessToken.objects.create(
        application=client.application,
        token=secrets.token_urlsafe(30),
        scope=scopes,
        expires=timezone.now() + datetime.timedelta(minutes=minutes),
    )
