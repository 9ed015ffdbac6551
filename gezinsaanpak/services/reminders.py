"""E-mails that remind and warn: referral contact checks, new concerns.

No personal data goes in a mail: not the family, not the child, not the volunteer; only
how many things wait and where to look. The mails are sent by background jobs
(``gezinsaanpak.tasks.reminders``), which a service starts in its own transaction.
"""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from gezinsaanpak.access.roles import Capability, roles_with
from gezinsaanpak.models import Concern, Referral
from gezinsaanpak.models.job import JobKind

from .jobs import job_start


def referral_reminders_due() -> dict[UUID, list[UUID]]:
    """Per specialist, the outbound referrals whose contact check is due and not reminded."""
    due = Referral.objects.filter(
        direction=Referral.Direction.OUT,
        status__in=Referral.AWAITING_CONTACT,
        contact_check_due_on__lte=timezone.localdate(),
        reminded_at__isnull=True,
        created_by__isnull=False,
        created_by__is_active=True,
    ).values_list("created_by_id", "pk")
    per_person: dict[UUID, list[UUID]] = defaultdict(list)
    for person_id, referral_id in due:
        per_person[person_id].append(referral_id)
    return dict(per_person)


@transaction.atomic
def referral_reminder_queue(*, person_id: UUID, referral_ids: list[UUID]) -> int:
    """Mark the referrals reminded and queue the one mail, together (a rerun skips them)."""
    count = Referral.objects.filter(pk__in=referral_ids, reminded_at__isnull=True).update(
        reminded_at=timezone.now()
    )
    if count:
        job_start(
            kind=JobKind.REFERRAL_REMINDER_MAIL, params={"person": str(person_id), "count": count}
        )
    return count


def referral_reminder_send(*, person_id: UUID, count: int) -> int:
    """Send one reminder; the number of mails sent (0 when the person has left)."""
    person = User.objects.filter(pk=person_id, is_active=True).first()
    if person is None:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        send_mail(
            _("Gezinsaanpak: check whether there was contact"),
            ngettext(
                "You referred a family to a partner some weeks ago. Open "
                "Verwijzingen in Gezinsaanpak and note whether there was contact.",
                "You referred %(count)s families to a partner some weeks ago. Open "
                "Verwijzingen in Gezinsaanpak and note whether there was contact.",
                count,
            )
            % {"count": count},
            None,
            [person.email],
        )
    return 1


def concern_recipients(concern: Concern) -> list[str]:
    """The placement's coordinator, or else everyone of the organisation who handles concerns."""
    placement = concern.placement
    if placement.coordinator and placement.coordinator.is_active:
        return [placement.coordinator.email]
    return list(
        User.objects.filter(
            organisation_id=placement.organisation_id,
            role__in=roles_with(Capability.HANDLE_CONCERN),
            is_active=True,
        ).values_list("email", flat=True)
    )


def concern_notification_send(*, concern_id: UUID) -> int:
    """Tell the coordinators a concern is waiting; the number of recipients."""
    concern = Concern.objects.select_related("placement__coordinator").filter(pk=concern_id).first()
    if concern is None or concern.handled_at is not None:
        return 0
    recipients = concern_recipients(concern)
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("coordinator_dashboard")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("VoorleesExpress: a new concern")
        body = _(
            "A volunteer has raised a new concern about the safety of a child.\n"
            "Please log in to read it and take action:\n%(link)s"
        ) % {"link": link}
    send_mail(subject, body, None, recipients)
    return len(recipients)
