"""The privacy officer finds a family on a phone (390 px) without JavaScript."""

import pytest

from accounts.models import Role
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, CaregiverFactory, ChildFactory, FamilyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_privacy_officer_finds_a_family_on_a_phone(live_server, browser, artifacts, library):  # type: ignore[no-untyped-def]
    officer = UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    family = FamilyFactory(organisation=library)
    CaregiverFactory(family=family, family_name="Canarynaam", given_name="Ayşe")
    ChildFactory(family=family)
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", is_mobile=True, java_script_enabled=False
    )
    page = context.new_page()
    log_in(page, live_server.url, officer.email, PASSWORD)
    page.get_by_role("link", name="Een gezin zoeken").first.click()
    page.wait_for_url(f"{live_server.url}/privacy/families/search/")
    page.get_by_label("Zoeken op").select_option("family_name")
    page.get_by_label("Zoekterm").fill("canarynaam")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_selector("text=1 dossier gevonden")
    assert str(family.pk) in page.content()
    assert "Ayşe" not in page.content()
    page.screenshot(path=artifacts / "privacy-search-phone.png", full_page=True)
    cookies = context.cookies()
    context.close()

    measured = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True)
    measured.add_cookies(cookies)
    check = measured.new_page()
    check.goto(f"{live_server.url}/privacy/families/search/")
    check.get_by_label("Zoekterm").fill("canarynaam")
    check.get_by_label("Zoeken op").select_option("family_name")
    check.get_by_role("button", name="Zoeken").click()
    check.wait_for_selector("text=1 dossier gevonden")
    assert check.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    measured.close()
