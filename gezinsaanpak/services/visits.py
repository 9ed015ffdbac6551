"""What a volunteer writes: visits and concerns. Only on their own active placements."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.access.roles import Capability, roles_with
from gezinsaanpak.audit.events import placements as events
from gezinsaanpak.models import Concern, Placement, Visit

from .errors import ServiceError
from .placements import require

logger = logging.getLogger(__name__)

VISIT_INPUT_FIELDS = ("date", "status", "minutes", "parent_present", "books", "note")


@transaction.atomic
def visit_log(
    *,
    actor: User,
    placement: Placement,
    date: datetime.date,
    status: str,
    minutes: int | None = None,
    parent_present: bool = False,
    books: int = 0,
    note: str = "",
) -> Visit:
    require(actor, Capability.LOG_VISIT, placement)
    if placement.start_date and date < placement.start_date - datetime.timedelta(days=7):
        raise ServiceError(_("This date is before the placement started."), field="date")
    held = status == Visit.Status.HELD
    visit = Visit(
        placement=placement,
        date=date,
        status=status,
        minutes=minutes if held else None,
        parent_present=parent_present if held else False,
        books=books if held else 0,
        note=note,
        logged_by=actor,
    )
    visit.full_clean()
    visit.save()
    events.visit_logged(actor, visit, VISIT_INPUT_FIELDS)
    return visit


def _coordinators(placement: Placement) -> list[User]:
    if placement.coordinator and placement.coordinator.is_active:
        return [placement.coordinator]
    return list(
        User.objects.filter(
            organisation_id=placement.organisation_id,
            role__in=roles_with(Capability.HANDLE_CONCERN),
            is_active=True,
        )
    )


def _send_concern_mail(recipients: list[str]) -> None:
    """No personal data in the mail: not the family, not the child, not the volunteer."""
    link = settings.SITE_URL.rstrip("/") + reverse("coordinator_dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("VoorleesExpress: a new concern")
        body = _(
            "A volunteer has raised a new concern about the safety of a child.\n"
            "Please log in to read it and take action:\n%(link)s"
        ) % {"link": link}
    try:
        send_mail(subject, body, None, recipients)
    except OSError:
        # The concern is stored and shown on the dashboard; a mail server failure must not
        # undo it. Logged without any data about the concern.
        logger.exception("Could not send the concern notification.")


@transaction.atomic
def concern_raise(*, actor: User, placement: Placement, text: str) -> Concern:
    """Store the concern (encrypted), log it, and tell the coordinator once committed."""
    require(actor, Capability.RAISE_CONCERN, placement)
    if not text.strip():
        raise ServiceError(_("Write down what worries you."), field="text")
    concern = Concern(placement=placement, raised_by=actor, text=text.strip())
    concern.full_clean()
    concern.save()
    events.concern_raised(actor, concern)
    recipients = [u.email for u in _coordinators(placement)]
    if recipients:
        transaction.on_commit(lambda: _send_concern_mail(recipients))
    return concern


@transaction.atomic
def concern_handle(*, actor: User, concern: Concern) -> Concern:
    require(actor, Capability.HANDLE_CONCERN, concern)
    if concern.handled_at is None:
        concern.handled_at = timezone.now()
        concern.handled_by = actor
        concern.save(update_fields=["handled_at", "handled_by"])
        events.concern_handled(actor, concern)
    return concern
