"""'Who viewed this file' pages through every access-log line about the file (issue 19)."""

from __future__ import annotations

import html
import re
import uuid

import pytest

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import AccessEvent, Action
from tests.conftest import client_for
from tests.factories import FamilyFactory

pytestmark = pytest.mark.django_db


def _next(content: str) -> str | None:
    found = re.search(r'href="\?([^"]*)" rel="next"', content)
    return html.unescape(found.group(1)) if found else None


def test_the_file_shows_the_newest_lines_and_links_to_all(coordinator, specialist, library):
    family = FamilyFactory(organisation=library)
    entries = [access_log.Entry("family", family.pk, family.pk) for _ in range(75)]
    access_log.record_many(actor=specialist, action=Action.READ, entries=entries)
    client = client_for(coordinator)
    file = client.get(f"/families/{family.pk}/").content.decode()
    assert f'href="/families/{family.pk}/viewers/"' in file

    url, rows = f"/families/{family.pk}/viewers/", 0
    while url:
        content = client.get(url).content.decode()
        rows += content.count("<tr>") - 1
        following = _next(content)
        url = f"/families/{family.pk}/viewers/?{following}" if following else None
    # 75 reads, the file page's own line, and one line per viewers page opened (2).
    assert rows == AccessEvent.objects.filter(family_id=family.pk).count() - 1


def test_opening_the_page_is_logged_without_fields(coordinator, library):
    family = FamilyFactory(organisation=library)
    client_for(coordinator).get(f"/families/{family.pk}/viewers/")
    line = AccessEvent.objects.get(actor_id=coordinator.pk, family_id=family.pk)
    assert (line.action, line.fields, line.details) == ("read", [], {"view": "viewers"})


def test_the_page_is_not_found_for_those_without_the_whole_file(coach, volunteer, library):
    from gezinsaanpak import access

    family = FamilyFactory(organisation=library)
    access.families.grant(coach, family)  # a coach sees the contact fields only
    for user in (coach, volunteer):
        assert client_for(user).get(f"/families/{family.pk}/viewers/").status_code == 404
    assert client_for(coach).get(f"/families/{uuid.uuid4()}/viewers/").status_code == 404
