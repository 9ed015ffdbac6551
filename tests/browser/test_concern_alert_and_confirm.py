"""In a browser, at 1280 and 390 px: the coordinator sees a volunteer's concern at the top
of every page, handles it with a note (the error summary takes the focus when the note is
missing); closing a file asks in a <dialog> first."""

import pytest

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import Concern, Family
from gezinsaanpak.services import visits as visit_services
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, CaregiverFactory, FamilyFactory, UserFactory, active_placement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.mark.parametrize("size", SIZES)
def test_the_coordinator_handles_a_concern_from_the_alert(
    live_server, browser, artifacts, library, size
):
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR, name="Cora")
    volunteer = UserFactory(organisation=library, role=Role.VOLUNTEER, name="Henk Janssen")
    family = FamilyFactory(organisation=library)
    CaregiverFactory(family=family, given_name="Amal", family_name="Haddou")
    placement = active_placement(coordinator, volunteer, family)
    visit_services.concern_raise(actor=volunteer, placement=placement, text="Blauwe plek.")
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")

    log_in(page, live_server.url, coordinator.email, PASSWORD)
    alert = page.locator(".concern-alert")
    assert "Gezin Haddou" in alert.inner_text() and "Henk Janssen" in alert.inner_text()
    page.screenshot(path=artifacts / f"concern-1-start-{size}.png", full_page=True)
    page.goto(f"{live_server.url}/voorleesexpress/placements/")
    assert "Gezin Haddou" in page.locator(".concern-alert").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.locator(".concern-alert").get_by_role("link", name="Lezen en afhandelen").click()
    page.get_by_role("button", name="Ja, markeer als afgehandeld").click()
    page.wait_for_selector(".error-summary")
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    page.screenshot(path=artifacts / f"concern-2-note-missing-{size}.png", full_page=True)
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "id_note"
    page.get_by_label("Wat hebt u gedaan?").fill("Gebeld met school.")
    page.get_by_role("button", name="Ja, markeer als afgehandeld").click()
    page.wait_for_selector("text=De zorgmelding is afgehandeld")
    assert page.locator(".concern-alert").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"concern-3-handled-{size}.png", full_page=True)
    assert Concern.objects.get().handled_note == "Gebeld met school."
    page.close()


@pytest.mark.parametrize("size", SIZES)
def test_closing_a_file_asks_in_a_dialog(live_server, browser, artifacts, library, size):
    specialist = UserFactory(organisation=library, role=Role.SPECIALIST)
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, family, change=True)
    width, height = SIZES[size]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")
    log_in(page, live_server.url, specialist.email, PASSWORD)
    page.goto(f"{live_server.url}/families/{family.pk}/")
    page.get_by_label("Nieuwe status").select_option("closed")
    page.get_by_label("Reden van afsluiten").select_option("moved")
    page.get_by_role("button", name="Status wijzigen").click()
    dialog = page.locator("#confirm-dialog")
    dialog.wait_for(state="visible")
    page.screenshot(path=artifacts / f"confirm-dialog-{size}.png")
    dialog.get_by_role("button", name="Annuleren").click()
    assert Family.objects.get(pk=family.pk).status != "closed"
    page.get_by_role("button", name="Status wijzigen").click()
    dialog.get_by_role("button", name="Ja, sluit het dossier").click()
    page.wait_for_selector("text=De status is gewijzigd")
    assert Family.objects.get(pk=family.pk).status == "closed"
    page.close()


def test_the_session_warning_keeps_what_was_typed(live_server, browser, artifacts, library):
    volunteer = UserFactory(organisation=library, role=Role.VOLUNTEER)
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR)
    placement = active_placement(coordinator, volunteer, FamilyFactory(organisation=library))
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="nl-NL")
    page.clock.install()
    log_in(page, live_server.url, volunteer.email, PASSWORD)
    page.goto(f"{live_server.url}/my-families/{placement.pk}/concern/")
    page.get_by_label("Waar maakt u zich zorgen over?").fill("Half getypt")
    page.clock.fast_forward(28 * 60 * 1000)  # past the warning, before the timeout
    dialog = page.locator("#session-dialog")
    dialog.wait_for(state="visible")
    page.screenshot(path=artifacts / "session-warning-phone.png")
    with page.expect_response("**/accounts/keep-alive/") as answer:
        dialog.get_by_role("button", name="Blijf ingelogd").click()
    assert answer.value.status == 204
    dialog.wait_for(state="hidden")
    assert page.get_by_label("Waar maakt u zich zorgen over?").input_value() == "Half getypt"
    page.close()
