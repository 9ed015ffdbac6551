"""Personas as fixtures (healthchecks' alice/bob/charlie, here in library roles)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import Role, User
from tests import factories


@pytest.fixture
def library(db):  # type: ignore[no-untyped-def]
    return factories.LibraryFactory(name="Bibliotheek Test")


@pytest.fixture
def other_library(db):  # type: ignore[no-untyped-def]
    return factories.LibraryFactory(name="Bibliotheek Anders")


@pytest.fixture
def partner_org(db):  # type: ignore[no-untyped-def]
    return factories.PartnerOrganisationFactory(name="JGZ Test")


@pytest.fixture
def coordinator(library) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(organisation=library, role=Role.COORDINATOR)


@pytest.fixture
def specialist(library) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(organisation=library, role=Role.SPECIALIST)


@pytest.fixture
def other_specialist(library) -> User:  # type: ignore[no-untyped-def]
    """A specialist of the same library without any grant."""
    return factories.UserFactory(organisation=library, role=Role.SPECIALIST)


@pytest.fixture
def coach(library) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(organisation=library, role=Role.COACH)


@pytest.fixture
def volunteer(library) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(organisation=library, role=Role.VOLUNTEER)


@pytest.fixture
def privacy_officer(library) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)


@pytest.fixture
def partner_user(partner_org) -> User:  # type: ignore[no-untyped-def]
    return factories.UserFactory(organisation=partner_org, role=Role.PARTNER)


@pytest.fixture
def outsider(other_library) -> User:  # type: ignore[no-untyped-def]
    """A specialist of another library organisation."""
    return factories.UserFactory(organisation=other_library, role=Role.SPECIALIST)


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def other_partner_org(db):  # type: ignore[no-untyped-def]
    return factories.PartnerOrganisationFactory(name="Taalhuis Test", partner_type="taalhuis")


@pytest.fixture
def partner_client_a(partner_org, library):  # type: ignore[no-untyped-def]
    """Partner A's API client (JGZ Test → Bibliotheek Test)."""
    return factories.partner_client(partner_org, library, client_id="jgz-test")


@pytest.fixture
def partner_client_b(other_partner_org, library):  # type: ignore[no-untyped-def]
    """Partner B's API client (Taalhuis Test → Bibliotheek Test)."""
    return factories.partner_client(other_partner_org, library, client_id="taalhuis-test")


def api_for_client(client, scopes: str = "referrals:read referrals:write") -> Client:  # type: ignore[no-untyped-def]
    """A test client sending a fresh bearer token of partner API ``client``."""
    token = factories.access_token_for(client, scopes=scopes)
    return Client(headers={"Authorization": f"Bearer {token.token}"})


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Lockout and token-endpoint counters live in the cache: no test inherits another's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
