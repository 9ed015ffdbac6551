"""A form with errors starts with an error summary: a heading and a link to each field in
error (GOV.UK / NL Design System); formsets speak plain Dutch."""

from __future__ import annotations

import re

import pytest

from tests.conftest import client_for
from tests.factories import FamilyFactory, active_placement

pytestmark = pytest.mark.django_db


def _summary(page: str) -> str:
    start = page.index('class="error-summary"')
    return page[start : page.index("</div>", start)]


def test_an_empty_family_form_names_what_is_missing_in_plain_dutch(specialist):
    data = {
        "cg-TOTAL_FORMS": "0",
        "cg-INITIAL_FORMS": "0",
        "ch-TOTAL_FORMS": "1",
        "ch-INITIAL_FORMS": "0",
    }
    page = client_for(specialist).post("/families/new/", data).content.decode()
    summary = _summary(page)
    assert "Vul ten minste één ouder of verzorger in." in summary
    assert "Vul ten minste één kind in." in summary
    assert "formulier" not in summary
    assert "<h2" in summary and 'tabindex="-1"' in summary
    assert page.index('class="error-summary"') < page.index("<fieldset")


def test_each_field_in_error_is_a_link_to_its_input(volunteer, coordinator, library):
    placement = active_placement(coordinator, volunteer, FamilyFactory(organisation=library))
    page = client_for(volunteer).post(f"/my-families/{placement.pk}/concern/", {"text": ""})
    summary = _summary(page.content.decode())
    [target] = re.findall(r'href="#([^"]+)"', summary)
    assert target == "id_text"
    assert 'id="id_text"' in page.content.decode()


def test_a_radio_group_in_error_links_to_its_first_choice(volunteer, coordinator, library):
    placement = active_placement(coordinator, volunteer, FamilyFactory(organisation=library))
    page = client_for(volunteer).post(f"/my-families/{placement.pk}/", {"status": "x"})
    content = page.content.decode()
    assert 'href="#id_status_0"' in _summary(content)
    assert 'id="id_status_0"' in content
