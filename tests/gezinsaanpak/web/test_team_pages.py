"""The team pages: the list, inviting, the link, deactivation through the web (no JS)."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Invitation, Role, User
from gezinsaanpak.models import AccessEvent
from tests.conftest import client_for
from tests.factories import PASSWORD, FamilyFactory, UserFactory


def invite_through_the_page(client, email="welkom@example.org", role="coach"):  # type: ignore[no-untyped-def]
    return client.post("/team/invite/", {"email": email, "name": "Wil Welkom", "role": role})


def link_from_mail() -> str:
    match = re.search(r"https?://[^/]+(/invitation/[^/\s]+/)", mail.outbox[-1].body)
    assert match
    return match.group(1)


@pytest.mark.django_db
def test_the_team_list_shows_users_roles_and_pending_invitations(
    coordinator, specialist, outsider, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        assert invite_through_the_page(client).status_code == 302
    page = client.get("/team/").content.decode()
    assert specialist.email in page and "welkom@example.org" in page
    assert "Uitnodiging verstuurd" in page  # pending
    assert outsider.email not in page
    assert "Specialist" in page
    lines = AccessEvent.objects.filter(actor_id=coordinator.pk, action="list", object_type="user")
    assert lines.count() == User.objects.filter(organisation=coordinator.organisation).count()
    assert lines.first().fields == ["email", "invitation", "is_active", "name", "role"]


@pytest.mark.django_db
def test_an_expired_invitation_shows_as_expired(coordinator, django_capture_on_commit_callbacks):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invite_through_the_page(client)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        client = client_for(coordinator)
        assert "Uitnodiging verlopen" in client.get("/team/").content.decode()


@pytest.mark.django_db
def test_the_invite_form_answers_bad_input_in_dutch(coordinator, specialist):
    client = client_for(coordinator)
    response = client.post("/team/invite/", {"email": "geen-adres", "name": "", "role": "admin"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Voer een geldig e-mailadres in" in content
    response = invite_through_the_page(client, email=specialist.email)
    assert "Er is al een account met dit e-mailadres" in response.content.decode()


@pytest.mark.django_db
def test_the_invitation_link_sets_a_password_then_says_it_was_used(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_through_the_page(client_for(coordinator))
    link = link_from_mail()
    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200
    assert "Kies je wachtwoord" in page.content.decode()
    weak = visitor.post(link, {"new_password1": "kort", "new_password2": "kort"})
    assert weak.status_code == 200  # a Dutch form error, not a 500
    response = visitor.post(
        link,
        {"new_password1": "een-heel-goed-wachtwoord", "new_password2": "een-heel-goed-wachtwoord"},
    )
    assert response.status_code == 302 and response.url == "/accounts/login/"
    assert (
        visitor.post(
            "/accounts/login/",
            {"username": "welkom@example.org", "password": "een-heel-goed-wachtwoord"},
        ).status_code
        == 302
    )
    again = Client().get(link)
    assert again.status_code == 410
    assert "Deze uitnodiging is al gebruikt" in again.content.decode()


@pytest.mark.django_db
def test_an_expired_or_unknown_link_gets_a_clear_dutch_page(
    coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_through_the_page(client_for(coordinator))
    link = link_from_mail()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, hours=1)):
        expired = Client().get(link)
    assert expired.status_code == 410
    assert "verlopen" in expired.content.decode()
    unknown = Client().get("/invitation/niet-echt/")
    assert unknown.status_code == 410
    assert "Deze link werkt niet meer" in unknown.content.decode()


@pytest.mark.django_db
def test_a_deactivated_users_existing_session_is_refused_on_the_next_request(
    coordinator, specialist, other_specialist, library
):
    FamilyFactory(organisation=library, case_owner=specialist)
    theirs = Client()
    theirs.post("/accounts/login/", {"username": specialist.email, "password": PASSWORD})
    assert theirs.get("/families/").status_code == 200

    response = client_for(coordinator).post(
        f"/team/{specialist.pk}/deactivate/",
        {"new_owner": str(other_specialist.pk), "confirm": "on"},
    )
    assert response.status_code == 302

    refused = theirs.get("/families/")
    assert refused.status_code == 302
    assert refused.url.startswith("/accounts/login/")
    assert theirs.get("/api/v1/me/").status_code in (401, 403)
    login = theirs.post("/accounts/login/", {"username": specialist.email, "password": PASSWORD})
    assert login.status_code == 200  # the password no longer works


@pytest.mark.django_db
def test_deactivating_a_case_owner_without_a_new_owner_says_so(coordinator, specialist, library):
    FamilyFactory(organisation=library, case_owner=specialist)
    response = client_for(coordinator).post(f"/team/{specialist.pk}/deactivate/", {"confirm": "on"})
    assert response.status_code == 200
    assert "Kies wie ze overneemt" in response.content.decode()
    specialist.refresh_from_db()
    assert specialist.is_active


@pytest.mark.django_db
def test_role_change_through_the_page(coordinator, coach):
    client = client_for(coordinator)
    response = client.post(f"/team/{coach.pk}/role/", {"role": Role.SPECIALIST})
    assert response.status_code == 302
    coach.refresh_from_db()
    assert coach.role == Role.SPECIALIST
    refused = client.post(f"/team/{coach.pk}/role/", {"role": Role.ADMIN})
    assert refused.status_code == 200
    coach.refresh_from_db()
    assert coach.role == Role.SPECIALIST


@pytest.mark.django_db
def test_resend_through_the_page_kills_the_old_link(
    coordinator, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        invite_through_the_page(client)
    old = link_from_mail()
    member = User.objects.get(email="welkom@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/team/{member.pk}/resend/").status_code == 302
    assert link_from_mail() != old
    assert Client().get(old).status_code == 410
    assert Invitation.objects.usable().filter(user=member).count() == 1


@pytest.mark.django_db
def test_an_admin_chooses_the_organisation_and_resets_two_factor(library, other_library, outsider):
    admin = UserFactory(organisation=library, role=Role.ADMIN, is_staff=True)
    client = client_for(admin)
    page = client.get(f"/team/?organisation={other_library.pk}").content.decode()
    assert outsider.email in page
    assert 'name="organisation"' in page
    member = client.get(f"/team/{outsider.pk}/").content.decode()
    assert "Tweestapsverificatie resetten" in member
    assert client.post(f"/team/{outsider.pk}/two-factor-reset/").status_code == 302


@pytest.mark.django_db
def test_a_coordinator_sees_no_other_organisation(coordinator, other_library, outsider):
    client = client_for(coordinator)
    assert client.get(f"/team/?organisation={other_library.pk}").status_code == 404
    assert client.get(f"/team/{outsider.pk}/").status_code == 404
    assert client.get("/team/?organisation=nonsense").status_code == 404


@pytest.mark.django_db
def test_team_forms_fit_a_phone_and_need_no_javascript(coordinator, specialist):
    client = client_for(coordinator)
    for url in ("/team/", "/team/invite/", f"/team/{specialist.pk}/"):
        content = client.get(url).content.decode()
        # forms.js only adds to pages that work without it (error focus, the <dialog>).
        assert "<script" not in content.replace('<script src="/static/js/forms.js" defer>', "")
        assert "<table" not in content  # cards, not wide tables
        for form in re.findall(r"<form[^>]*method=\"post\"[^>]*>", content):
            assert "action" in form or url == "/team/invite/"
    assert 'name="viewport"' in client.get("/team/").content.decode()


@pytest.mark.django_db
def test_the_menu_shows_team_only_to_those_who_manage_it(coordinator, specialist):
    assert 'href="/team/"' in client_for(coordinator).get("/").content.decode()
    assert 'href="/team/"' not in client_for(specialist).get("/").content.decode()


@pytest.mark.django_db
def test_the_demo_has_one_pending_invitation():
    from gezinsaanpak.demo import accounts as demo_accounts

    users = demo_accounts.seed_users(demo_accounts.seed_organisations())
    assert demo_accounts.seed_invitation(users) is not None
    assert demo_accounts.seed_invitation(users) is None  # idempotent
    page = client_for(users["coordinator@demo.nl"]).get("/team/").content.decode()
    assert demo_accounts.INVITED_EMAIL in page and "Uitnodiging verstuurd" in page
    link = f"/invitation/{demo_accounts.DEMO_INVITATION_TOKEN}/"
    assert Client().get(link).status_code == 200


@pytest.mark.django_db
def test_an_imported_volunteer_without_invitation_can_be_invited(
    coordinator, django_capture_on_commit_callbacks
):
    """A spreadsheet import makes accounts without password or invitation: one click invites."""
    imported = UserFactory(organisation=coordinator.organisation, role=Role.VOLUNTEER)
    imported.set_unusable_password()
    imported.save()
    client = client_for(coordinator)
    assert "Nog niet uitgenodigd" in client.get("/team/").content.decode()
    member_page = client.get(f"/team/{imported.pk}/").content.decode()
    assert "Uitnodiging sturen" in member_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/team/{imported.pk}/resend/")
    assert response.status_code == 302
    assert mail.outbox[-1].to == [imported.email]
    assert Invitation.objects.usable().filter(user=imported).count() == 1
    assert "Uitnodiging verstuurd" in client.get("/team/").content.decode()
