"""A coordinator on a phone without JavaScript invites a colleague, who sets a password."""

import re

import pytest
from django.core import mail

from accounts.models import Role, User
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def no_sideways_scroll(browser, url: str, cookies) -> bool:  # type: ignore[no-untyped-def]
    """Measured in a context with JavaScript (the flow itself runs without)."""
    context = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True)
    context.add_cookies(cookies)
    page = context.new_page()
    page.goto(url)
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    return width <= PHONE["width"]


def test_invite_and_join_on_a_phone_without_javascript(live_server, browser, artifacts, library):
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR)
    UserFactory(
        organisation=library,
        role=Role.SPECIALIST,
        email="een.heel.lang.adres.van.een.specialist@bibliotheek-voorbeeld.nl",
    )
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server.url, coordinator.email, PASSWORD)
    page.get_by_role("link", name="Team").first.click()
    page.wait_for_url(f"{live_server.url}/team/")
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("E-mailadres").fill("nieuwe.collega@example.org")
    page.get_by_label("Naam").fill("Nieuwe Collega")
    page.get_by_label("Rol").select_option(Role.COACH)
    page.screenshot(path=artifacts / "team-1-invite.png", full_page=True)
    page.get_by_role("button", name="Uitnodiging versturen").click()
    page.wait_for_selector("text=De uitnodiging is verstuurd.")
    assert page.get_by_text("Uitnodiging verstuurd", exact=True).is_visible()
    page.screenshot(path=artifacts / "team-2-list.png", full_page=True)
    cookies = context.cookies()
    for path in ("/team/", "/team/invite/"):
        assert no_sideways_scroll(browser, live_server.url + path, cookies), path
    member = User.objects.get(email="nieuwe.collega@example.org")
    assert no_sideways_scroll(browser, f"{live_server.url}/team/{member.pk}/", cookies)
    context.close()

    link = re.search(r"https?://[^/]+(/invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)
    newcomer = browser.new_context(viewport=PHONE, locale="nl-NL", java_script_enabled=False)
    page = newcomer.new_page()
    page.goto(live_server.url + link)
    page.locator("#id_new_password1").fill("een-heel-goed-wachtwoord")
    page.get_by_label("Nieuw wachtwoord bevestigen").fill("een-heel-goed-wachtwoord")
    page.screenshot(path=artifacts / "team-3-choose-password.png", full_page=True)
    page.get_by_role("button", name="Mijn wachtwoord opslaan").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    log_in(page, live_server.url, "nieuwe.collega@example.org", "een-heel-goed-wachtwoord")
    page.goto(live_server.url + link)
    assert page.get_by_text("Deze uitnodiging is al gebruikt.", exact=False).is_visible()
    page.screenshot(path=artifacts / "team-4-link-used.png", full_page=True)
    newcomer.close()
