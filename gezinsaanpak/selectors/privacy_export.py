"""The pieces a family's data export is made of: values with a label, items, sections.

The export (AVG art. 15 and 20) is written twice from the same items: as JSON for software
(``Item.as_json``: field names and plain values) and as a Dutch page for the family
(``Value.label`` and ``Value.text``). A value is read from a model field by name, so the
label is the field's own verbose name and nothing is typed twice. Nothing here checks
permissions: the job that builds an export was started by someone ``access.privacy_export``
allowed, and the export writes one access-log line naming every field it holds.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User, role_label
from gezinsaanpak import dates
from gezinsaanpak.models import Caregiver, Child, Family
from gezinsaanpak.models.languages import LANGUAGES

EXPORT_FORMAT = "gezinsaanpak.family-export"
# Raise when the JSON changes shape (a field renamed or removed, a meaning changed);
# adding a field keeps the version. docs/privacy-export.md describes each version.
EXPORT_VERSION = 1
LANGUAGE_FIELDS = frozenset({"home_languages", "reading_languages", "languages"})
# Labels for fields whose model gives no (translated) name of their own.
FIELD_LABELS = {
    "id": gettext_lazy("number"),
    "created_at": gettext_lazy("recorded on"),
    "updated_at": gettext_lazy("last changed on"),
    "logged_by": gettext_lazy("written down by"),
    "raised_at": gettext_lazy("raised on"),
    "raised_by": gettext_lazy("raised by"),
    "handled_at": gettext_lazy("handled on"),
    "handled_by": gettext_lazy("handled by"),
    "template": gettext_lazy("questionnaire"),
    "filled_in_at": gettext_lazy("filled in on"),
    "filled_in_by": gettext_lazy("filled in by"),
}


@dataclass(frozen=True, slots=True)
class Value:
    """One field: its JSON name and value, and its Dutch label and readable text."""

    name: str
    label: str
    data: Any
    text: str


@dataclass(slots=True)
class Item:
    """One record (a caregiver, a visit): its values, and lists of records under it."""

    entity: str
    values: list[Value]
    parts: list[Part] = field(default_factory=list)
    title: str = ""  # how the page heads this record (a name, a purpose); not in the JSON

    def as_json(self) -> dict[str, Any]:
        body = {value.name: value.data for value in self.values}
        body.update({part.key: [item.as_json() for item in part.items] for part in self.parts})
        return body

    def field_names(self) -> set[str]:
        """Qualified names of every field held, nested records included (for the access log)."""
        names = {f"{self.entity}.{value.name}" for value in self.values if value.name != "id"}
        for part in self.parts:
            for item in part.items:
                names |= item.field_names()
        return names


@dataclass(slots=True)
class Part:
    """A titled list of records: a section of the export, or a list inside a record."""

    key: str
    title: str
    items: list[Item]
    empty_text: str = ""


def item(
    instance: models.Model, entity: str, names: Sequence[str], *, extra: Iterable[Value] = ()
) -> Item:
    """The record of ``instance`` with the fields ``names``, in that order, and ``extra``."""
    values = [field_value(instance, name) for name in names]
    return Item(entity, [*values, *extra])


def titled(record: Item, title: object) -> Item:
    """``record`` with the heading the page gives it (a name, a purpose and date)."""
    record.title = str(title)
    return record


def field_value(instance: models.Model, name: str) -> Value:
    model_field = instance._meta.get_field(name)
    label = str(FIELD_LABELS.get(name) or getattr(model_field, "verbose_name", None) or name)
    raw = getattr(instance, name)
    if model_field.is_relation:
        return Value(name, label, *_related(raw))
    choices = dict(getattr(model_field, "flatchoices", None) or [])
    if choices and raw not in (None, ""):
        return Value(name, label, raw, str(choices.get(raw, raw)))
    if name in LANGUAGE_FIELDS:
        return Value(name, label, list(raw or []), languages_text(raw or []))
    return Value(name, label, json_value(raw), text(raw))


def _related(raw: Any) -> tuple[Any, str]:
    """A related record as its name: a person, an organisation, a municipality."""
    if raw is None:
        return None, text(None)
    name = person_name(raw) if isinstance(raw, User) else str(getattr(raw, "name", "") or raw)
    return name, name


def person_name(user: User | None) -> str:
    """A staff member as the export names them: their name, or their role when it is empty."""
    if user is None:
        return ""
    return user.name or role_label(user.role)


def caregiver_name(caregiver: Any) -> str:
    if caregiver is None:
        return ""
    return f"{caregiver.given_name} {caregiver.family_name}".strip()


def value(name: str, label: str, data: Any, shown: str | None = None) -> Value:
    """A value that is not a model field (a name put together, a parsed detail)."""
    return Value(name, label, json_value(data), text(data) if shown is None else shown)


def json_value(raw: Any) -> Any:
    if isinstance(raw, datetime.datetime):
        return raw.astimezone(datetime.UTC).isoformat()
    if isinstance(raw, datetime.date | datetime.time):
        return raw.isoformat()
    if isinstance(raw, str | int | float | bool | type(None) | list | dict):
        return raw
    return str(raw)


def text(raw: Any) -> str:
    """A value as a parent reads it: Dutch dates, yes or no, a dash for nothing."""
    if raw is None or raw == "" or raw == []:
        return "—"
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    if isinstance(raw, datetime.datetime):
        return dates.format_day_time(raw, short=True)
    if isinstance(raw, datetime.date):
        return dates.format_day(raw, short=True)
    if isinstance(raw, datetime.time):
        return dates.format_time(raw)
    if isinstance(raw, list):
        return ", ".join(text(entry) for entry in raw)
    return str(raw)


def detail_label(key: str) -> str:
    """The Dutch name of a key in a referral's details (``caregiver_given_name`` → first name)."""
    plural = {"caregivers": Caregiver, "children": Child}
    if key in plural:
        return str(plural[key]._meta.verbose_name_plural)
    name = key.removeprefix("caregiver_")
    for model in (Family, Caregiver, Child):
        try:
            label = getattr(model._meta.get_field(name), "verbose_name", None)
        except FieldDoesNotExist:
            continue
        if label:
            return str(label)
    return key.replace("_", " ")


def languages_text(codes: Iterable[str]) -> str:
    return ", ".join(str(LANGUAGES.get(code, code)) for code in codes) or "—"


@dataclass(frozen=True, slots=True)
class OrganisationFacts:
    """Who holds the data and whom to ask: what the export's first page says."""

    name: str
    controller: str
    controller_contact: str
    dpo_name: str
    dpo_email: str

    @classmethod
    def of(cls, organisation: Organisation) -> OrganisationFacts:
        return cls(
            name=organisation.name,
            controller=organisation.controller_name or organisation.name,
            controller_contact=organisation.controller_contact,
            dpo_name=organisation.dpo_name,
            dpo_email=organisation.dpo_email,
        )


@dataclass(frozen=True, slots=True)
class RequestFacts:
    """The data-subject request an export answers (none: made for another purpose)."""

    id: str
    kind: str
    received_on: datetime.date


@dataclass(slots=True)
class ExportDocument:
    """Everything one export holds; written once as JSON and once as the Dutch page."""

    family_id: str
    made_at: datetime.datetime
    organisation: OrganisationFacts
    request: RequestFacts | None
    parts: list[Part]
    log_through: dict[str, Any] = field(default_factory=dict)
    log_lines: list[Any] = field(default_factory=list)

    @property
    def purpose(self) -> str:
        return "subject_request" if self.request is not None else "other"

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "made_at": json_value(self.made_at),
            "family_id": self.family_id,
            "organisation": {
                "name": self.organisation.name,
                "controller": self.organisation.controller,
                "controller_contact": self.organisation.controller_contact,
                "data_protection_officer": self.organisation.dpo_name,
                "data_protection_officer_email": self.organisation.dpo_email,
            },
            "purpose": self.purpose,
            "request": _request_json(self.request),
        }
        for part in self.parts:
            items = [entry.as_json() for entry in part.items]
            body[part.key] = items[0] if part.key == "family" and items else items
        body["access_log"] = {
            "through": self.log_through,
            "count": len(self.log_lines),
            "lines": [line.data for line in self.log_lines],
        }
        return body

    def field_names(self) -> list[str]:
        """Every field the export holds, as the access log names them."""
        names: set[str] = set()
        for part in self.parts:
            for entry in part.items:
                names |= entry.field_names()
        return sorted(names)


def _request_json(request: RequestFacts | None) -> dict[str, Any] | None:
    if request is None:
        return None
    return {"id": request.id, "kind": request.kind, "received_on": request.received_on.isoformat()}
