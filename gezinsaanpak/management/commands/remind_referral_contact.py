"""Warm handover: remind each specialist of outbound referrals whose contact check is due.

Run daily from cron. Each referral is reminded once; the e-mail holds no personal data,
only how many checks wait and where to do them.
"""

from __future__ import annotations

from collections import defaultdict
from functools import partial
from typing import Any

from django.core.mail import send_mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from gezinsaanpak.models import Referral


class Command(BaseCommand):
    help = "E-mail specialists whose outbound referrals are due for the contact check."

    def handle(self, *args: Any, **options: Any) -> None:
        due = Referral.objects.filter(
            direction=Referral.Direction.OUT,
            status__in=Referral.AWAITING_CONTACT,
            contact_check_due_on__lte=timezone.localdate(),
            reminded_at__isnull=True,
            created_by__isnull=False,
            created_by__is_active=True,
        ).select_related("created_by")
        per_person: dict[Any, list[Referral]] = defaultdict(list)
        for referral in due:
            per_person[referral.created_by].append(referral)
        for person, referrals in per_person.items():
            with transaction.atomic():
                Referral.objects.filter(pk__in=[r.pk for r in referrals]).update(
                    reminded_at=timezone.now()
                )
                transaction.on_commit(partial(_send, person, len(referrals)))
        total = sum(len(referrals) for referrals in per_person.values())
        self.stdout.write(f"Reminded {len(per_person)} people of {total} referrals.")


def _send(person: Any, count: int) -> None:
    with override("nl"):
        send_mail(
            _("Gezinsaanpak: check whether there was contact"),
            _(
                "You referred %(count)s families to a partner some weeks ago. Open "
                "Verwijzingen in Gezinsaanpak and note whether there was contact."
            )
            % {"count": count},
            None,
            [person.email],
        )
