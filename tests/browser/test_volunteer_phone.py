"""A volunteer on a phone (390x844): log in, open a family, log a visit in three taps."""

import pytest

from accounts.models import Role
from gezinsaanpak.models import Visit
from tests.browser.conftest import log_in
from tests.factories import (
    PASSWORD,
    CaregiverFactory,
    ChildFactory,
    FamilyFactory,
    UserFactory,
    active_placement,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_volunteer_logs_a_visit_on_a_phone(live_server, browser, artifacts, library):
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR)
    volunteer = UserFactory(organisation=library, role=Role.VOLUNTEER, name="Henk Janssen")
    family = FamilyFactory(organisation=library, home_languages=["ar", "nl"], street="Hoofdstraat")
    CaregiverFactory(family=family, given_name="Amal", family_name="Haddou")
    ChildFactory(family=family, given_name="Rayan")
    placement = active_placement(coordinator, volunteer, family, weeks_ago=1)
    page = browser.new_page(
        viewport={"width": 390, "height": 844}, locale="nl-NL", is_mobile=True, has_touch=True
    )

    log_in(page, live_server.url, volunteer.email, PASSWORD)
    page.screenshot(path=artifacts / "volunteer-1-start.png", full_page=True)
    page.get_by_role("link", name="Mijn gezinnen").first.click()
    page.wait_for_url(f"{live_server.url}/my-families/")
    assert "Haddou" not in page.content()
    page.screenshot(path=artifacts / "volunteer-2-my-families.png", full_page=True)

    page.get_by_role("link", name="Amal").click()  # tap 1: the family
    page.wait_for_url(f"{live_server.url}/my-families/{placement.pk}/")
    assert page.get_by_text("Hoofdstraat").is_visible()
    page.screenshot(path=artifacts / "volunteer-3-family.png", full_page=True)
    page.get_by_label("Bezoek gehad").check()  # tap 2: what happened
    page.get_by_role("button", name="Bezoek opslaan").click()  # tap 3: save
    page.wait_for_selector("text=Het bezoek is opgeslagen.")
    page.screenshot(path=artifacts / "volunteer-4-visit-saved.png", full_page=True)

    visit = Visit.objects.get()
    assert (visit.placement, visit.status, visit.minutes) == (placement, "held", 60)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling
    page.close()
