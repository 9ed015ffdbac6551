"""Data-subject requests as tracked cases: record, check identity, extend, link, take, close.

Only the privacy officer of the request's organisation (``access.subject_requests``); each
step is one transaction with its access-log line naming the fields it changed. A closed
request changes no more.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.access import subject_requests as request_access
from gezinsaanpak.audit.events import subject_requests as events
from gezinsaanpak.models import DataSubjectRequest, Family

from .errors import ServiceError

Request = DataSubjectRequest
EDITABLE = ("kind", "received_on", "description", "objected_purposes")
# Closing with these outcomes hands data over or acts on it: the identity must be checked.
NEEDS_IDENTITY = (Request.Outcome.GRANTED, Request.Outcome.PARTLY_GRANTED)


def _organisation(actor: User, request: Request | None = None) -> UUID:
    organisation_id = request_access.request_organisation_of(actor)
    if request is not None and request.organisation_id != organisation_id:
        raise Http404
    return organisation_id


def _require_open(actor: User, request: Request) -> None:
    _organisation(actor, request)
    if not request.is_open:
        raise ServiceError(_("This request is closed. It cannot be changed any more."))


def _family(actor: User, family_id: UUID | str) -> Family:
    """A file of the organisation, or a rule error (a 422 in the API, a message on a page)."""
    try:
        return request_access.family_for_request(actor, family_id)
    except Http404:
        raise ServiceError(
            _("No file with this number was found in your organisation."), field="family"
        ) from None


def _save(actor: User, request: Request, fields: list[str], step: str) -> Request:
    request.full_clean()
    request.save()
    events.request_updated(actor, request, fields=fields, step=step)
    return request


@transaction.atomic
def subject_request_create(
    *, actor: User, data: Mapping[str, Any], family_id: UUID | str | None = None
) -> Request:
    """Record a request as it came in; the deadline follows from the day it was received."""
    organisation_id = _organisation(actor)
    values = {name: data[name] for name in EDITABLE if data.get(name) is not None}
    values.setdefault("received_on", timezone.localdate())
    request = Request(organisation_id=organisation_id, **values)
    if family_id is not None:
        request.family = _family(actor, family_id)
    request.full_clean()
    request.save()
    fields = [*values, "family"] if family_id is not None else list(values)
    events.request_created(actor, request, fields=sorted(fields))
    return request


@transaction.atomic
def subject_request_update(*, actor: User, request: Request, data: Mapping[str, Any]) -> Request:
    """Change what was recorded: the kind, the day received, what was asked, the purposes."""
    _require_open(actor, request)
    changed = []
    for name in EDITABLE:
        if name in data and data[name] is not None and getattr(request, name) != data[name]:
            setattr(request, name, data[name])
            changed.append(name)
    if request.kind != Request.Kind.OBJECTION and request.objected_purposes:
        request.objected_purposes = []
        changed.append("objected_purposes")
    if not changed:
        return request
    return _save(actor, request, sorted(set(changed)), "details")


@transaction.atomic
def subject_request_check_identity(
    *, actor: User, request: Request, method: str, checked_on: datetime.date | None = None
) -> Request:
    """The privacy officer checked who is asking (art. 12(6)), and how."""
    _require_open(actor, request)
    if method not in Request.IdentityMethod.values:
        raise ServiceError(_("Choose how the identity was checked."), field="identity_method")
    checked_on = checked_on or timezone.localdate()
    if checked_on > timezone.localdate():
        raise ServiceError(_("The date cannot be in the future."), field="identity_checked_on")
    if checked_on < request.received_on:
        raise ServiceError(
            _("The identity cannot be checked before the request was received."),
            field="identity_checked_on",
        )
    request.identity_method = method
    request.identity_checked_on = checked_on
    request.identity_checked_by = actor
    fields = ["identity_checked_by", "identity_checked_on", "identity_method"]
    return _save(actor, request, fields, "identity")


@transaction.atomic
def subject_request_extend(
    *, actor: User, request: Request, until: datetime.date, reason: str
) -> Request:
    """Extend the deadline by up to two months, with the reason told to the requester.

    Art. 12(3): the requester hears of the extension within the first month, so it is
    decided before the original deadline has passed.
    """
    _require_open(actor, request)
    if timezone.localdate() > request.original_deadline:
        raise ServiceError(
            _("The first month has passed: an extension must be decided before the deadline."),
            field="extended_until",
        )
    request.extended_until = until
    request.extension_reason = reason
    return _save(actor, request, ["extended_until", "extension_reason"], "extend")


@transaction.atomic
def subject_request_link_family(
    *, actor: User, request: Request, family_id: UUID | str | None
) -> Request:
    """Link the file found through the privacy search (``None``: unlink it)."""
    _require_open(actor, request)
    family = None if family_id is None else _family(actor, family_id)
    if (family.pk if family else None) == request.family_id:
        return request
    request.family = family
    return _save(actor, request, ["family"], "family")


@transaction.atomic
def subject_request_take(*, actor: User, request: Request, handler: User | None = None) -> Request:
    """Someone takes the request in hand (``handler``; by default the actor)."""
    _require_open(actor, request)
    handler = handler or actor
    if (
        handler.pk != actor.pk
        and not request_access.request_handlers(request.organisation_id)
        .filter(pk=handler.pk)
        .exists()
    ):
        raise ServiceError(
            _("Choose a privacy officer of your own organisation."), field="handled_by"
        )
    request.handled_by = handler
    request.status = Request.Status.IN_PROGRESS
    return _save(actor, request, ["handled_by", "status"], "take")


@transaction.atomic
def subject_request_close(
    *,
    actor: User,
    request: Request,
    outcome: str,
    note: str = "",
    closed_on: datetime.date | None = None,
) -> Request:
    """Close the request with its outcome; granting needs the identity checked first."""
    _require_open(actor, request)
    if outcome not in Request.Outcome.values:
        raise ServiceError(_("Choose the outcome."), field="outcome")
    if outcome in NEEDS_IDENTITY and not request.identity_checked:
        raise ServiceError(
            _("Check the identity of the requester before you grant the request."),
            field="outcome",
        )
    request.outcome = outcome
    request.outcome_note = note
    request.closed_on = closed_on or timezone.localdate()
    request.status = Request.Status.CLOSED
    if request.handled_by_id is None:
        request.handled_by = actor
    fields = ["closed_on", "handled_by", "outcome", "outcome_note", "status"]
    return _save(actor, request, fields, "close")


@transaction.atomic
def subject_request_patch(*, actor: User, request: Request, data: Mapping[str, Any]) -> Request:
    """The API's PATCH: every step named in ``data``, in one transaction (all or nothing).

    Keys: the :data:`EDITABLE` fields; ``family`` (an id, or ``None`` to unlink);
    ``identity_method`` with ``identity_checked_on``; ``extended_until`` with
    ``extension_reason``; ``handled_by`` (a user); ``status`` ``in_progress`` or ``closed``
    (with ``outcome``, ``outcome_note``, ``closed_on``).
    """
    _require_open(actor, request)
    subject_request_update(actor=actor, request=request, data=data)
    if "family" in data:
        subject_request_link_family(actor=actor, request=request, family_id=data["family"])
    if "identity_method" in data:
        subject_request_check_identity(
            actor=actor,
            request=request,
            method=data["identity_method"],
            checked_on=data.get("identity_checked_on"),
        )
    if "extended_until" in data:
        subject_request_extend(
            actor=actor,
            request=request,
            until=data["extended_until"],
            reason=data.get("extension_reason", ""),
        )
    if "handled_by" in data or data.get("status") == Request.Status.IN_PROGRESS:
        subject_request_take(actor=actor, request=request, handler=data.get("handled_by"))
    if data.get("status") == Request.Status.CLOSED:
        subject_request_close(
            actor=actor,
            request=request,
            outcome=data.get("outcome", ""),
            note=data.get("outcome_note", ""),
            closed_on=data.get("closed_on"),
        )
    return request
