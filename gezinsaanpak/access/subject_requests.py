"""Who handles data-subject requests, restriction and objection (issue 14, points 2 and 5).

Only the privacy officer (``HANDLE_DATA_SUBJECT_REQUEST``), and only for the requests and
files of their own organisation; everyone else finds nothing (404). The privacy officer acts
on a file (restrict it, apply an objection) without ever seeing what is in it.
"""

from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.models import DataSubjectRequest, Family, Placement, ProcessingRestriction

from .lookup import one_or_404
from .privacy_search import families_for_requests, may_search_for_requests
from .roles import Capability, can, roles_with
from .rules import object_rule


def may_handle_requests(user: User) -> bool:
    return bool(user.is_authenticated) and may_search_for_requests(user)


def request_organisation_of(user: User) -> UUID:
    """The privacy officer's organisation; 404 for anyone else."""
    if not may_handle_requests(user) or user.organisation_id is None:
        raise Http404
    return user.organisation_id


def requests_visible_to(user: User) -> QuerySet[DataSubjectRequest]:
    organisation_id = user.organisation_id
    if not may_handle_requests(user) or organisation_id is None:
        return DataSubjectRequest.objects.none()
    return DataSubjectRequest.objects.filter(organisation_id=organisation_id)


def request_for(user: User, request_id: UUID | str) -> DataSubjectRequest:
    """One request of the user's organisation; 404 when missing or not theirs."""
    return one_or_404(requests_visible_to(user), request_id)


def family_for_request(user: User, family_id: UUID | str) -> Family:
    """A file the privacy officer may act on (never read): their organisation's, not anonymised."""
    return one_or_404(families_for_requests(user), family_id)


def restrictions_of(user: User, family: Family) -> QuerySet[ProcessingRestriction]:
    if not may_handle_requests(user) or family.organisation_id != user.organisation_id:
        return ProcessingRestriction.objects.none()
    return ProcessingRestriction.objects.filter(family=family)


def request_handlers(organisation_id: UUID) -> QuerySet[User]:
    """The active people of an organisation who handle requests (the e-mail's recipients)."""
    return User.objects.filter(
        organisation_id=organisation_id,
        role__in=roles_with(Capability.HANDLE_DATA_SUBJECT_REQUEST),
        is_active=True,
    )


def _own(user: User, organisation_id: UUID | None) -> bool:
    return organisation_id is not None and organisation_id == user.organisation_id


@object_rule(DataSubjectRequest)
def may_on_request(user: User, capability: Capability, request: DataSubjectRequest) -> bool:
    return capability == Capability.HANDLE_DATA_SUBJECT_REQUEST and _own(
        user, request.organisation_id
    )


def may_act_on_family(user: User, family: Family) -> bool:
    """Restrict a file or apply an objection to it: the organisation's privacy officer."""
    return (
        can(user, Capability.HANDLE_DATA_SUBJECT_REQUEST)
        and _own(user, family.organisation_id)
        and family.status != Family.Status.ANONYMISED
    )


def may_stop_on_objection(user: User, placement: Placement) -> bool:
    """Stop a placement because the family objected (art. 21): the privacy officer."""
    return can(user, Capability.HANDLE_DATA_SUBJECT_REQUEST) and _own(
        user, placement.organisation_id
    )
