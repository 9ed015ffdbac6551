"""Outbound referrals, consent, handling and the warm handover."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.http import Http404

from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Family, Referral
from gezinsaanpak.processing_register import Purpose
from gezinsaanpak.selectors.timeline import family_timeline
from gezinsaanpak.services import consent as consent_services
from gezinsaanpak.services import referrals as services
from gezinsaanpak.services.errors import ServiceError
from tests.conftest import api_for_client
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory
from tests.jobs import run_queued_jobs


@pytest.fixture
def family(library, specialist):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, given_name="Samira", family_name="Bakker")
    ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    return family


def share_consent(specialist, family, partner):  # type: ignore[no-untyped-def]
    return consent_services.consent_record(
        actor=specialist,
        family=family,
        given_by=family.caregivers.first(),
        purpose=Purpose.SHARE_WITH_PARTNER,
        partner=partner,
        text_version="2026-1",
        method="written",
    )


def send(specialist, family, partner, **kwargs):  # type: ignore[no-untyped-def]
    return services.referral_send(
        actor=specialist,
        family=family,
        partner=partner,
        reason_code="low_literacy_parent",
        reason_text="Moeder wil beter leren lezen.",
        **kwargs,
    )


def test_outbound_referral_is_refused_without_consent(specialist, family, other_partner_org):
    with pytest.raises(ServiceError) as refused:
        send(specialist, family, other_partner_org)
    assert refused.value.field == "consent"
    assert other_partner_org.name in refused.value.message
    assert not Referral.objects.exists()


def test_consent_for_another_partner_does_not_count(
    specialist, family, partner_org, other_partner_org
):
    share_consent(specialist, family, partner_org)
    with pytest.raises(ServiceError):
        send(specialist, family, other_partner_org)


def test_outbound_referral_with_consent_shares_the_minimum(specialist, family, other_partner_org):
    consent = share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org, requested_programme="Taalcursus")
    assert referral.direction == "out"
    assert referral.consent == consent
    assert referral.details["caregiver_family_name"] == "Bakker"
    assert set(referral.details) == set(services.SHARED_FIELDS)
    weeks = datetime.timedelta(weeks=3)
    assert referral.contact_check_due_on == datetime.date.today() + weeks
    line = AccessEvent.objects.get(object_type="referral", action="share")
    assert line.details == {"direction": "out", "partner": str(other_partner_org.pk)}
    assert "phone" in line.fields
    assert "Bakker" not in json.dumps(line.fields)


def test_withdrawing_consent_blocks_a_new_outbound_referral(specialist, family, other_partner_org):
    consent = share_consent(specialist, family, other_partner_org)
    send(specialist, family, other_partner_org)
    consent_services.consent_withdraw(actor=specialist, consent=consent)
    with pytest.raises(ServiceError) as refused:
        send(specialist, family, other_partner_org)
    assert refused.value.field == "consent"
    assert Referral.objects.count() == 1


def test_restricted_processing_blocks_referral(specialist, family, other_partner_org):
    share_consent(specialist, family, other_partner_org)
    family.restricted_processing = True
    family.save()
    with pytest.raises(ServiceError):
        send(specialist, family, other_partner_org)


def test_someone_without_access_cannot_refer(other_specialist, family, other_partner_org):
    with pytest.raises(Http404):
        send(other_specialist, family, other_partner_org)


def test_contact_check_weeks_are_configurable(specialist, family, other_partner_org, settings):
    settings.REFERRAL_CONTACT_CHECK_WEEKS = 6
    share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org)
    assert referral.contact_check_due_on == datetime.date.today() + datetime.timedelta(weeks=6)


def test_partner_receives_and_reports_back(
    specialist, family, other_partner_org, partner_client_b, partner_client_a
):
    share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org)
    api = api_for_client(partner_client_b)
    listing = api.get("/api/v1/partner/received/").json()["results"]
    assert [r["id"] for r in listing] == [str(referral.pk)]
    assert listing[0]["caregiver_given_name"] == "Samira"
    assert "notes" not in listing[0]
    response = api.post(
        f"/api/v1/partner/received/{referral.pk}/report/",
        {"status": "contact_made", "feedback": "Intake gepland."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.status == "contact_made"
    assert referral.partner_feedback == "Intake gepland."
    other = api_for_client(partner_client_a)
    assert other.get(f"/api/v1/partner/received/{referral.pk}/").status_code == 404


def test_partner_cannot_report_an_impossible_step(
    specialist, family, other_partner_org, partner_client_b
):
    share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org)
    api = api_for_client(partner_client_b)
    response = api.post(
        f"/api/v1/partner/received/{referral.pk}/report/",
        {"status": "completed"},
        content_type="application/json",
    )
    assert response.status_code == 422  # a status the schema allows; not at this step
    assert response.json()["errors"][0]["attr"] == "status"


def test_specialist_records_whether_contact_was_made(specialist, family, other_partner_org):
    share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org)
    services.referral_record_contact(actor=specialist, referral=referral, status="no_contact")
    assert referral.status == "no_contact"
    with pytest.raises(ServiceError):
        services.referral_record_contact(actor=specialist, referral=referral, status="completed")


def test_reminder_is_sent_once_when_the_check_is_due(specialist, family, other_partner_org):
    share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org)
    Referral.objects.filter(pk=referral.pk).update(
        contact_check_due_on=datetime.date.today() - datetime.timedelta(days=1)
    )
    call_command("remind_referral_contact")  # queues the job, a worker runs it
    assert mail.outbox == []
    run_queued_jobs()
    assert len(mail.outbox) == 1
    call_command("remind_referral_contact", "--now")  # runs here: nothing is due any more
    run_queued_jobs()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [specialist.email]
    assert "Samira" not in mail.outbox[0].body


def test_referral_appears_on_the_family_timeline(specialist, family, other_partner_org):
    share_consent(specialist, family, other_partner_org)
    referral = send(specialist, family, other_partner_org)
    services.referral_record_contact(actor=specialist, referral=referral, status="contact_made")
    texts = [item.text for item in family_timeline(family)]
    assert any(other_partner_org.name in t and "Contact" in t for t in texts)
    assert any(t.startswith("Doorverwezen naar") or t.startswith("Referred to") for t in texts)


class TestInboundHandling:
    @pytest.fixture
    def inbound(self, partner_client_a, library):  # type: ignore[no-untyped-def]
        from gezinsaanpak.api.partner_serializers import ReferralInSerializer
        from gezinsaanpak.services.referral_intake import referral_receive
        from tests.gezinsaanpak.api.referral_payloads import valid_referral

        payload = ReferralInSerializer(data=valid_referral(library))
        payload.is_valid(raise_exception=True)
        return referral_receive(client=partner_client_a, data=payload.validated_data)

    def test_accepting_moves_the_family_to_intake_and_forgets_the_payload(
        self, coordinator, inbound
    ):
        services.referral_handle(
            actor=coordinator, referral=inbound, status="accepted", feedback="Welkom!"
        )
        inbound.refresh_from_db()
        assert inbound.status == "accepted"
        assert inbound.payload == ""
        assert inbound.family.status == Family.Status.INTAKE

    def test_declining_needs_a_reason_and_closes_the_pending_file(self, coordinator, inbound):
        with pytest.raises(ServiceError) as refused:
            services.referral_handle(actor=coordinator, referral=inbound, status="declined")
        assert refused.value.field == "decline_reason"
        services.referral_handle(
            actor=coordinator,
            referral=inbound,
            status="declined",
            decline_reason="outside_area",
            feedback="Wij verwijzen naar Bibliotheek Heerlen.",
        )
        inbound.family.refresh_from_db()
        assert inbound.family.status == Family.Status.CLOSED
        assert inbound.family.close_reason == "not_eligible"

    def test_in_progress_then_completed_and_the_partner_sees_it(
        self, coordinator, inbound, partner_client_a
    ):
        for status in ("accepted", "in_progress", "completed"):
            services.referral_handle(actor=coordinator, referral=inbound, status=status)
        body = api_for_client(partner_client_a).get(f"/api/v1/partner/referrals/{inbound.pk}/")
        assert body.json()["status"] == "completed"
        with pytest.raises(ServiceError):
            services.referral_handle(actor=coordinator, referral=inbound, status="accepted")

    def test_a_specialist_without_access_cannot_handle(self, other_specialist, inbound):
        with pytest.raises(Http404):
            services.referral_handle(actor=other_specialist, referral=inbound, status="accepted")
