"""Restricted processing (AVG art. 18): the check every write makes, and setting or lifting it.

While ``Family.restricted_processing`` is set, the file is only kept: every service that would
change it, share it or start new work with it calls :func:`require_unrestricted` and refuses
with :class:`ProcessingRestrictedError` (a JSON 409 in the API, a Dutch message on a page).
What stays allowed is listed in README (*Restriction and objection*): withdrawing consent,
revoking access, ending a placement, raising and handling a safety concern, changing the
case owner, and the privacy officer's own work on the request.

Only the privacy officer of the file's organisation sets and lifts the restriction, each
time with a reason; every period is kept in :class:`ProcessingRestriction`.
"""

from __future__ import annotations

from enum import StrEnum
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.audit.events import subject_requests as events
from gezinsaanpak.models import DataSubjectRequest, Family, ProcessingRestriction

from .errors import ProcessingRestrictedError, ServiceError


class Refused(StrEnum):
    """What a restricted file refuses; each has its own message."""

    CHANGE = "change"
    SHARE = "share"
    REFER = "refer"
    CONSENT = "consent"
    PLACEMENT = "placement"
    VISIT = "visit"


MESSAGES = {
    Refused.CHANGE: gettext_lazy(
        "Processing of this file is restricted. It cannot be changed now."
    ),
    Refused.SHARE: gettext_lazy(
        "Processing of this file is restricted. Nobody else can be given access now."
    ),
    Refused.REFER: gettext_lazy(
        "Processing of this file is restricted. Referrals for this family cannot be sent or "
        "handled now."
    ),
    Refused.CONSENT: gettext_lazy(
        "Processing of this file is restricted. New consent cannot be recorded now; "
        "withdrawing consent is still possible."
    ),
    Refused.PLACEMENT: gettext_lazy(
        "Processing of this file is restricted. No VoorleesExpress step can be taken now; "
        "ending a placement is still possible."
    ),
    Refused.VISIT: gettext_lazy(
        "Processing of this family's data is restricted. Visits cannot be logged now. "
        "Ask your coordinator."
    ),
}
ASK = gettext_lazy("The privacy officer can tell you more.")


def is_restricted(family: Family | UUID | None) -> bool:
    """Whether the file is restricted now (read again: the flag may have changed since)."""
    if family is None:
        return False
    if isinstance(family, Family):
        if family.restricted_processing:
            return True
        family = family.pk
    return Family.objects.filter(pk=family, restricted_processing=True).exists()


def require_unrestricted(family: Family | UUID | None, refused: Refused = Refused.CHANGE) -> None:
    """Raise :class:`ProcessingRestrictedError` when the file's processing is restricted."""
    if is_restricted(family):
        message = str(MESSAGES[refused])
        if refused != Refused.VISIT:
            message = f"{message} {ASK}"
        raise ProcessingRestrictedError(message)


def _require_officer(actor: User, family: Family) -> None:
    if not request_access.may_act_on_family(actor, family):
        raise Http404


def _check_request(actor: User, request: DataSubjectRequest | None, family: Family) -> None:
    if request is None:
        return
    if request.organisation_id != actor.organisation_id:
        raise Http404
    if request.family_id != family.pk:
        raise ServiceError(_("Link this file to the request first."), field="request")
    if not request.is_open:
        raise ServiceError(_("This request is closed."), field="request")


@transaction.atomic
def family_restrict(
    *,
    actor: User,
    family: Family,
    reason: str,
    request: DataSubjectRequest | None = None,
) -> ProcessingRestriction:
    """Set *processing restricted* on the file, with the reason (and the request, if any)."""
    _require_officer(actor, family)
    _check_request(actor, request, family)
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if locked.restricted_processing:
        raise ServiceError(_("Processing of this file is restricted already."))
    restriction = ProcessingRestriction(
        organisation_id=locked.organisation_id,
        family=locked,
        request=request,
        set_by=actor,
        reason=reason,
    )
    restriction.full_clean()
    restriction.save()
    _set_flag(locked, family, True)
    events.processing_restricted(actor, restriction)
    return restriction


@transaction.atomic
def family_unrestrict(*, actor: User, family: Family, reason: str) -> ProcessingRestriction:
    """Lift the restriction, with the reason (tell the parent first: art. 18(3))."""
    _require_officer(actor, family)
    locked = Family.objects.select_for_update().get(pk=family.pk)
    if not locked.restricted_processing:
        raise ServiceError(_("Processing of this file is not restricted."))
    restriction = _open_restriction(locked)
    restriction.lifted_at = timezone.now()
    restriction.lifted_by = actor
    restriction.lift_reason = reason
    restriction.full_clean()
    restriction.save()
    _set_flag(locked, family, False)
    events.restriction_lifted(actor, restriction)
    return restriction


def _open_restriction(family: Family) -> ProcessingRestriction:
    """The open period; for a flag set before the history was kept, one that says so."""
    open_one = family.restrictions.filter(lifted_at__isnull=True).first()
    if open_one is not None:
        return open_one
    return ProcessingRestriction(
        organisation_id=family.organisation_id,
        family=family,
        set_at=family.updated_at,
        reason=_("Set before this history was kept."),
    )


def _set_flag(locked: Family, family: Family, value: bool) -> None:
    locked.restricted_processing = value
    locked.save(update_fields=["restricted_processing", "updated_at"])
    family.restricted_processing = value
