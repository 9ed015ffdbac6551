"""The story of a family file, newest first: its dates, consents and every change."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from gezinsaanpak.audit.events.families import CASE_OWNER_CHANGED
from gezinsaanpak.models import AccessEvent, Family, Referral
from gezinsaanpak.models.audit import Action

CHANGES = (
    Action.CREATE,
    Action.UPDATE,
    Action.DELETE,
    Action.SHARE,
    Action.UNSHARE,
    Action.EXPORT,
)
# The privacy officer's own records about a file (a data-subject request's steps): the
# access log keeps them with the family, the case workers' timeline does not tell them.
PRIVACY_OFFICER_WORK = ("subject_request",)
# Details that name a colleague, and what the timeline says about them.
_PEOPLE_KEYS = ("grantee", "revoked", "case_owner", "previous")


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime
    text: str
    who: str = ""


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model("gezinsaanpak", object_type)
    except LookupError:
        return None


# Where the file's own words read better than the model's name.
OBJECT_NAMES = {
    "family": gettext_lazy("file"),
    "contact": gettext_lazy("BoekStart follow-up contact"),
}


def _object_name(object_type: str) -> str:
    if object_type in OBJECT_NAMES:
        return str(OBJECT_NAMES[object_type])
    model = _model(object_type)
    return str(model._meta.verbose_name) if model else str(_("record"))


def _field_label(object_type: str, name: str) -> str:
    """A field's Dutch verbose name; ``caregiver.given_name`` is the caregiver's field."""
    entity, _dot, field_name = name.rpartition(".")
    model = _model(entity or object_type)
    try:
        field = model._meta.get_field(field_name) if model else None
    except FieldDoesNotExist:
        field = None
    return str(getattr(field, "verbose_name", "")) or field_name.replace("_", " ")


def _person_text(event: AccessEvent, names: dict[str, str]) -> str | None:
    details = event.details or {}

    def name(key: str) -> str:
        return names.get(str(details[key]), "") or str(_("a colleague"))

    if event.action == Action.SHARE and "grantee" in details:
        if details.get("change"):
            return _("Access given to %(name)s, who may also change the file") % {
                "name": name("grantee")
            }
        return _("Access given to %(name)s") % {"name": name("grantee")}
    if "revoked" in details:
        if details.get("why") == CASE_OWNER_CHANGED:
            return _("%(name)s no longer has the access of the case owner") % {
                "name": name("revoked")
            }
        return _("Access taken away from %(name)s") % {"name": name("revoked")}
    if "case_owner" in details:
        return _case_owner_text(details, name)
    return None


def _case_owner_text(details: dict[str, object], name: Callable[[str], str]) -> str:
    if details.get("previous"):
        return _("Case owner changed from %(old)s to %(new)s") % {
            "old": name("previous"),
            "new": name("case_owner"),
        }
    return _("%(name)s is now the case owner") % {"name": name("case_owner")}


def _event_text(event: AccessEvent, names: dict[str, str]) -> str:
    details = event.details or {}
    if event.object_type == "contact" and details.get("handover") == "library":
        return str(_("Handed over to the library by the BoekStart coach"))
    if "restriction" in details:
        if details.get("lifted"):
            return str(_("Restriction of processing lifted"))
        return str(_("Processing restricted (AVG art. 18)"))
    if event.object_type == "concern":
        return _concern_text(event)
    person = _person_text(event, names)
    if person is not None:
        return person
    what = _object_name(event.object_type)
    fields = ", ".join(_field_label(event.object_type, name) for name in event.fields)
    text = f"{event.get_action_display()}: {what}"
    return f"{text} ({fields})" if fields else text


def _concern_text(event: AccessEvent) -> str:
    if event.action == Action.CREATE:
        return str(_("A volunteer reported a concern about a child."))
    if any(name.endswith("handled_at") for name in event.fields):
        return str(_("The coordinator handled the concern about a child and noted what was done."))
    return str(_("The concern about a child was changed."))


def _names(events: list[AccessEvent]) -> dict[str, str]:
    """The names of the colleagues the events' details mention, in one query."""
    ids = {
        str(details[key])
        for event in events
        for key in _PEOPLE_KEYS
        if (details := event.details or {}).get(key)
    }
    rows = User.objects.filter(pk__in=ids).values_list("pk", "name") if ids else []
    return {str(pk): name for pk, name in rows}


def family_timeline(family: Family, *, limit: int = 100) -> list[TimelineItem]:
    """Changes come from the access log, so the timeline and the log always agree."""
    lines = (
        AccessEvent.objects.filter(family_id=family.pk, action__in=CHANGES)
        .exclude(object_type__in=PRIVACY_OFFICER_WORK)
        .order_by("-at")
    )
    events = list(lines[:limit])
    names = _names(events)
    items = [TimelineItem(at=e.at, text=_event_text(e, names), who=e.actor_label) for e in events]
    opened = datetime.datetime.combine(
        family.opened_on, datetime.time(), timezone.get_current_timezone()
    )
    items.append(TimelineItem(at=opened, text=_("File opened")))
    for consent in family.consents.all():
        items.append(
            TimelineItem(
                at=consent.given_at,
                text=_("Consent given: %(purpose)s") % {"purpose": consent.get_purpose_display()},
            )
        )
        if consent.withdrawn_at:
            items.append(
                TimelineItem(
                    at=consent.withdrawn_at,
                    text=_("Consent withdrawn: %(purpose)s")
                    % {"purpose": consent.get_purpose_display()},
                )
            )
    items.extend(_referral_items(family))
    return sorted(items, key=lambda item: item.at, reverse=True)


def _referral_items(family: Family) -> list[TimelineItem]:
    """Each referral, in or out, and where it stands now."""
    items = []
    for referral in family.referrals.select_related("partner"):
        names = {"partner": referral.partner.name, "reason": referral.get_reason_code_display()}
        if referral.direction == Referral.Direction.IN:
            text = _("Referral from %(partner)s: %(reason)s") % names
        else:
            text = _("Referred to %(partner)s: %(reason)s") % names
        items.append(TimelineItem(at=referral.created_at, text=text, who=referral.referrer_name))
        if referral.status != Referral.Status.SUBMITTED:
            status = {"partner": referral.partner.name, "status": referral.get_status_display()}
            items.append(
                TimelineItem(
                    at=referral.status_changed_at,
                    text=_("Referral %(partner)s: %(status)s") % status,
                )
            )
    return items
