"""The municipality's figures page (/reports/) with its chart, on a desktop and a phone."""

from __future__ import annotations

import datetime

import pytest

from accounts.models import Municipality, Organisation, Role
from gezinsaanpak.models import Family
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, LibraryFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world() -> str:
    kerkrade = Municipality.objects.create(code="GM0928", name="Kerkrade")
    library = LibraryFactory(name="Bibliotheek Demo", municipalities=[kerkrade])
    gemeente = Organisation.objects.create(name="Gemeente Kerkrade", kind="municipality")
    gemeente.municipalities.set([kerkrade])
    officer = UserFactory(organisation=gemeente, role=Role.MUNICIPALITY, name="Beleid Kerkrade")
    families = [
        Family(
            organisation=library,
            municipality=kerkrade,
            opened_on=datetime.date(year, month, 3),
            status="active",
        )
        for year, per_month in ((2024, 6), (2025, 9))
        for month in range(1, 13)
        for _ in range(per_month + month % 4)
    ]
    Family.objects.bulk_create(families)
    return officer.email


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900), ("phone", 390, 844)])
def test_municipality_sees_a_chart_with_its_table(
    live_server, browser, artifacts, name, width, height
):
    email = _world()
    page = browser.new_page(viewport={"width": width, "height": height}, locale="nl-NL")
    log_in(page, live_server.url, email, PASSWORD)
    page.get_by_role("link", name="Cijfers").first.click()
    page.get_by_label("Cijfer").select_option("families_new")
    page.get_by_label("Periode").select_option("custom")
    page.get_by_label("Van").fill("2025-01-01")
    page.get_by_label("Tot en met").fill("2025-12-31")
    with page.expect_navigation():
        page.get_by_role("button", name="Tonen").click()
    chart = page.locator("svg.chart")
    assert chart.count() == 1
    assert "Nieuwe gezinnen per maand" in chart.locator("title").text_content()
    assert chart.locator("rect.bar").count() == 12
    assert chart.locator("polyline.before").count() == 1  # a year earlier
    table = page.get_by_role("table", name="Per maand")
    assert "2025-01" in table.inner_text()
    assert page.get_by_role("link", name="Download als CSV").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=artifacts / f"reports-{name}.png", full_page=True)
    page.close()
