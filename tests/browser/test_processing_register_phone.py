"""The privacy officer reads the processing register on a phone, without sideways scroll."""

import pytest

from accounts.models import Role
from tests.browser.conftest import log_in
from tests.browser.test_team_phone import PHONE, no_sideways_scroll
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_processing_register_on_a_phone(live_server, browser, artifacts, library):
    library.controller_contact = "Een heel lang adres, Stationsplein 1, 1234 AB Bibliotheekstad"
    library.dpo_email = "functionaris.gegevensbescherming@bibliotheek-voorbeeld.nl"
    library.save()
    officer = UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server.url, officer.email, PASSWORD)
    page.get_by_role("link", name="Verwerkingsregister").first.click()
    page.wait_for_url(f"{live_server.url}/privacy/register/")
    assert page.get_by_role("link", name="Downloaden als CSV (spreadsheet)").is_visible()
    assert page.get_by_text("bijzonder gegeven").first.is_visible()
    page.screenshot(path=artifacts / "processing-register-phone.png", full_page=True)
    assert no_sideways_scroll(browser, f"{live_server.url}/privacy/register/", context.cookies())
    context.close()
