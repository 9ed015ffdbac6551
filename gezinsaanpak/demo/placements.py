"""Demo VoorleesExpress: volunteers (with and without a valid VOG), a waiting list,
active and completed placements with visits. ``vrijwilliger@demo.nl`` has two active
placements, ``vrijwilliger2@demo.nl`` none (their VOG is too old to be matched)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts.models import Role, User
from gezinsaanpak.models import Family, Placement, Visit
from gezinsaanpak.models.questionnaire import Question, QuestionnaireTemplate
from gezinsaanpak.services import placements as services
from gezinsaanpak.services import visits as visit_services
from gezinsaanpak.services import volunteers as volunteer_services

from .accounts import DEMO_PASSWORD

# The referrer as written down (a role or name), and its source code for the figures.
REFERRERS = [
    ("Basisschool De Regenboog", "school"),
    ("Kinderopvang Het Nest", "kinderopvang"),
    ("JGZ consultatiebureau", "jgz"),
    ("Logopedist", "speech_therapist"),
    ("Wijkteam", "wijkteam"),
    ("Taalhuis", "taalhuis"),
    ("VluchtelingenWerk", "vluchtelingenwerk"),
]
# email, name, VOG age in days (None: none yet), trained, languages, area, capacity
EXTRA_VOLUNTEERS = (
    ("voorlezer3@demo.nl", "Henk Janssen", 400, True, ["nl", "li"], "6417", 2),
    ("voorlezer4@demo.nl", "Fatima El Idrissi", None, True, ["nl", "ar"], "6461", 2),
    ("voorlezer5@demo.nl", "Ria Bosch", 200, False, ["nl", "de"], "6441", 1),
)


def _referrer(rng: random.Random) -> dict[str, str]:
    text, source = rng.choice(REFERRERS)
    return {"referred_by": text, "referral_source": source}


def _days(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def _volunteer(email: str, name: str, organisation_id: object) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, DEMO_PASSWORD, name=name, role=Role.VOLUNTEER, organisation_id=organisation_id
        )
    return user


def _profiles(coordinator: User, users: dict[str, User]) -> dict[str, User]:
    specs = [
        ("vrijwilliger@demo.nl", "", 380, True, ["nl", "ar"], "6461", 3),
        ("vrijwilliger2@demo.nl", "", 4 * 365 + 30, True, ["nl", "tr"], "6445", 2),
        *EXTRA_VOLUNTEERS,
    ]
    volunteers = {}
    for email, name, vog_age, trained, languages, area, capacity in specs:
        user = users.get(email) or _volunteer(email, name, coordinator.organisation_id)
        data = {
            "vog_issued_on": _days(vog_age) if vog_age else None,
            "training_on": _days(500) if trained else None,
            "languages": languages,
            "area": area,
            "capacity": capacity,
            "active": True,
        }
        volunteer_services.volunteer_profile_save(actor=coordinator, volunteer=user, data=data)
        volunteers[email] = user
    return volunteers


def _run(
    coordinator: User,
    family: Family,
    volunteer: User,
    weeks_ago: int,
    rng: random.Random,
    *,
    complete: bool,
) -> Placement:
    start = _days(weeks_ago * 7)
    placement = services.placement_signup(
        actor=coordinator,
        family=family,
        **_referrer(rng),
        sign_up_date=start - datetime.timedelta(days=rng.randint(40, 200)),
        children=family.children.all(),
    )
    services.placement_match(
        actor=coordinator,
        placement=placement,
        volunteer=volunteer,
        weekday=start.weekday(),
        visit_time=datetime.time(rng.choice([10, 14, 15, 16]), 0),
        start_date=start,
    )
    services.placement_start(actor=coordinator, placement=placement)
    today = timezone.localdate()
    for number, day in enumerate(placement.planned_dates()):
        if day >= today or (not complete and number % 6 == 5):
            continue  # an active placement keeps a gap: a missing log to follow up
        status = Visit.Status.HELD if rng.random() < 0.85 else Visit.Status.CANCELLED_FAMILY
        visit_services.visit_log(
            actor=volunteer,
            placement=placement,
            date=day,
            status=status,
            minutes=rng.choice([45, 60, 60, 75]),
            parent_present=rng.random() < 0.7,
            books=rng.randint(1, 4),
        )
    for meeting in placement.meetings.filter(due_on__lt=today):
        services.meeting_record(actor=coordinator, meeting=meeting, held_on=meeting.due_on)
    if complete:
        placement.library_visit_on = start + datetime.timedelta(weeks=8)
        placement.library_cards_on = start + datetime.timedelta(weeks=8)
        placement.save(update_fields=["library_visit_on", "library_cards_on"])
        services.placement_complete(
            actor=coordinator, placement=placement, on=placement.planned_dates()[-1]
        )
    return placement


def _questionnaire(coordinator: User) -> None:
    organisation_id = coordinator.organisation_id
    assert organisation_id is not None  # noqa: S101 - demo users all have one
    template, created = QuestionnaireTemplate.objects.get_or_create(
        organisation_id=organisation_id, name="VoorleesExpress start en eind"
    )
    if created:
        for order, (text, kind) in enumerate(
            [
                ("Hoe vaak wordt er thuis voorgelezen?", Question.Kind.SCALE),
                ("Heeft het gezin een bibliotheekpas?", Question.Kind.YES_NO),
                ("Wat wil de ouder leren?", Question.Kind.TEXT),
            ]
        ):
            Question.objects.create(template=template, order=order, text=text, kind=kind)


def _eligible(families: list[Family]) -> list[Family]:
    return [
        f
        for f in families
        if any((a := c.age_in_years()) is not None and 2 <= a <= 8 for c in f.children.all())
    ]


def seed_placements(users: dict[str, User]) -> int:
    """Create the demo placements once; returns how many were made this run."""
    coordinator = users["coordinator@demo.nl"]
    organisation_id = coordinator.organisation_id
    assert organisation_id is not None  # noqa: S101 - demo users all have one
    if Placement.objects.filter(organisation_id=organisation_id).exists():
        return 0
    rng = random.Random(5)
    volunteers = _profiles(coordinator, users)
    _questionnaire(coordinator)
    open_families = (
        Family.objects.filter(
            organisation_id=organisation_id,
            status__in=(Family.Status.INTAKE, Family.Status.ACTIVE),
        )
        .prefetch_related("children")
        .order_by("opened_on", "id")
    )
    families = _eligible(list(open_families[:80]))
    made = []
    first, third = volunteers["vrijwilliger@demo.nl"], volunteers["voorlezer3@demo.nl"]
    made.append(_run(coordinator, families[0], first, 30, rng, complete=True))
    made.append(_run(coordinator, families[1], first, 6, rng, complete=False))
    made.append(_run(coordinator, families[2], first, 12, rng, complete=False))
    made.append(_run(coordinator, families[3], third, 26, rng, complete=True))
    made.append(_run(coordinator, families[4], third, 3, rng, complete=False))
    stopped = _run(coordinator, families[5], third, 10, rng, complete=False)
    services.placement_stop(actor=coordinator, placement=stopped, reason="moved")
    made.append(stopped)
    for number, family in enumerate(families[6:16]):
        placement = services.placement_signup(
            actor=coordinator,
            family=family,
            **_referrer(rng),
            sign_up_date=_days(rng.randint(5, 240)),
            children=family.children.all(),
        )
        if number % 4 == 0:
            services.placement_intake(actor=coordinator, placement=placement)
        made.append(placement)
    return len(made)
