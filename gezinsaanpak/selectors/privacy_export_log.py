"""The family's access log as its data export shows it: who, which organisation, when, what.

The export holds exactly the lines ``GET /api/v1/access-log/?family=<id>`` returns to the
privacy officer who made it (the same ``access_events_visible_to``), up to and including the
export's own ``export`` line (``sequence`` ≤ that line's, in the organisation's chain). The
lines are read in pages, oldest first, so the job can report progress per page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User, role_label
from gezinsaanpak.access.audit import access_events_visible_to
from gezinsaanpak.models.audit import AccessEvent, Action, ActorKind

from .privacy_export import detail_label, json_value, text

LOG_PAGE_SIZE = 500

# What an object type is called on the export page, where its model's name does not say it.
OBJECT_NAMES = {
    "family": gettext_lazy("family file"),
    "contact": gettext_lazy("BoekStart follow-up contact"),
    "meeting": gettext_lazy("meeting with the coordinator"),
    "questionnaire": gettext_lazy("questionnaire"),
    "answer": gettext_lazy("questionnaire answer"),
    "family_export": gettext_lazy("export of your data"),
    "job": gettext_lazy("download"),
    "access_log": gettext_lazy("access log"),
    "privacy_family_search": gettext_lazy("search for the file"),
    "data_subject_request": gettext_lazy("your request about your data"),
}
# Field names that are no model field.
FIELD_NAMES = {"file": gettext_lazy("the file"), "access_log": gettext_lazy("access log")}


@dataclass(frozen=True, slots=True)
class LogLine:
    """One line of the family's access log, as JSON for software and as text for the family."""

    data: dict[str, Any]
    when: str
    who: str
    organisation: str
    action: str
    fields: str


def family_log_lines(user: User, family_id: UUID, *, through: int) -> QuerySet[AccessEvent]:
    """The family's lines ``user`` may read (the API's), up to sequence ``through``."""
    lines = access_events_visible_to(user).filter(family_id=family_id, sequence__lte=through)
    return lines.order_by("sequence")


def log_pages(user: User, family_id: UUID, *, through: int) -> Iterator[list[LogLine]]:
    """The lines in pages of ``LOG_PAGE_SIZE``, oldest first (keyset on the sequence)."""
    organisation = Organisation.objects.get(users=user)  # whose log it is: the officer's
    lines = family_log_lines(user, family_id, through=through)
    after = -1
    while True:
        page = list(lines.filter(sequence__gt=after)[:LOG_PAGE_SIZE])
        if not page:
            return
        yield _lines(page, organisation)
        after = page[-1].sequence


def _lines(page: list[AccessEvent], organisation: Organisation) -> list[LogLine]:
    names = dict(
        User.objects.filter(pk__in={line.actor_id for line in page if line.actor_id}).values_list(
            "pk", "name"
        )
    )
    return [
        _line(line, names.get(line.actor_id, "") if line.actor_id else "", organisation)
        for line in page
    ]


def _line(line: AccessEvent, name: str, organisation: Organisation) -> LogLine:
    actor = _actor(line, name)
    data = {
        "id": str(line.id),
        "sequence": line.sequence,
        "at": json_value(line.at),
        "actor": actor,
        "organisation": organisation.name,
        "on_behalf_of": line.on_behalf_of,
        "action": line.action,
        "object_type": line.object_type,
        "object_id": line.object_id,
        "fields": list(line.fields or []),
        "outcome": line.outcome,
    }
    return LogLine(
        data=data,
        when=text(line.at),
        who=_who_text(actor),
        organisation=line.on_behalf_of or organisation.name,
        action=_action_text(line),
        fields=_fields_text(line),
    )


def _fields_text(line: AccessEvent) -> str:
    if line.object_type == "family_export" and line.action == Action.EXPORT:
        return str(_("all data in the file"))  # the export names every field: too long to read
    return ", ".join(field_label(line.object_type, name) for name in line.fields or [])


def _actor(line: AccessEvent, name: str) -> dict[str, str]:
    if line.actor_kind == ActorKind.USER:
        return {"kind": line.actor_kind, "name": name, "role": line.role}
    # An API client (``api:<client id>``) or the system's own work (``expire_access``).
    return {"kind": line.actor_kind, "name": line.actor_label, "role": line.role}


def _who_text(actor: dict[str, str]) -> str:
    if actor["kind"] == ActorKind.USER:
        role = role_label(actor["role"]) if actor["role"] else ""
        return ", ".join(part for part in (actor["name"], role) if part) or _("a staff member")
    if actor["kind"] == ActorKind.API_CLIENT:
        return _("software of a partner (%(client)s)") % {"client": actor["name"]}
    return _("the system (automatic work)")


def _action_text(line: AccessEvent) -> str:
    action = str(Action(line.action).label) if line.action in Action.values else line.action
    return f"{action}: {object_label(line.object_type)}"


# Object types and field prefixes that are not the model's own name.
ENTITY_MODELS = {
    "meeting": "CoordinatorMeeting",
    "questionnaire": "QuestionnaireResponse",
    "data_subject_request": "DataSubjectRequest",
    "family_export": "PrivacyExport",
    "processing_restriction": "ProcessingRestriction",
    "caregivers": "Caregiver",
    "children": "Child",
}


def _model(entity: str) -> Any:
    try:
        return apps.get_model("gezinsaanpak", ENTITY_MODELS.get(entity, entity))
    except LookupError:
        return None


def object_label(object_type: str) -> str:
    if object_type in OBJECT_NAMES:
        return str(OBJECT_NAMES[object_type])
    if object_type == "user":
        return str(_("user account"))
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else object_type.replace("_", " ")


def field_label(object_type: str, name: str) -> str:
    """A field name as a parent reads it: ``caregiver.given_name`` → the caregiver's first name."""
    if name in FIELD_NAMES:
        return str(FIELD_NAMES[name])
    entity, _dot, field_name = name.rpartition(".")
    model = _model(entity or object_type)
    try:
        label = model._meta.get_field(field_name).verbose_name if model else ""
    except FieldDoesNotExist:
        label = ""
    # What was shared with a partner is named like the file's fields (``caregiver_given_name``).
    label = str(label or detail_label(field_name))
    if entity and model and entity != object_type:
        return f"{label} ({model._meta.verbose_name})"
    return label


def log_line_count(user: User, family_id: UUID, *, through: int) -> int:
    return family_log_lines(user, family_id, through=through).count()
