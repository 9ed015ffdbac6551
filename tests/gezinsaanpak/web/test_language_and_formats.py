"""One date format in both languages (`2 december 2026`, `2 dec. 2026`, `14:05`), the
`— Kies —` placeholder, *Werkvoorraad*, plurals and a timeline in whole Dutch sentences."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from gezinsaanpak import dates
from gezinsaanpak.audit import log
from gezinsaanpak.selectors.timeline import family_timeline
from gezinsaanpak.services import boekstart as boekstart_services
from tests.conftest import client_for
from tests.factories import FamilyFactory, LocationFactory, active_placement

DAY = datetime.date(2026, 12, 2)
MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 2, 14, 5))


@pytest.mark.parametrize(
    ("language", "long", "short", "moment"),
    [
        ("nl", "2 december 2026", "2 dec. 2026", "2 maart 2026 om 14:05"),
        ("en", "2 December 2026", "2 Dec 2026", "2 March 2026 at 14:05"),
    ],
)
def test_one_date_format_in_both_languages(language, long, short, moment):
    with translation.override(language):
        assert dates.format_day(DAY) == long
        assert dates.format_day(DAY, short=True) == short
        assert dates.format_time(MOMENT) == "14:05"
        assert dates.format_day_time(MOMENT) == moment
        rendered = Template(
            "{% load gezinsaanpak %}{{ d|day }}|{{ d|day_short }}|{{ m|clock }}"
        ).render(Context({"d": DAY, "m": MOMENT}))
    assert rendered == f"{long}|{short}|14:05"


def test_may_and_march_follow_the_taalunie():
    with translation.override("nl"):
        assert dates.format_day(datetime.date(2026, 5, 1), short=True) == "1 mei 2026"
        assert dates.format_day(datetime.date(2026, 3, 1), short=True) == "1 mrt. 2026"
    assert dates.format_day(None) == ""


def test_no_template_writes_a_date_format_of_its_own():
    from pathlib import Path

    from django.conf import settings

    offenders = [
        str(path)
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        for marker in ('date:"SHORT_', 'date:"j ', 'date:"DATE_FORMAT', 'time:"H:i"')
        if marker in path.read_text()
    ]
    assert offenders == []


@pytest.mark.django_db
def test_a_select_offers_kies_and_the_menu_says_werkvoorraad(coordinator, volunteer, library):
    placement = active_placement(coordinator, volunteer, FamilyFactory(organisation=library))
    page = client_for(coordinator).get(f"/voorleesexpress/placements/{placement.pk}/")
    content = page.content.decode()
    assert '<option value="" selected>— Kies —</option>' in content
    assert "Werkvoorraad" in content and "Caseload" not in content


@pytest.mark.django_db
def test_one_koffertje_is_singular(coach, library):
    location = LocationFactory(organisation=library)
    counts = {"conversations": 1, "vouchers_handed_out": 1, "koffertjes": 1}
    boekstart_services.session_log(
        actor=coach, location=location, date=timezone.localdate(), counts=counts
    )
    content = client_for(coach).get("/boekstart/").content.decode()
    assert "1 koffertje" in content and "1 koffertjes" not in content
    assert "1 waardebon," in content


@pytest.mark.django_db
def test_the_timeline_speaks_in_sentences_without_model_or_field_names(coordinator, library):
    family = FamilyFactory(organisation=library)
    log.record(
        actor=coordinator,
        action="update",
        object_type="placement",
        family_id=family.pk,
        fields=["placement.status", "placement.handed_over_at"],
        details={"status": "active"},
    )
    log.record(
        actor=coordinator,
        action="create",
        object_type="visit",
        family_id=family.pk,
        fields=["visit.date", "visit.status"],
    )
    with translation.override("nl"):
        texts = [item.text for item in family_timeline(family)]
    assert "De koppeling voor de VoorleesExpress is nu: Actief." in texts
    assert "De vrijwilliger heeft een bezoek vastgelegd." in texts
    joined = " ".join(texts)
    for raw in ("placement", "handed_over_at", "visit.", "Aanmaken", "Wijzigen:"):
        assert raw not in joined
