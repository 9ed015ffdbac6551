import pytest

from accounts.models import Role
from gezinsaanpak.models import Family
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_specialist_registers_finds_and_opens_a_family(live_server, browser, artifacts, library):
    specialist = UserFactory(organisation=library, role=Role.SPECIALIST, name="Sanne de Vries")
    municipality = library.municipalities.first()
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="nl-NL")

    log_in(page, live_server.url, specialist.email, PASSWORD)
    page.get_by_role("link", name="Gezinnen").first.click()
    page.screenshot(path=artifacts / "specialist-1-family-list.png", full_page=True)

    page.get_by_role("link", name="Gezin inschrijven").click()
    page.get_by_label("Gemeente").select_option(str(municipality.pk))
    page.get_by_label("Postcode").fill("6461 ab")
    page.get_by_label("Huisnummer").fill("14")
    page.get_by_label("Straat").fill("Hoofdstraat")
    page.get_by_label("Plaats").fill("Kerkrade")
    page.get_by_label("Telefoonnummer").fill("06 23456789")
    page.locator("#id_cg-0-given_name").fill("Amal")
    page.locator("#id_cg-0-family_name").fill("Haddou")
    page.locator("#id_ch-0-given_name").fill("Rayan")
    page.locator("#id_ch-0-date_of_birth").fill("2023-09-12")
    page.screenshot(path=artifacts / "specialist-2-register.png", full_page=True)
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_selector("text=Het gezin is ingeschreven.")
    page.screenshot(path=artifacts / "specialist-3-family.png", full_page=True)

    page.get_by_role("link", name="Gezinnen").first.click()
    page.get_by_label("Zoeken op").select_option("postcode")
    page.get_by_label("Zoekterm").fill("6461AB")
    page.get_by_role("button", name="Zoeken").click()
    assert "/families/" in page.url and "6461" not in page.url  # the term never enters the URL
    page.screenshot(path=artifacts / "specialist-4-search.png", full_page=True)

    page.get_by_role("link", name="Haddou").click()
    family = Family.objects.get()
    page.wait_for_url(f"{live_server.url}/families/{family.pk}/")
    assert page.get_by_text("Rayan").is_visible()
    assert page.get_by_role("heading", name="Wie heeft dit dossier bekeken").is_visible()
    page.screenshot(path=artifacts / "specialist-5-open.png", full_page=True)
    page.close()
