"""Matching gates, the visit plan, meetings, the waiting list, nazorg and concerns."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from accounts.models import Role
from gezinsaanpak.models import Concern, Placement, ProgrammeAgeRange, Visit
from gezinsaanpak.models.questionnaire import Question, QuestionnaireTemplate
from gezinsaanpak.selectors import placements as selectors
from gezinsaanpak.selectors import volunteers as volunteer_selectors
from gezinsaanpak.selectors.placement_records import progress as progress_of_placement
from gezinsaanpak.services import placements as services
from gezinsaanpak.services import visits as visit_services
from gezinsaanpak.services import volunteers as volunteer_services
from gezinsaanpak.services.errors import ServiceError
from tests.conftest import client_for
from tests.factories import (
    CaregiverFactory,
    ChildFactory,
    FamilyFactory,
    VolunteerProfileFactory,
    active_placement,
)
from tests.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


@pytest.fixture
def family(library):  # type: ignore[no-untyped-def]
    family = FamilyFactory(organisation=library, postcode="6461 AB", home_languages=["ar"])
    CaregiverFactory(family=family, given_name="Amal", family_name="Haddou")
    ChildFactory(
        family=family, given_name="Rayan", date_of_birth=TODAY.replace(year=TODAY.year - 4)
    )
    return family


def _match(coordinator, placement, volunteer):  # type: ignore[no-untyped-def]
    start = TODAY + datetime.timedelta(days=7)
    return services.placement_match(
        actor=coordinator,
        placement=placement,
        volunteer=volunteer,
        weekday=start.weekday(),
        visit_time=datetime.time(15, 0),
        start_date=start,
    )


@pytest.mark.parametrize(
    ("vog_days", "trained", "allowed"),
    [(200, True, True), (None, True, False), (3 * 365 + 10, True, False), (200, False, False)],
)
def test_vog_and_training_gate_matching(coordinator, family, library, vog_days, trained, allowed):
    profile = VolunteerProfileFactory(
        user__organisation=library,
        vog_issued_on=TODAY - datetime.timedelta(days=vog_days) if vog_days else None,
        training_on=TODAY if trained else None,
    )
    placement = services.placement_signup(actor=coordinator, family=family)
    suggested = [s.volunteer for s in volunteer_selectors.suggestions(coordinator, placement)]
    assert (profile.user in suggested) is allowed
    if allowed:
        assert _match(coordinator, placement, profile.user).status == Placement.Status.MATCHED
    else:
        assert profile.warnings()
        with pytest.raises(ServiceError) as error:
            _match(coordinator, placement, profile.user)
        assert error.value.field == "volunteer"


def test_twenty_weekly_visits_and_meeting_due_dates(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family, weeks_ago=0)
    dates = placement.planned_dates()
    assert len(dates) == 20
    assert {d.weekday() for d in dates} == {placement.weekday}
    assert dates[1] - dates[0] == datetime.timedelta(weeks=1)
    due = {m.moment: m.due_on for m in placement.meetings.all()}
    assert due == {"start": dates[0], "week_10": dates[9], "end": dates[19]}
    page = client_for(coordinator).get(f"/voorleesexpress/placements/{placement.pk}/")
    assert dates[9].strftime("%Y") in page.content.decode()


def test_progress_counts_held_against_planned_and_missing_logs(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family, weeks_ago=3)
    start = placement.start_date
    visit_services.visit_log(
        actor=volunteer,
        placement=placement,
        date=start,
        status="held",
        minutes=60,
        books=2,
        parent_present=True,
    )
    visit_services.visit_log(
        actor=volunteer,
        placement=placement,
        date=start + datetime.timedelta(weeks=1),
        status="cancelled_family",
    )
    progress = progress_of_placement(placement)
    assert (progress.held, progress.planned, progress.missing_logs) == (1, 20, 1)


def test_lifecycle_refuses_wrong_steps_and_needs_a_stop_reason(coordinator, family):
    placement = services.placement_signup(actor=coordinator, family=family)
    with pytest.raises(ServiceError):
        services.placement_start(actor=coordinator, placement=placement)
    with pytest.raises(ServiceError):
        services.placement_stop(actor=coordinator, placement=placement, reason="")
    with pytest.raises(ServiceError):
        services.placement_signup(actor=coordinator, family=family)


def test_nazorg_follows_a_completed_placement(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family, weeks_ago=20)
    services.placement_complete(actor=coordinator, placement=placement)
    nazorg = services.placement_nazorg(actor=coordinator, placement=placement, interval_weeks=3)
    dates = nazorg.planned_dates()
    assert len(dates) == 5 and dates[1] - dates[0] == datetime.timedelta(weeks=3)
    assert nazorg.volunteer == volunteer and nazorg.status == Placement.Status.MATCHED


def test_waiting_list_order_eligibility_and_second_participation(coordinator, volunteer, library):
    old = FamilyFactory(organisation=library)
    ChildFactory(family=old, date_of_birth=TODAY - datetime.timedelta(days=365))  # 1 year
    young = services.placement_signup(
        actor=coordinator, family=old, sign_up_date=TODAY - datetime.timedelta(days=90)
    )
    again = FamilyFactory(organisation=library)
    ChildFactory(family=again, date_of_birth=TODAY.replace(year=TODAY.year - 5))
    first = active_placement(coordinator, volunteer, again, weeks_ago=22)
    services.placement_complete(actor=coordinator, placement=first)
    second = services.placement_signup(
        actor=coordinator, family=again, sign_up_date=TODAY - datetime.timedelta(days=10)
    )
    rows = selectors.waiting_list(coordinator)
    assert [r.placement.pk for r in rows] == [young.pk, second.pk]
    assert [r.eligible for r in rows] == [False, True]
    assert [r.took_part_before for r in rows] == [False, True]
    ProgrammeAgeRange.objects.create(
        organisation=library, programme="voorleesexpress", min_age=1, max_age=8
    )
    assert [r.eligible for r in selectors.waiting_list(coordinator)] == [True, True]
    page = client_for(coordinator).get("/voorleesexpress/waiting-list/").content.decode()
    assert "Eerder meegedaan" in page


def test_suggestions_rank_language_then_distance_then_capacity(coordinator, family, library):
    near = VolunteerProfileFactory(user__organisation=library, languages=["nl"], area="6462")
    speaks = VolunteerProfileFactory(user__organisation=library, languages=["ar"], area="6800")
    far = VolunteerProfileFactory(user__organisation=library, languages=["nl"], area="6900")
    full = VolunteerProfileFactory(user__organisation=library, languages=["ar"], capacity=0)
    placement = services.placement_signup(actor=coordinator, family=family)
    ranked = [s.profile for s in volunteer_selectors.suggestions(coordinator, placement)]
    assert ranked == [speaks, near, far]
    assert full not in ranked


def test_concern_reaches_the_coordinator_and_the_mail_holds_no_personal_data(
    coordinator, volunteer, family
):
    placement = active_placement(coordinator, volunteer, family)
    client = client_for(volunteer)
    text = "Rayan had blauwe plekken op zijn armen, Amal wilde er niet over praten."
    response = client.post(f"/my-families/{placement.pk}/concern/", {"text": text})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.text == text
    assert mail.outbox == []  # not in the request: a worker sends it
    run_queued_jobs()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [coordinator.email]
    whole = message.subject + message.body
    for value in (
        "Rayan",
        "Amal",
        "Haddou",
        family.postcode,
        family.phone,
        volunteer.name,
        volunteer.email,
        str(family.pk),
        str(placement.pk),
        "blauwe",
    ):
        assert value not in whole
    assert "/voorleesexpress/" in message.body
    dashboard = client_for(coordinator).get("/voorleesexpress/").content.decode()
    assert "blauwe plekken" in dashboard
    assert "1 open zorg" in client_for(coordinator).get("/").content.decode()


def test_empty_concern_is_refused_in_dutch(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family)
    response = client_for(volunteer).post(f"/my-families/{placement.pk}/concern/", {"text": " "})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()
    assert not Concern.objects.exists()


def test_visit_log_with_defaults_in_one_post(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family)
    client = client_for(volunteer)
    form = client.get(f"/my-families/{placement.pk}/").context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v not in (None, False)}
    response = client.post(f"/my-families/{placement.pk}/", data)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.status, visit.minutes, visit.parent_present, visit.date) == (
        "held",
        60,
        True,
        TODAY,
    )


def test_visit_api_validates_and_names_the_field(coordinator, volunteer, family):
    placement = active_placement(coordinator, volunteer, family)
    client = client_for(volunteer)
    url = f"/api/v1/placements/{placement.pk}/visits/"
    bad = client.post(
        url, {"date": "2020-13-01", "status": "held"}, content_type="application/json"
    )
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"] == "date"
    future = (TODAY + datetime.timedelta(days=3)).isoformat()
    later = client.post(url, {"date": future, "status": "held"}, content_type="application/json")
    assert later.status_code == 422 and later.json()["errors"][0]["attr"] == "date"
    ok = client.post(
        url,
        {"date": TODAY.isoformat(), "status": "held", "minutes": 50, "note": "Veel gelachen"},
        content_type="application/json",
    )
    assert ok.status_code == 201
    assert client.get(url).json()["results"][0]["note"] == "Veel gelachen"
    assert (
        client_for(coordinator)
        .post(url, {"date": TODAY.isoformat(), "status": "held"}, content_type="application/json")
        .status_code
        == 404
    )


def test_questionnaire_answers_at_start_and_end_make_a_summary(
    coordinator, volunteer, family, library
):
    template = QuestionnaireTemplate.objects.create(organisation=library, name="VE")
    question = Question.objects.create(template=template, text="Hoe vaak?", kind="scale")
    placement = active_placement(coordinator, volunteer, family)
    client = client_for(coordinator)
    for moment, value in (("start", "2"), ("end", "4")):
        url = f"/voorleesexpress/placements/{placement.pk}/questionnaire/{moment}/"
        assert client.post(url, {f"q{question.pk}": value}).status_code == 302
    summary = selectors.placement_page(coordinator, placement.pk).summary
    assert summary[0]["start"] == "2" and summary[0]["end"] == "4"


def test_volunteer_register_warns_and_records_who_checked_the_vog(coordinator, library):
    from tests.factories import UserFactory

    newcomer = UserFactory(organisation=library, role=Role.VOLUNTEER)
    page = client_for(coordinator).get("/voorleesexpress/volunteers/").content.decode()
    assert "Nog geen profiel." in page
    response = client_for(coordinator).post(
        f"/voorleesexpress/volunteers/{newcomer.pk}/",
        {
            "vog_issued_on": (TODAY.replace(year=TODAY.year - 4)).isoformat(),
            "area": "6461",
            "capacity": "2",
            "active": "on",
            "languages": ["nl"],
        },
    )
    assert response.status_code == 302
    profile = newcomer.volunteer_profile
    assert profile.vog_checked_by == coordinator
    assert "De VOG is ouder dan 3 jaar." in profile.warnings()
    bad = client_for(coordinator).post(
        f"/voorleesexpress/volunteers/{newcomer.pk}/", {"area": "64", "capacity": "2"}
    )
    assert "Vul de 4 cijfers van een postcode in." in bad.content.decode()
    volunteer_services.volunteer_profile_save(
        actor=coordinator, volunteer=newcomer, data={"capacity": 1}
    )
    assert newcomer.volunteer_profile.vog_checked_by == coordinator
