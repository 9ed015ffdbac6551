"""The coordinator's placement page: the placement with its visits, meetings, concerns and
questionnaire answers, as one read model whose field names are the page's log line.

The page shows the concern texts, visit notes and meeting notes, so its line names
``concern.text``, ``visit.note`` and ``meeting.note`` (when there are any to show).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from accounts.models import User
from gezinsaanpak.access.fields import (
    ANSWER_FIELDS,
    CONCERN_FIELDS,
    FAMILY_IN_LISTS,
    MEETING_FIELDS,
    VISIT_FIELDS,
    entity_fields,
)
from gezinsaanpak.access.lookup import one_or_404
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Answer, Placement, Visit
from gezinsaanpak.models.audit import Action

from .placement_records import (
    coordinating,
    family_fields,
    placement_fields,
    placement_record,
    progress_of,
    with_family,
)
from .read_models import Record, record, records

FAMILY_ON_PAGE = family_fields(
    FAMILY_IN_LISTS, family=("second_participation",), caregiver=("given_name", "family_name")
)


@dataclass(frozen=True)
class PlacementPage:
    placement: Record  # with family, progress, visits, meetings, concerns and answers
    plan: list[datetime.date]
    summary: list[dict[str, Any]]


def _summary(answers: list[Record]) -> list[dict[str, Any]]:
    """Per question: the answer at the start and at the end, side by side."""
    rows: dict[Any, dict[str, Any]] = {}
    for answer in answers:
        question = answer["question"]
        row = rows.setdefault(question.pk, {"question": question, "order": answer["order"]})
        row[answer["moment"]] = answer["value"]
    return sorted(rows.values(), key=lambda row: (row["order"], row["question"].pk))


def _answers(user: User, placement: Placement) -> list[Record]:
    fields = entity_fields(ANSWER_FIELDS, user.role, "answer")
    answers = Answer.objects.filter(response__placement=placement).select_related(
        "question", "response"
    )
    return [
        record(
            a,
            fields,
            family_id=placement.family_id,
            extra={"moment": a.response.moment, "order": a.question.order},
        )
        for a in answers
    ]


def _parts(user: User, placement: Placement) -> dict[str, Any]:
    family_id = placement.family_id
    visits = list(placement.visits.all())
    meetings = list(placement.meetings.all())
    meeting_fields = entity_fields(MEETING_FIELDS, user.role, "meeting")
    concern_fields = entity_fields(CONCERN_FIELDS, user.role, "concern").minus({"raised_by"})
    held = sum(1 for v in visits if v.status == Visit.Status.HELD)
    return {
        "progress": progress_of(placement, held=held, logged=len(visits)),
        "visits": records(
            visits, entity_fields(VISIT_FIELDS, user.role, "visit"), family_id=family_id
        ),
        "meetings": [
            record(m, meeting_fields, family_id=family_id, extra={"overdue": m.overdue})
            for m in meetings
        ],
        "concerns": records(list(placement.concerns.all()), concern_fields, family_id=family_id),
        "answers": _answers(user, placement),
        "has_nazorg": placement.aftercare.exists(),
    }


def placement_page(user: User, placement_id: UUID | str) -> PlacementPage:
    """One placement of the organisation, or 404; logs one READ line of all it shows."""
    placement = one_or_404(with_family(coordinating(user)), placement_id)
    shown = placement_record(
        placement, placement_fields(user), FAMILY_ON_PAGE, extra=_parts(user, placement)
    )
    events.placements_viewed(user, [shown], Action.READ)
    return PlacementPage(shown, placement.planned_dates(), _summary(shown["answers"]))
