"""The BoekStart coach logs a session on a phone (390x844) in one form submission."""

import pytest

from accounts.models import Role
from gezinsaanpak.models import BoekStartSession
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, LocationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coach_logs_a_session_on_a_phone(live_server, browser, artifacts, library):
    coach = UserFactory(organisation=library, role=Role.COACH, name="Noor Janssen")
    LocationFactory(organisation=library, name="Consultatiebureau Kerkrade-West")
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="nl-NL")

    log_in(page, live_server.url, coach.email, PASSWORD)
    page.get_by_role("link", name="Nieuwe sessie").click()
    page.wait_for_url(f"{live_server.url}/boekstart/sessions/new/")
    page.get_by_label("Consultatiebureau").select_option(label="Consultatiebureau Kerkrade-West")
    page.get_by_label("Gesprekken").fill("7")
    page.get_by_label("Voorlezen aan baby’s").fill("5")
    page.get_by_label("Meertalig opvoeden").fill("2")
    page.get_by_label("Uitgedeelde BoekStart-waardebonnen").fill("2")
    page.get_by_label("Uitgedeelde koffertjes").fill("1")
    page.get_by_label("Ouders uitgenodigd voor de bibliotheek").fill("3")
    page.get_by_label("Nummers van de waardebonnen").fill("BS-0101 BS-0102")
    page.screenshot(path=artifacts / "coach-1-new-session.png", full_page=True)
    # Every count field is reachable without horizontal scrolling on the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with page.expect_navigation():
        page.get_by_role("button", name="Sessie opslaan").click()
    page.wait_for_url(f"{live_server.url}/boekstart/")
    assert page.get_by_text("De sessie is opgeslagen.").is_visible()
    recent = page.get_by_role("region", name="Recente sessies")
    assert "7 gesprekken" in recent.inner_text()
    page.screenshot(path=artifacts / "coach-2-recent-sessions.png", full_page=True)
    page.close()

    session = BoekStartSession.objects.get()
    assert (session.conversations, session.topic_reading_aloud, session.koffertjes) == (7, 5, 1)
    assert sorted(session.vouchers.values_list("number", flat=True)) == ["BS-0101", "BS-0102"]
