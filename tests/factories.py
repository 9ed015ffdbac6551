from __future__ import annotations

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
