"""The volunteer register and the questionnaires of a placement (coordinator writes)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.http import Http404

from accounts.models import Role, User
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import (
    Answer,
    Placement,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    VolunteerProfile,
)
from gezinsaanpak.models.audit import Action

from .placements import log_placement, require_coordinator

PROFILE_INPUT_FIELDS = ("vog_issued_on", "training_on", "languages", "area", "capacity", "active")


@transaction.atomic
def volunteer_profile_save(
    *, actor: User, volunteer: User, data: Mapping[str, Any]
) -> VolunteerProfile:
    """Create or change a volunteer's profile; a new VOG date records who checked it."""
    require_coordinator(actor, volunteer.organisation_id)
    if volunteer.role != Role.VOLUNTEER:
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
    access_log.record(
        actor=actor,
        action=Action.CREATE if created else Action.UPDATE,
        object_type="volunteer_profile",
        object_id=profile.pk,
        fields=sorted(n for n in PROFILE_INPUT_FIELDS if n in data),
    )
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
    require_coordinator(actor, placement.organisation_id)
    if template.organisation_id != placement.organisation_id:
        raise Http404
    response, _ = QuestionnaireResponse.objects.update_or_create(
        placement=placement, template=template, moment=moment, defaults={"filled_in_by": actor}
    )
    for question in template.questions.all():
        Answer.objects.update_or_create(
            response=response,
            question=question,
            defaults={"value": str(answers.get(question.pk, ""))},
        )
    log_placement(actor, Action.UPDATE, placement, ["questionnaires.answers"])
    return response
