"""The volunteer register and the questionnaires of a placement (coordinator writes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import Http404

from accounts.models import User
from gezinsaanpak.access import placements as placement_access
from gezinsaanpak.access.roles import Capability
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import (
    Answer,
    Placement,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    VolunteerProfile,
)

from .placements import require

PROFILE_INPUT_FIELDS = ("vog_issued_on", "training_on", "languages", "area", "capacity", "active")


@transaction.atomic
def volunteer_profile_save(
    *, actor: User, volunteer: User, data: Mapping[str, Any]
) -> VolunteerProfile:
    """Create or change a volunteer's profile; a new VOG date records who checked it."""
    if not placement_access.is_volunteer_of(actor, volunteer):
        raise Http404
    profile, created = VolunteerProfile.objects.get_or_create(user=volunteer)
    vog_changed = "vog_issued_on" in data and data["vog_issued_on"] != profile.vog_issued_on
    for name in PROFILE_INPUT_FIELDS:
        if name in data:
            setattr(profile, name, data[name])
    if vog_changed:
        profile.vog_checked_by = actor if profile.vog_issued_on else None
    profile.full_clean()
    profile.save()
    fields = [n for n in PROFILE_INPUT_FIELDS if n in data]
    events.volunteer_profile_changed(actor, profile, fields, created=created)
    return profile


@transaction.atomic
def questionnaire_save(
    *,
    actor: User,
    placement: Placement,
    template: QuestionnaireTemplate,
    moment: str,
    answers: Mapping[int, str],
) -> QuestionnaireResponse:
    """Store the answers (encrypted) of one questionnaire at the start or the end."""
    require(actor, Capability.MATCH, placement)
    if template.organisation_id != placement.organisation_id:
        raise Http404
    response, created = QuestionnaireResponse.objects.update_or_create(
        placement=placement, template=template, moment=moment, defaults={"filled_in_by": actor}
    )
    questions = list(template.questions.all())
    for question in questions:
        Answer.objects.update_or_create(
            response=response,
            question=question,
            defaults={"value": str(answers.get(question.pk, ""))},
        )
    events.questionnaire_answered(actor, response, created=created, questions=len(questions))
    return response
