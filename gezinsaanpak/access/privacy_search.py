"""Which files the privacy officer may look up for a data-subject request (issue 14).

Only whoever may handle data-subject requests, and only in their own organisation. They
find a file to answer a request; they never see its contents (the selector returns what
identifies the file and nothing else).
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from accounts.models import User
from gezinsaanpak.models import Family

from .roles import Capability, can


def may_search_for_requests(user: User) -> bool:
    return can(user, Capability.HANDLE_DATA_SUBJECT_REQUEST) and user.organisation_id is not None


def require_request_handler(user: User) -> None:
    """404 for everyone who may not handle data-subject requests (as if the page were not there)."""
    if not may_search_for_requests(user):
        raise Http404


def families_for_requests(user: User) -> QuerySet[Family]:
    """The organisation's files (anonymised ones hold nothing to find); none for anyone else."""
    organisation_id = user.organisation_id
    if organisation_id is None or not may_search_for_requests(user):
        return Family.objects.none()
    return Family.objects.filter(organisation_id=organisation_id).exclude(
        status=Family.Status.ANONYMISED
    )
