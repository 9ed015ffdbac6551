"""A coach refers the parent of a follow-up contact to the Taalhuis, through referral_send."""

import pytest

from accounts.models import Organisation, Role
from gezinsaanpak.models import AccessEvent, Consent, Referral
from gezinsaanpak.services import boekstart as boekstart_services
from tests.conftest import client_for
from tests.factories import PartnerOrganisationFactory, UserFactory


@pytest.fixture
def taalhuis(db):
    return PartnerOrganisationFactory(
        name="Taalhuis Test", partner_type=Organisation.PartnerType.TAALHUIS
    )


@pytest.fixture
def contact(coach, library):
    return boekstart_services.contact_register(
        actor=coach,
        data={
            "given_name": "Hanna",
            "family_name": "Kowalska",
            "phone": "+31611112222",
            "municipality": library.municipalities.first(),
        },
    )


def url(contact):
    return f"/boekstart/contacts/{contact.pk}/taalhuis/"


def test_coach_refers_a_parent_with_consent(coach, contact, taalhuis):
    response = client_for(coach).post(
        url(contact), {"taalhuis": taalhuis.pk, "parent_agrees": "on"}
    )
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.partner == taalhuis
    assert referral.direction == "out"
    assert referral.reason_code == "low_literacy_parent"
    consent = Consent.objects.get(purpose="share_with_partner")
    assert consent.partner == taalhuis
    assert referral.consent == consent
    assert AccessEvent.objects.filter(action="share", family_id=contact.family_id).exists()


def test_without_consent_nothing_is_shared_and_the_coach_is_told_why(coach, contact, taalhuis):
    response = client_for(coach).post(url(contact), {"taalhuis": taalhuis.pk})
    assert response.status_code == 200
    assert "geen geldige toestemming" in response.content.decode()
    assert not Referral.objects.exists()


def test_only_a_taalhuis_can_be_chosen(coach, contact, partner_org):
    response = client_for(coach).post(
        url(contact), {"taalhuis": partner_org.pk, "parent_agrees": "on"}
    )
    assert response.status_code == 200
    assert not Referral.objects.exists()
    assert not Consent.objects.filter(purpose="share_with_partner").exists()


def test_another_coach_gets_404(library, contact, taalhuis):
    other = UserFactory(organisation=library, role=Role.COACH)
    client = client_for(other)
    assert client.get(url(contact)).status_code == 404
    response = client.post(url(contact), {"taalhuis": taalhuis.pk, "parent_agrees": "on"})
    assert response.status_code == 404
    assert not Referral.objects.exists()
