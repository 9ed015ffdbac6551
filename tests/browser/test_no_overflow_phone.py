"""No page is wider than a 360 px phone: every demo persona, every page in their menu.

One browser, one context per persona (logged in once). Visited: every page in the
persona's menu, the pages those link to within their own section (the waiting list from
VoorleesExpress, a request from the requests list, ...; at most one page per kind of detail),
and the family file with its consent and "who viewed this file" pages.

On every page, each table is either narrower than the page or sits in a box that scrolls on
its own and that a keyboard user can reach and hear named: tabindex=0, role=region and a
label.
"""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from gezinsaanpak.demo.accounts import DEMO_PASSWORD, USERS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
MENU_LINKS = "nav.main-nav a[href^='/']"
PAGE_LINKS = "main a[href^='/']:not([download])"
FAMILY_SUBPAGES = ("consent/", "viewers/")
# The figures page shows its tables once a figure is chosen.
FIGURE = "/reports/?report=families_new&period=last_year"
SKIP = re.compile(r"/accounts/logout/|/i18n/|/api/|export|download|\.(csv|xlsx|pdf|json)$")
ID = re.compile(r"/[0-9a-f]{8}-[0-9a-f-]{27}/|/\d+/")
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
# Tables wider than <main> that are not in a focusable, labelled, scrolling region.
UNREACHABLE_TABLES = """() => {
  const main = document.querySelector('main');
  return [...document.querySelectorAll('main table')].filter(table => {
    const box = table.closest('.table-scroll');
    if (!box) return table.getBoundingClientRect().width > main.clientWidth + 1;
    const named = box.getAttribute('aria-label') || (box.getAttribute('aria-labelledby') || '')
      .split(' ').map(id => document.getElementById(id)).filter(Boolean)
      .map(el => el.textContent.trim()).join('');
    return !(box.tabIndex === 0 && box.getAttribute('role') === 'region' && named
             && getComputedStyle(box).overflowX === 'auto');
  }).map(table => (table.querySelector('caption, th') || table).textContent.trim().slice(0, 40));
}"""


def _paths(page, selector: str) -> list[str]:  # type: ignore[no-untyped-def]
    hrefs = page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")
    return [p for p in dict.fromkeys(urlsplit(h).path for h in hrefs) if not SKIP.search(p)]


def _kind(path: str) -> str:
    """/families/<uuid>/consent/ and /families/<other>/consent/ are the same kind of page."""
    return ID.sub("/*/", path)


def _log_in(page, base_url: str, email: str) -> None:  # type: ignore[no-untyped-def]
    """Like conftest's log_in, but partners land on /partner/ rather than on /."""
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Inloggen").click()
    assert "/accounts/login/" not in page.url, email


def _visit_all(page, base_url: str, email: str, problems: list[str], artifacts) -> list[str]:  # type: ignore[no-untyped-def]
    menu = _paths(page, MENU_LINKS)
    sections = [p for p in menu if p != "/"]
    queue = [(path, True) for path in menu]
    seen: list[str] = []
    kinds: set[str] = set()
    while queue:
        path, from_menu = queue.pop(0)
        if path in seen or (not from_menu and _kind(path) in kinds):
            continue
        seen.append(path)
        kinds.add(_kind(path))
        response = page.goto(base_url + path)
        assert response is not None, (email, path)
        assert response.ok, (email, path, response.status)
        overflow = page.evaluate(OVERFLOW)
        if overflow > 0:
            problems.append(f"{email} {path}: page is {overflow}px wider than the screen")
            slug = re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-")
            name = f"overflow-{email.split('@')[0]}-{slug}.png"
            page.screenshot(path=artifacts / name, full_page=True)
        for table in page.evaluate(UNREACHABLE_TABLES):
            problems.append(f"{email} {path}: table {table!r} is wide and not in a labelled region")
        if from_menu:  # one step further, within the section this menu item opens
            section = next((s for s in sections if path.startswith(s)), None)
            links = _paths(page, PAGE_LINKS)
            queue += [
                (p, False)
                for p in links
                if section and p.startswith(section) and not p.endswith(("/new/", "/edit/"))
            ]
        if path == "/reports/":
            queue.append((FIGURE, True))
        if re.fullmatch(r"/families/[0-9a-f-]{36}/", path):
            linked = _paths(page, PAGE_LINKS)
            queue += [(path + sub, True) for sub in FAMILY_SUBPAGES if path + sub in linked]
    return seen


def test_no_page_is_wider_than_a_phone(live_server, browser, artifacts):
    call_command("seed_demo", stdout=io.StringIO())
    problems: list[str] = []
    visited: dict[str, list[str]] = {}
    for email, _role, _organisation in USERS:
        context = browser.new_context(viewport=PHONE, locale="nl-NL", is_mobile=True)
        page = context.new_page()
        _log_in(page, live_server.url, email)
        visited[email] = _visit_all(page, live_server.url, email, problems, artifacts)
        context.close()
    report = "\n".join(f"{email}: {' '.join(paths)}" for email, paths in visited.items())
    (artifacts / "no-overflow-pages.txt").write_text(report + "\n")
    # The pages the issue named as overflowing are among those checked.
    checked = {_kind(path) for paths in visited.values() for path in paths}
    for kind in (
        "/voorleesexpress/waiting-list/",
        "/families/*/consent/",
        "/families/*/viewers/",
        "/families/*/",
        "/access-log/",
        FIGURE,
    ):
        assert kind in checked, (kind, report)
    assert not problems, "\n".join(problems)
