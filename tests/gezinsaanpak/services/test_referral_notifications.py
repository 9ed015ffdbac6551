"""E-mails about referrals: to the library's intake, and to the partner that referred."""

from __future__ import annotations

import json

import pytest
from django.core import mail

from accounts.models import Role
from gezinsaanpak.models import Job, JobKind, Referral
from gezinsaanpak.services import referral_notifications as notifications
from gezinsaanpak.services import referrals as services
from tests.conftest import api_for_client
from tests.factories import UserFactory
from tests.gezinsaanpak.api.referral_payloads import valid_referral
from tests.jobs import run_queued_jobs

# Every personal value of the payload in referral_payloads.valid_referral, and its reason.
PERSONAL = (
    "Fatima",
    "El Amrani",
    "Noor",
    "6461",
    "Markt",
    "Kerkrade",
    "12345678",
    "ouder@example.org",
    "voorlezen",
    "Jansen",
    "jeugdverpleegkundige",
    "JGZ-2026-001",
)
FEEDBACK = "Moeder heeft gebeld, ze wil graag in maart beginnen."


def refer(client, library) -> Referral:  # type: ignore[no-untyped-def]
    response = api_for_client(client).post(
        "/api/v1/partner/referrals/",
        json.dumps(valid_referral(library)),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    return Referral.objects.get(pk=response.json()["id"])


def assert_nothing_personal(message: mail.EmailMessage) -> None:
    text = f"{message.subject}\n{message.body}"
    for value in (*PERSONAL, FEEDBACK):
        assert value not in text, value


@pytest.fixture
def handled_mail(partner_client_a, library, coordinator):  # type: ignore[no-untyped-def]
    """A referral whose intake mail went out; the outbox is empty again."""
    partner_client_a.contact_email = "verwijzingen@jgz.example"
    partner_client_a.save()
    referral = refer(partner_client_a, library)
    run_queued_jobs()
    mail.outbox.clear()
    return referral


def test_new_referral_mails_the_libraries_intake_address(partner_client_a, library, coordinator):
    library.intake_email = "intake@bibliotheek.example"
    library.save()
    referral = refer(partner_client_a, library)
    assert mail.outbox == []  # queued with the referral; sent by a worker
    run_queued_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["intake@bibliotheek.example"]
    assert message.subject == "Gezinsaanpak: een nieuwe verwijzing"
    assert str(referral.pk) in message.body
    assert f"/referrals/{referral.pk}/" in message.body
    assert_nothing_personal(message)


def test_without_an_intake_address_the_active_coordinators_get_it(
    partner_client_a, library, coordinator, specialist
):
    UserFactory(organisation=library, role=Role.COORDINATOR, is_active=False)
    UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    refer(partner_client_a, library)
    run_queued_jobs()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_a_refused_referral_queues_no_mail(partner_client_a, library, coordinator):
    response = api_for_client(partner_client_a).post(
        "/api/v1/partner/referrals/",
        json.dumps(valid_referral(library, parent_consent=False)),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not Job.objects.filter(kind=JobKind.REFERRAL_RECEIVED_MAIL).exists()
    run_queued_jobs()
    assert mail.outbox == []


def test_the_partners_contact_hears_the_referral_was_accepted(handled_mail, coordinator):
    services.referral_handle(
        actor=coordinator, referral=handled_mail, status="accepted", feedback=FEEDBACK
    )
    run_queued_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["verwijzingen@jgz.example"]
    assert str(handled_mail.pk) in message.body
    assert "Status: Aangenomen" in message.body
    assert "teruggeschreven" in message.body  # there is feedback, but not what it says
    assert_nothing_personal(message)


def test_the_partners_contact_hears_the_referral_was_declined(handled_mail, coordinator):
    services.referral_handle(
        actor=coordinator, referral=handled_mail, status="declined", decline_reason="no_capacity"
    )
    run_queued_jobs()
    assert [m.to for m in mail.outbox] == [["verwijzingen@jgz.example"]]
    assert "Status: Afgewezen" in mail.outbox[0].body
    assert "no_capacity" not in mail.outbox[0].body


def test_feedback_later_is_news_and_a_bare_step_is_not(handled_mail, coordinator):
    services.referral_handle(actor=coordinator, referral=handled_mail, status="accepted")
    run_queued_jobs()
    mail.outbox.clear()
    services.referral_handle(actor=coordinator, referral=handled_mail, status="in_progress")
    run_queued_jobs()
    assert mail.outbox == []
    services.referral_handle(
        actor=coordinator, referral=handled_mail, status="completed", feedback=FEEDBACK
    )
    run_queued_jobs()
    assert len(mail.outbox) == 1
    assert_nothing_personal(mail.outbox[0])


def test_no_contact_address_means_no_mail(partner_client_a, library, coordinator):
    referral = refer(partner_client_a, library)
    run_queued_jobs()
    mail.outbox.clear()
    services.referral_handle(actor=coordinator, referral=referral, status="accepted")
    run_queued_jobs()
    assert mail.outbox == []


def test_a_partner_person_who_sent_it_is_the_contact_without_a_client(
    library, partner_org, partner_user
):
    referral = Referral.objects.create(
        direction="in",
        organisation=library,
        partner=partner_org,
        via="web",
        reason_code="other",
        created_by=partner_user,
        status="accepted",
    )
    assert notifications.partner_recipients(referral) == [partner_user.email]
    sent = notifications.referral_update_send(
        referral_id=referral.pk, status="accepted", feedback=False
    )
    assert sent == 1
    assert mail.outbox[0].to == [partner_user.email]


def test_staff_who_sent_it_are_not_the_partners_contact(library, partner_org, specialist):
    referral = Referral.objects.create(
        direction="in",
        organisation=library,
        partner=partner_org,
        via="web",
        reason_code="other",
        created_by=specialist,
    )
    assert notifications.partner_recipients(referral) == []
