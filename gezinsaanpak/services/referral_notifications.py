"""Telling people a referral came in or moved on: e-mails and the partner's webhook.

Nothing personal travels: a mail names the referral's number, a link or its status, never
the family, the reason or who sent it; a webhook event carries the id and status only.
Everything here is queued in the caller's transaction (a job for a mail, a delivery row for
a webhook), so it goes out only after the change is committed, and never for a change
that was rolled back (as ``services.reminders`` does for concerns).
"""

from __future__ import annotations

from uuid import UUID

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.access.roles import Capability, roles_with
from gezinsaanpak.models import Referral
from gezinsaanpak.models.job import JobKind

from . import webhooks
from .jobs import job_start

# The library's answers a partner hears about by e-mail (feedback is news in any status).
PARTNER_MAIL_STATUSES = frozenset({Referral.Status.ACCEPTED, Referral.Status.DECLINED})


def referral_received(referral: Referral) -> None:
    """A partner's referral came in: queue the mail to the library's intake."""
    job_start(kind=JobKind.REFERRAL_RECEIVED_MAIL, params={"referral": str(referral.pk)})


def referral_updated(referral: Referral, *, feedback_given: bool = False) -> None:
    """An inbound referral changed status: its client's webhook, and maybe a mail."""
    if referral.direction != Referral.Direction.IN:
        return
    webhooks.referral_event_queue(referral)
    if referral.status in PARTNER_MAIL_STATUSES or feedback_given:
        job_start(
            kind=JobKind.REFERRAL_UPDATE_MAIL,
            params={
                "referral": str(referral.pk),
                "status": referral.status,
                "feedback": feedback_given,
            },
        )


def intake_recipients(referral: Referral) -> list[str]:
    """The library's intake address, or else its active coordinators."""
    library = referral.organisation
    if library.intake_email:
        return [library.intake_email]
    coordinators = roles_with(Capability.SEE_ORGANISATION) & roles_with(Capability.HANDLE_REFERRAL)
    return list(
        User.objects.filter(organisation=library, role__in=coordinators, is_active=True)
        .order_by("email")
        .values_list("email", flat=True)
    )


def partner_recipients(referral: Referral) -> list[str]:
    """The sending API client's contact address, or else the partner's person who sent it."""
    if referral.client is not None and referral.client.contact_email:
        return [referral.client.contact_email]
    sender = referral.created_by
    if sender is not None and sender.is_active and sender.organisation_id == referral.partner_id:
        return [sender.email]
    return []


def referral_received_send(*, referral_id: UUID) -> int:
    """Send the intake mail; the number of recipients (0: the referral is gone)."""
    referral = Referral.objects.select_related("organisation").filter(pk=referral_id).first()
    if referral is None:
        return 0
    recipients = intake_recipients(referral)
    if not recipients:
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("referral_detail", args=[referral.pk])
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Gezinsaanpak: a new referral")
        body = _(
            "A partner has sent a new referral to the library.\n"
            "Referral number: %(number)s\n\n"
            "Log in to read it and take it on:\n%(link)s"
        ) % {"number": referral.pk, "link": link}
    send_mail(subject, body, None, recipients)
    return len(recipients)


def referral_update_send(*, referral_id: UUID, status: str, feedback: bool) -> int:
    """Tell the partner the library's answer; the number of recipients."""
    referral = (
        Referral.objects.select_related("client", "created_by").filter(pk=referral_id).first()
    )
    if referral is None or status not in Referral.Status.values:
        return 0
    recipients = partner_recipients(referral)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Gezinsaanpak: news about your referral")
        lines = [
            _("The library has an answer about your referral."),
            _("Referral number: %(number)s") % {"number": referral.pk},
            _("Status: %(status)s") % {"status": Referral.Status(status).label},
        ]
        if feedback:
            lines.append(_("The library also wrote back to you."))
        lines += ["", _("Log in to Gezinsaanpak or look in your own software to read more.")]
    send_mail(subject, "\n".join(str(line) for line in lines), None, recipients)
    return len(recipients)
