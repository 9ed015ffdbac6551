"""The volunteer register and the matching suggestions, for coordinators."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import Role, User
from gezinsaanpak.models import (
    Placement,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    VolunteerProfile,
)

BUSY = (Placement.Status.MATCHED, Placement.Status.ACTIVE)


@dataclass(frozen=True)
class RegisterRow:
    user: User
    profile: VolunteerProfile | None
    busy: int
    warnings: list[str] = field(default_factory=list)

    @property
    def free(self) -> int:
        return max(0, (self.profile.capacity if self.profile else 0) - self.busy)


def _volunteers(user: User) -> QuerySet[User]:
    if user.role != Role.COORDINATOR or user.organisation_id is None:
        raise Http404
    return (
        User.objects.filter(organisation_id=user.organisation_id, role=Role.VOLUNTEER)
        .select_related("volunteer_profile")
        .annotate(busy=Count("placements", filter=Q(placements__status__in=BUSY)))
        .order_by("name", "email")
    )


def _profile(volunteer: User) -> VolunteerProfile | None:
    try:
        return volunteer.volunteer_profile
    except VolunteerProfile.DoesNotExist:
        return None


def volunteer_register(user: User) -> list[RegisterRow]:
    """Every volunteer of the organisation, with what keeps them from being matched."""
    rows = []
    for volunteer in _volunteers(user):
        profile = _profile(volunteer)
        warnings = profile.warnings() if profile else []
        rows.append(RegisterRow(volunteer, profile, volunteer.busy, warnings))  # type: ignore[attr-defined]
    return rows


def volunteer_get(user: User, volunteer_id: UUID | str) -> User:
    try:
        return _volunteers(user).get(pk=volunteer_id)
    except (User.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


def profiles_visible_to(user: User) -> QuerySet[VolunteerProfile]:
    """For the API: a coordinator sees the organisation's profiles, a volunteer their own."""
    profiles = VolunteerProfile.objects.select_related("user", "vog_checked_by")
    if user.role == Role.COORDINATOR and user.organisation_id:
        return profiles.filter(user__organisation_id=user.organisation_id)
    if user.role == Role.VOLUNTEER:
        return profiles.filter(user=user)
    return profiles.none()


def profile_get(user: User, profile_id: UUID | str) -> VolunteerProfile:
    try:
        return profiles_visible_to(user).get(pk=profile_id)
    except (VolunteerProfile.DoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None


@dataclass(frozen=True)
class Suggestion:
    volunteer: User
    profile: VolunteerProfile
    shared_languages: list[str]
    distance: int | None
    free: int

    def rank(self) -> tuple[int, int, int]:
        far = self.distance if self.distance is not None else 10_000
        return (-len(self.shared_languages), far, -self.free)


def _postcode_digits(value: str) -> int | None:
    match = re.match(r"\s*(\d{4})", value or "")
    return int(match.group(1)) if match else None


def suggestions(user: User, placement: Placement) -> list[Suggestion]:
    """Volunteers who may be matched, best first: language, then distance, then capacity.

    Those without a valid VOG and training, or without room, are left out.
    """
    family = placement.family
    languages = set(family.home_languages) | set(family.reading_languages)
    home = _postcode_digits(family.postcode)
    found = []
    for row in volunteer_register(user):
        if row.profile is None or row.warnings or row.free == 0:
            continue
        area = _postcode_digits(row.profile.area)
        found.append(
            Suggestion(
                volunteer=row.user,
                profile=row.profile,
                shared_languages=sorted(languages & set(row.profile.languages)),
                distance=abs(area - home) if area is not None and home is not None else None,
                free=row.free,
            )
        )
    return sorted(found, key=Suggestion.rank)


def questionnaire_templates(user: User) -> list[QuestionnaireTemplate]:
    if user.organisation_id is None:
        return []
    return list(
        QuestionnaireTemplate.objects.filter(
            organisation_id=user.organisation_id, active=True
        ).prefetch_related("questions")
    )


def questionnaire_summary(placement: Placement) -> list[dict[str, object]]:
    """Per question: the answer at the start and at the end, side by side."""
    responses = QuestionnaireResponse.objects.filter(placement=placement).prefetch_related(
        "answers__question", "template"
    )
    rows: dict[int, dict[str, object]] = {}
    for response in responses:
        for answer in response.answers.all():
            row = rows.setdefault(
                answer.question_id,
                {"question": answer.question, "template": response.template},
            )
            row[response.moment] = answer.value
    return sorted(rows.values(), key=lambda r: (r["question"].order, r["question"].pk))  # type: ignore[attr-defined]
