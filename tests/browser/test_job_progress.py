"""The privacy officer starts the access-log check and follows it to 100%, on a desktop
with JavaScript (the page asks the API) and on a phone without (the page reloads itself)."""

import re

import pytest

from accounts.models import Role
from gezinsaanpak.models.job import Job
from tests.browser.conftest import log_in
from tests.factories import PASSWORD, UserFactory
from tests.jobs import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def start_check(page, base_url):  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/access-log/")
    with page.expect_navigation():
        page.get_by_role("button", name="Logboek controleren").click()
    assert re.fullmatch(rf"{base_url}/jobs/[0-9a-f-]{{36}}/", page.url)
    assert page.locator("progress").get_attribute("value") == "0"
    assert page.get_by_text("In de wachtrij").is_visible()


@pytest.mark.parametrize(
    ("name", "viewport", "javascript"),
    [
        ("desktop", {"width": 1280, "height": 800}, True),
        ("phone", {"width": 390, "height": 844}, False),
    ],
)
def test_the_progress_bar_reaches_100_percent(
    live_server, browser, artifacts, library, name, viewport, javascript
):
    officer = UserFactory(organisation=library, role=Role.PRIVACY_OFFICER)
    context = browser.new_context(viewport=viewport, locale="nl-NL", java_script_enabled=javascript)
    page = context.new_page()
    log_in(page, live_server.url, officer.email, PASSWORD)
    start_check(page, live_server.url)
    page.screenshot(path=artifacts / f"job-{name}-1-waiting.png", full_page=True)

    run_queued_jobs()  # the worker
    # With JavaScript the script sees the API say "done" and reloads; without, the page's
    # own refresh does. Either way the server then shows the finished job.
    page.wait_for_selector("progress[value='100']", timeout=15_000)
    assert page.get_by_text("Klaar", exact=True).first.is_visible()
    assert page.get_by_text("Gecontroleerde regels").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.screenshot(path=artifacts / f"job-{name}-2-done.png", full_page=True)
    context.close()
    assert Job.objects.get().status == "done"
