"""A coordinator uploads the sample families file with errors, fixes nothing, sees the
errors, confirms, and watches the progress bar finish; on a phone without JavaScript."""

import re

import pytest

from accounts.models import Role
from gezinsaanpak.models import Family
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, LibraryFactory, MunicipalityFactory, UserFactory
from tests.gezinsaanpak.imports.conftest import EXAMPLES
from tests.jobs import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("name", "viewport", "javascript"),
    [
        ("desktop", {"width": 1280, "height": 800}, True),
        ("phone", {"width": 390, "height": 844}, False),
    ],
)
def test_coordinator_imports_the_example_file_and_watches_it_finish(
    live_server, browser, artifacts, name, viewport, javascript
):
    kerkrade = MunicipalityFactory(code="GM0928", name="Kerkrade")
    brunssum = MunicipalityFactory(code="GM0899", name="Brunssum")
    library = LibraryFactory(name="Bibliotheek Demo", municipalities=[kerkrade, brunssum])
    coordinator = UserFactory(organisation=library, role=Role.COORDINATOR)
    context = browser.new_context(viewport=viewport, locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    base = live_server.url
    log_in(page, base, coordinator.email, PASSWORD)

    page.get_by_role("link", name="Importeren").first.click()
    page.wait_for_url(f"{base}/import/")
    page.get_by_label("Wat importeert u?").select_option("families")
    page.get_by_label("Spreadsheet (XLSX of CSV)").set_input_files(
        str(EXAMPLES / "gezinnen-met-fouten.xlsx")
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Bestand controleren").click()

    errors = page.locator(".import-errors li")
    assert errors.count() == 5
    assert errors.first.inner_text() == (
        "Rij 4, kolom Postcode: vul een Nederlandse postcode in, zoals 1234 AB"
    )
    assert page.get_by_text("25 rijen worden aangemaakt.").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=artifacts / f"import-{name}-1-preview.png", full_page=True)
    assert Family.objects.count() == 0

    with page.expect_navigation():
        page.get_by_role("button", name="25 rijen importeren").click()
    assert re.fullmatch(rf"{base}/jobs/[0-9a-f-]{{36}}/", page.url)
    assert page.locator("progress").get_attribute("value") == "0"
    job_page = page.url

    # The worker writes 25 families while the page polls; SQLite's shared in-memory test
    # database refuses that concurrency ("table is locked"), so the page waits elsewhere
    # while the worker runs, and comes back to see the job finish.
    page.goto("about:blank")
    run_queued_jobs()  # the worker
    page.goto(job_page)
    # Without JavaScript the page reloads itself every 2 seconds; give a busy machine time.
    page.wait_for_selector("progress[value='100']", timeout=30_000)
    assert page.get_by_text("Klaar", exact=True).first.is_visible()
    assert page.get_by_text("Aangemaakt").is_visible()
    assert page.get_by_role("link", name=re.compile("import-errors.csv")).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=artifacts / f"import-{name}-2-done.png", full_page=True)
    context.close()
    assert Family.objects.count() == 25
