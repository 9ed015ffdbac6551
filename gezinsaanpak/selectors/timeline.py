"""The story of a family file, newest first: its dates, consents and every change."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from gezinsaanpak.models import AccessEvent, Caregiver, Child, Consent, Family, Referral
from gezinsaanpak.models.audit import Action

CHANGES = (Action.CREATE, Action.UPDATE, Action.DELETE, Action.SHARE, Action.EXPORT)
OBJECT_NAMES = {
    "family": _("file"),
    "caregiver": _("caregiver"),
    "child": _("child"),
    "consent": _("consent"),
    "contact": _("BoekStart follow-up contact"),
    "referral": _("referral"),
}


@dataclass(frozen=True)
class TimelineItem:
    at: datetime.datetime
    text: str
    who: str = ""


MODELS = {
    "family": Family,
    "caregiver": Caregiver,
    "child": Child,
    "consent": Consent,
    "referral": Referral,
}


def _field_label(object_type: str, name: str) -> str:
    model = MODELS.get(object_type)
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


def _event_text(event: AccessEvent) -> str:
    if event.reason.startswith("boekstart_handover"):
        return str(_("Handed over to the library by the BoekStart coach"))
    what = str(OBJECT_NAMES.get(event.object_type, event.object_type))
    fields = ", ".join(
        _field_label(event.object_type, name) for name in event.fields if "." not in name
    )
    text = f"{event.get_action_display()}: {what}"
    return f"{text} ({fields})" if fields else text


def family_timeline(family: Family, *, limit: int = 100) -> list[TimelineItem]:
    """Changes come from the access log, so the timeline and the log always agree."""
    events = AccessEvent.objects.filter(family_id=family.pk, action__in=CHANGES).order_by("-at")
    items = [TimelineItem(at=e.at, text=_event_text(e), who=e.actor_label) for e in events[:limit]]
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
