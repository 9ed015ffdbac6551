"""E-mails that remind and warn: referral contact checks, new concerns, requests due.

No personal data goes in a mail: not the family, not the child, not the volunteer; only
how many things wait and where to look. The mails are sent by background jobs
(``gezinsaanpak.tasks.reminders``), which a service starts in its own transaction.
"""

from __future__ import annotations

import datetime
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
from gezinsaanpak.access.subject_requests import request_handlers
from gezinsaanpak.models import Concern, Job, Referral
from gezinsaanpak.models.job import JobKind
from gezinsaanpak.selectors.subject_requests import DueCounts, due_counts

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


# Data-subject requests: a daily e-mail to the privacy officers, counts only -----------------


@transaction.atomic
def subject_request_mail_queue(*, organisation_id: UUID, day: datetime.date) -> bool:
    """Queue ``day``'s mail for one organisation, once (a rerun of the daily job skips it)."""
    already = Job.objects.filter(
        kind=JobKind.SUBJECT_REQUEST_MAIL,
        params__organisation=str(organisation_id),
        params__day=day.isoformat(),
    )
    if already.exists():
        return False
    job_start(
        kind=JobKind.SUBJECT_REQUEST_MAIL,
        params={"organisation": str(organisation_id), "day": day.isoformat()},
    )
    return True


def _subject_request_body(counts: DueCounts, link: str) -> str:
    lines = []
    if counts.overdue:
        lines.append(
            ngettext(
                "%(count)s request is past its deadline.",
                "%(count)s requests are past their deadline.",
                counts.overdue,
            )
            % {"count": counts.overdue}
        )
    if counts.due_soon:
        lines.append(
            ngettext(
                "%(count)s request must be answered this week.",
                "%(count)s requests must be answered this week.",
                counts.due_soon,
            )
            % {"count": counts.due_soon}
        )
    lines.append("")
    lines.append(_("Log in to see them:\n%(link)s") % {"link": link})
    return "\n".join(lines)


def subject_request_mail_send(*, organisation_id: UUID) -> int:
    """Tell the organisation's privacy officers how many requests are due; the recipients.

    Counted when sent (a request closed in the meantime is not counted); nothing to say,
    or nobody to say it to, sends nothing. No personal data: numbers and a link.
    """
    counts = due_counts(organisation_id)
    recipients = list(request_handlers(organisation_id).values_list("email", flat=True))
    if not counts or not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("subject_request_list")
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Gezinsaanpak: privacy requests with a deadline")
        body = _subject_request_body(counts, link)
    send_mail(subject, body, None, sorted(recipients))
    return len(recipients)
