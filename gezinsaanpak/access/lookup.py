"""One object out of what a user may see, or 404: missing, forbidden and malformed alike."""

from __future__ import annotations

from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404


def one_or_404[M: Model](objects: QuerySet[M], pk: UUID | str) -> M:
    """The object of ``objects`` with id ``pk``, or 404.

    ``objects`` is already narrowed to what the user may see, so a forbidden object is
    simply not there. A malformed id (not a UUID, a list, …) is not found either, never a
    400 that would tell ids apart (Django's ``get_object_or_404`` lets those through).
    """
    try:
        return objects.get(pk=pk)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError):
        raise Http404 from None
