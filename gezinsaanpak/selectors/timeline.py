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
from django_stubs_ext import StrPromise

from accounts.models import User
from gezinsaanpak.audit.events.families import CASE_OWNER_CHANGED
from gezinsaanpak.models import AccessEvent, Family, Placement, Referral
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
        return str(_("The BoekStart coach handed the family over to the library."))
    if "restriction" in details:
        if details.get("lifted"):
            return str(_("Restriction of processing lifted"))
        return str(_("Processing restricted (AVG art. 18)"))
    if event.object_type == "concern":
        return _concern_text(event)
    person = _person_text(event, names)
    if person is not None:
        return person
    return _sentence(event)


# Whole sentences in plain Dutch (B1) for what happened to a file; no model or field names.
SENTENCES: dict[tuple[str, str], StrPromise] = {
    ("family", Action.CREATE): gettext_lazy("The file was opened."),
    ("family", Action.UPDATE): gettext_lazy("The file was changed."),
    ("family", Action.DELETE): gettext_lazy("Data was removed from the file."),
    ("family", Action.EXPORT): gettext_lazy("The family's data was exported."),
    ("consent", Action.CREATE): gettext_lazy("A consent was recorded."),
    ("consent", Action.UPDATE): gettext_lazy("A consent was changed."),
    ("placement", Action.CREATE): gettext_lazy("The family was signed up for the VoorleesExpress."),
    ("placement", Action.UPDATE): gettext_lazy("The VoorleesExpress placement was changed."),
    ("visit", Action.CREATE): gettext_lazy("The volunteer logged a visit."),
    ("visit", Action.UPDATE): gettext_lazy("A visit was changed."),
    ("meeting", Action.UPDATE): gettext_lazy(
        "The coordinator recorded a meeting with the volunteer."
    ),
    ("questionnaire", Action.CREATE): gettext_lazy("A questionnaire was filled in."),
    ("contact", Action.CREATE): gettext_lazy(
        "The BoekStart coach registered the family at the consultatiebureau."
    ),
    ("contact", Action.UPDATE): gettext_lazy("The BoekStart contact was changed."),
    ("referral", Action.CREATE): gettext_lazy("A referral was made."),
    ("referral", Action.UPDATE): gettext_lazy("A referral was changed."),
}


def _labels(event: AccessEvent) -> str:
    """The changed fields as their labels; a field without a label is left out."""
    labels = [_known_label(event.object_type, name) for name in event.fields]
    return ", ".join(dict.fromkeys(label for label in labels if label))


def _known_label(object_type: str, name: str) -> str:
    entity, _dot, field_name = name.rpartition(".")
    model = _model(entity or object_type)
    try:
        field = model._meta.get_field(field_name) if model else None
    except FieldDoesNotExist:
        return ""
    return str(getattr(field, "verbose_name", ""))


def _sentence(event: AccessEvent) -> str:
    details = event.details or {}
    if event.object_type == "placement" and details.get("status"):
        status = dict(Placement.Status.choices).get(str(details["status"]), "")
        return _("The VoorleesExpress placement is now: %(status)s.") % {"status": status}
    if event.object_type == "family" and details.get("status"):
        status = dict(Family.Status.choices).get(str(details["status"]), "")
        return _("The status of the file is now: %(status)s.") % {"status": status}
    sentence = SENTENCES.get((event.object_type, event.action))
    if sentence is None:
        what = _object_name(event.object_type)
        return _("Change in the file (%(what)s).") % {"what": what}
    labels = _labels(event) if event.action == Action.UPDATE else ""
    if labels:
        return _("%(sentence)s Changed: %(labels)s.") % {"sentence": sentence, "labels": labels}
    return str(sentence)


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
