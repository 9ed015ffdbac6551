"""The team services: invitations, roles, deactivation, two-step login reset."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.http import Http404
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from guardian.shortcuts import get_perms

from accounts.models import Invitation, Role, User
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, VolunteerProfile
from gezinsaanpak.services import team as services
from gezinsaanpak.services.errors import ServiceError
from tests.factories import FamilyFactory, UserFactory, access_token_for, partner_client


def invite(actor, organisation, *, email="nieuw@example.org", role=Role.SPECIALIST, capture):  # type: ignore[no-untyped-def]
    with capture(execute=True):
        services.team_member_invite(
            actor=actor, organisation=organisation, email=email, name="Nina Nieuw", role=role
        )
    return User.objects.get(email=email)


def token_from_mail(message) -> str:  # type: ignore[no-untyped-def]
    match = re.search(r"/invitation/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(1)


@pytest.mark.django_db
def test_invitation_makes_an_account_without_password_and_mails_a_link(
    coordinator, library, django_capture_on_commit_callbacks
):
    member = invite(coordinator, library, capture=django_capture_on_commit_callbacks)
    assert member.organisation == library
    assert member.role == Role.SPECIALIST
    assert not member.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["nieuw@example.org"]
    assert "Nina" not in message.body and "Nina" not in message.subject  # no personal data
    token = token_from_mail(message)
    invitation = Invitation.objects.get(user=member)
    assert token not in invitation.token_hash  # stored hashed only
    assert invitation.token_hash == services.token_hash(token)
    assert invitation.expires_at - invitation.created_at == datetime.timedelta(days=7)
    lines = AccessEvent.objects.filter(object_id__in=[str(member.pk), str(invitation.pk)])
    assert {(line.action, line.object_type) for line in lines} == {
        ("create", "user"),
        ("create", "invitation"),
    }


@pytest.mark.django_db
def test_no_mail_when_the_invitation_is_rolled_back(coordinator, library):
    # Without running the on-commit callbacks (the transaction never commits here), no mail.
    services.team_member_invite(
        actor=coordinator, organisation=library, email="x@example.org", name="X", role="coach"
    )
    assert mail.outbox == []


@pytest.mark.django_db
def test_accepting_sets_the_password_once(coordinator, library, django_capture_on_commit_callbacks):
    member = invite(coordinator, library, capture=django_capture_on_commit_callbacks)
    token = token_from_mail(mail.outbox[0])
    assert services.invitation_check(token).invitation is not None
    services.invitation_accept(token=token, password="een-heel-goed-wachtwoord")
    member.refresh_from_db()
    assert member.check_password("een-heel-goed-wachtwoord")
    assert services.invitation_check(token).problem == "used"
    with pytest.raises(ServiceError):
        services.invitation_accept(token=token, password="een-ander-wachtwoord-nu")
    member.refresh_from_db()
    assert member.check_password("een-heel-goed-wachtwoord")
    assert AccessEvent.objects.filter(
        actor_id=member.pk, object_type="invitation", action="update"
    ).exists()


@pytest.mark.django_db
def test_invitation_expires_after_seven_days(
    coordinator, library, django_capture_on_commit_callbacks
):
    invite(coordinator, library, capture=django_capture_on_commit_callbacks)
    token = token_from_mail(mail.outbox[0])
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert services.invitation_check(token).problem == "expired"
        with pytest.raises(ServiceError):
            services.invitation_accept(token=token, password="een-heel-goed-wachtwoord")


@pytest.mark.django_db
def test_resend_makes_a_new_link_and_kills_the_old_one(
    coordinator, library, django_capture_on_commit_callbacks
):
    member = invite(coordinator, library, capture=django_capture_on_commit_callbacks)
    old = token_from_mail(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        services.team_invitation_resend(actor=coordinator, member=member)
    new = token_from_mail(mail.outbox[1])
    assert new != old
    assert services.invitation_check(old).problem == "unknown"
    assert services.invitation_check(new).invitation is not None
    assert AccessEvent.objects.filter(object_type="invitation", details__resend=True).exists()


@pytest.mark.django_db
def test_resend_is_refused_once_the_password_is_set(coordinator, specialist):
    with pytest.raises(ServiceError):
        services.team_invitation_resend(actor=coordinator, member=specialist)


@pytest.mark.django_db
def test_a_volunteer_invitation_creates_the_volunteer_profile(
    coordinator, library, django_capture_on_commit_callbacks
):
    member = invite(
        coordinator, library, role=Role.VOLUNTEER, capture=django_capture_on_commit_callbacks
    )
    assert VolunteerProfile.objects.filter(user=member).exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_make_an_admin_or_a_partner(coordinator, library):
    for role in (Role.ADMIN, Role.PARTNER):
        with pytest.raises(ServiceError):
            services.team_member_invite(
                actor=coordinator, organisation=library, email="a@example.org", name="A", role=role
            )
    assert not User.objects.filter(email="a@example.org").exists()


@pytest.mark.django_db
def test_a_coordinator_cannot_invite_into_another_organisation(coordinator, other_library):
    with pytest.raises(ServiceError):
        services.team_member_invite(
            actor=coordinator,
            organisation=other_library,
            email="a@example.org",
            name="A",
            role=Role.SPECIALIST,
        )


@pytest.mark.django_db
def test_an_existing_address_is_refused(coordinator, library, specialist):
    with pytest.raises(ServiceError) as error:
        services.team_member_invite(
            actor=coordinator,
            organisation=library,
            email=specialist.email.upper(),
            name="B",
            role=Role.COACH,
        )
    assert error.value.field == "email"


@pytest.mark.django_db
def test_others_cannot_invite(specialist, library):
    with pytest.raises(Http404):
        services.team_member_invite(
            actor=specialist, organisation=library, email="a@example.org", name="A", role="coach"
        )


@pytest.mark.django_db
def test_an_admin_invites_into_any_organisation_even_an_admin(other_library, library):
    admin = UserFactory(organisation=library, role=Role.ADMIN, is_staff=True)
    services.team_member_invite(
        actor=admin, organisation=other_library, email="b@example.org", name="B", role=Role.ADMIN
    )
    assert User.objects.get(email="b@example.org").organisation == other_library


@pytest.mark.django_db
def test_role_change_is_logged_and_checked(coordinator, coach, outsider):
    services.team_member_role_change(actor=coordinator, member=coach, role=Role.SPECIALIST)
    coach.refresh_from_db()
    assert coach.role == Role.SPECIALIST
    line = AccessEvent.objects.get(object_id=str(coach.pk), action="update")
    assert line.fields == ["role"]
    assert line.details == {"role": "specialist", "previous": "coach"}
    with pytest.raises(ServiceError):
        services.team_member_role_change(actor=coordinator, member=coach, role=Role.ADMIN)
    with pytest.raises(Http404):
        services.team_member_role_change(actor=coordinator, member=outsider, role=Role.COACH)


@pytest.mark.django_db
def test_a_coordinator_cannot_touch_an_admin(coordinator, library):
    admin = UserFactory(organisation=library, role=Role.ADMIN)
    with pytest.raises(Http404):
        services.team_member_role_change(actor=coordinator, member=admin, role=Role.COACH)
    with pytest.raises(Http404):
        services.team_member_deactivate(actor=coordinator, member=admin)


@pytest.mark.django_db
def test_a_case_owner_cannot_lose_the_role_while_owning_open_files(
    coordinator, specialist, library
):
    FamilyFactory(organisation=library, case_owner=specialist)
    with pytest.raises(ServiceError):
        services.team_member_role_change(actor=coordinator, member=specialist, role=Role.COACH)


@pytest.mark.django_db
def test_deactivation_hands_files_over_and_ends_grants_and_tokens(
    coordinator, specialist, other_specialist, library, partner_org
):
    owned = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, owned, change=True)
    shared = FamilyFactory(organisation=library, case_owner=other_specialist)
    access.families.grant(specialist, shared)
    closed = FamilyFactory(
        organisation=library,
        case_owner=specialist,
        status="closed",
        closed_on=datetime.date.today(),
    )
    client = partner_client(partner_org, library)
    token = access_token_for(client)
    token.user = specialist
    token.save()

    with pytest.raises(ServiceError) as error:
        services.team_member_deactivate(actor=coordinator, member=specialist)
    assert error.value.field == "new_owner"

    done = services.team_member_deactivate(
        actor=coordinator, member=specialist, new_owner=other_specialist
    )
    assert (done.files, done.tokens) == (1, 1)
    specialist.refresh_from_db()
    owned.refresh_from_db()
    closed.refresh_from_db()
    assert not specialist.is_active
    assert not specialist.has_usable_password()
    assert owned.case_owner == other_specialist
    assert "view_family" in get_perms(other_specialist, owned)
    assert closed.case_owner == specialist  # a closed file stays as it was
    assert get_perms(specialist, owned) == [] and get_perms(specialist, shared) == []
    assert not access.families_visible_to(specialist).exists()
    assert not type(token).objects.filter(pk=token.pk).exists()
    line = AccessEvent.objects.get(object_id=str(specialist.pk), fields=["is_active", "password"])
    assert line.details["files_handed_over"] == 1
    assert line.details["tokens_revoked"] == 1
    assert AccessEvent.objects.filter(family_id=owned.pk, actor_id=coordinator.pk).exists()


@pytest.mark.django_db
def test_deactivation_refuses_a_new_owner_who_cannot_own_cases(
    coordinator, specialist, coach, library
):
    FamilyFactory(organisation=library, case_owner=specialist)
    with pytest.raises(ServiceError):
        services.team_member_deactivate(actor=coordinator, member=specialist, new_owner=coach)
    specialist.refresh_from_db()
    assert specialist.is_active


@pytest.mark.django_db
def test_nobody_deactivates_themselves(coordinator):
    with pytest.raises(ServiceError):
        services.team_member_deactivate(actor=coordinator, member=coordinator)


@pytest.mark.django_db
def test_deactivating_a_pending_invitee_kills_the_link(
    coordinator, library, django_capture_on_commit_callbacks
):
    member = invite(coordinator, library, capture=django_capture_on_commit_callbacks)
    token = token_from_mail(mail.outbox[0])
    services.team_member_deactivate(actor=coordinator, member=member)
    assert services.invitation_check(token).invitation is None


@pytest.mark.django_db
def test_an_admin_resets_two_factor_and_it_is_logged(library, specialist, coordinator):
    admin = UserFactory(organisation=library, role=Role.ADMIN)
    TOTPDevice.objects.create(user=specialist, name="app", confirmed=True)
    StaticDevice.objects.create(user=specialist, name="codes", confirmed=True)
    with pytest.raises(Http404):
        services.team_member_two_factor_reset(actor=coordinator, member=specialist)
    assert services.team_member_two_factor_reset(actor=admin, member=specialist) == 2
    assert not TOTPDevice.objects.filter(user=specialist).exists()
    assert not StaticDevice.objects.filter(user=specialist).exists()
    line = AccessEvent.objects.get(object_id=str(specialist.pk), action="delete")
    assert line.actor_id == admin.pk and line.details == {"devices_removed": 2}


@pytest.mark.django_db
def test_the_admin_site_action_resets_two_factor_through_the_same_service(library, specialist):
    from django.test import Client

    admin = UserFactory(organisation=library, role=Role.ADMIN, is_staff=True, is_superuser=True)
    TOTPDevice.objects.create(user=specialist, name="app", confirmed=True)
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/accounts/user/",
        {"action": "reset_two_factor", "_selected_action": [str(specialist.pk)]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=specialist).exists()
    assert AccessEvent.objects.filter(
        object_id=str(specialist.pk), action="delete", actor_id=admin.pk
    ).exists()
