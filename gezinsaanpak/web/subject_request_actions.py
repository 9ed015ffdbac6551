"""The steps on a request's page, each a small form posted with ``action=<name>``.

Each step names its form (or ``None`` for a button) and the service call that carries it
out; the call returns the message to show. Views stay thin: they pick the step, validate
its form and report what the service said.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from accounts.models import User
from gezinsaanpak.models import DataSubjectRequest
from gezinsaanpak.services import restriction as restriction_services
from gezinsaanpak.services import subject_requests as services
from gezinsaanpak.services.errors import ServiceError

from .subject_request_forms import (
    CloseForm,
    ExtendForm,
    IdentityForm,
    LinkFamilyForm,
    RequestForm,
    RestrictForm,
    UnrestrictForm,
)

Request = DataSubjectRequest
Run = Callable[[User, Request, dict[str, Any]], str]


@dataclass(frozen=True)
class Step:
    form: type[forms.BaseForm] | None
    run: Run


def _details(actor: User, request: Request, data: dict[str, Any]) -> str:
    services.subject_request_update(actor=actor, request=request, data=data)
    return _("The changes are saved.")


def _identity(actor: User, request: Request, data: dict[str, Any]) -> str:
    services.subject_request_check_identity(
        actor=actor,
        request=request,
        method=data["identity_method"],
        checked_on=data["identity_checked_on"],
    )
    return _("The identity check is recorded.")


def _extend(actor: User, request: Request, data: dict[str, Any]) -> str:
    services.subject_request_extend(
        actor=actor, request=request, until=data["extended_until"], reason=data["extension_reason"]
    )
    return _("The deadline is extended.")


def _take(actor: User, request: Request, data: dict[str, Any]) -> str:
    services.subject_request_take(actor=actor, request=request)
    return _("You handle this request now.")


def _link(actor: User, request: Request, data: dict[str, Any]) -> str:
    family_id = data.get("family_id")
    if family_id is None:
        raise ServiceError(_("Choose a file from the search results."))
    services.subject_request_link_family(actor=actor, request=request, family_id=family_id)
    return _("The file is linked to this request.")


def _unlink(actor: User, request: Request, data: dict[str, Any]) -> str:
    services.subject_request_link_family(actor=actor, request=request, family_id=None)
    return _("The file is no longer linked to this request.")


def _close(actor: User, request: Request, data: dict[str, Any]) -> str:
    services.subject_request_close(
        actor=actor,
        request=request,
        outcome=data["outcome"],
        note=data["outcome_note"],
        closed_on=data["closed_on"],
    )
    return _("The request is closed.")


def _linked_family(request: Request) -> Any:
    if request.family is None:
        raise ServiceError(_("Link the family's file to the request first."))
    return request.family


def _restrict(actor: User, request: Request, data: dict[str, Any]) -> str:
    restriction_services.family_restrict(
        actor=actor, family=_linked_family(request), reason=data["reason"], request=request
    )
    return _("Processing of this file is restricted now.")


def _unrestrict(actor: User, request: Request, data: dict[str, Any]) -> str:
    restriction_services.family_unrestrict(
        actor=actor, family=_linked_family(request), reason=data["reason"]
    )
    return _("The restriction is lifted.")


STEPS: dict[str, Step] = {
    "details": Step(RequestForm, _details),
    "identity": Step(IdentityForm, _identity),
    "extend": Step(ExtendForm, _extend),
    "take": Step(None, _take),
    "link": Step(LinkFamilyForm, _link),
    "unlink": Step(None, _unlink),
    "close": Step(CloseForm, _close),
    "restrict": Step(RestrictForm, _restrict),
    "unrestrict": Step(UnrestrictForm, _unrestrict),
}
