"""The volunteer register and the matching suggestions, for coordinators."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.core.paginator import Page
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.roles import Capability, can
from gezinsaanpak.models import Placement, QuestionnaireTemplate, VolunteerProfile

from .paging import page_of

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
    if not can(user, Capability.MANAGE_VOLUNTEERS):
        raise Http404
    return (
        placement_access.volunteers_visible_to(user)
        .select_related("volunteer_profile__vog_checked_by")
        .annotate(busy=Count("placements", filter=Q(placements__status__in=BUSY)))
        .order_by("name", "email")
    )


def _profile(volunteer: User) -> VolunteerProfile | None:
    try:
        return volunteer.volunteer_profile
    except VolunteerProfile.DoesNotExist:
        return None


def _rows(volunteers: Iterable[User]) -> list[RegisterRow]:
    rows = []
    for volunteer in volunteers:
        profile = _profile(volunteer)
        warnings = profile.warnings() if profile else []
        rows.append(RegisterRow(volunteer, profile, volunteer.busy, warnings))  # type: ignore[attr-defined]
    return rows


def volunteer_register(user: User) -> list[RegisterRow]:
    """Every volunteer of the organisation, with what keeps them from being matched."""
    return _rows(_volunteers(user))


def volunteer_register_page(
    user: User, number: int | str | None
) -> tuple[Page[User], list[RegisterRow]]:
    """One page (50) of the register, in name order, and its rows."""
    page = page_of(_volunteers(user), number)
    return page, _rows(page.object_list)


@dataclass(frozen=True)
class ProfilePage:
    volunteer: User
    profile: VolunteerProfile | None


def volunteer_profile_page(user: User, volunteer_id: UUID | str) -> ProfilePage:
    """A volunteer the coordinator looks after, with their profile if they have one."""
    if not can(user, Capability.MANAGE_VOLUNTEERS):
        raise Http404
    volunteer = placement_access.volunteer_for(user, volunteer_id)
    return ProfilePage(volunteer, _profile(volunteer))


def _api_profiles(user: User) -> QuerySet[VolunteerProfile]:
    if not (can(user, Capability.MANAGE_VOLUNTEERS) or can(user, Capability.READ_AS_VOLUNTEER)):
        raise Http404
    return placement_access.profiles_visible_to(user)


def profile_api_page(user: User, *, page: int | str | None) -> Page[VolunteerProfile]:
    """For the API: a coordinator the organisation's profiles, a volunteer their own."""
    return page_of(_api_profiles(user).order_by("user__name", "id"), page, strict=True)


def profile_api_get(user: User, profile_id: UUID | str) -> VolunteerProfile:
    _api_profiles(user)
    return placement_access.profile_for(user, profile_id)


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
