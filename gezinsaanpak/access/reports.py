"""Whose figures a user may read, and for which municipalities (issue 15, point 3).

- Library staff holding ``READ_REPORTS`` read their own library's figures, for every
  municipality it serves.
- A municipality login (``READ_MUNICIPALITY_REPORTS``) reads the figures of every library
  serving its one municipality, only for that municipality.
- A regional coordinator (``READ_REGIONAL_REPORTS``) reads the figures of the region's
  member libraries, side by side and summed.

Nobody reads a family here: a report is an aggregate. To anyone else reports do not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from django.http import Http404

from accounts.models import Municipality, Organisation, User

from .roles import Capability, can


@dataclass(frozen=True)
class ReportScope:
    """The libraries whose figures are read, and the municipalities they may be read for."""

    kind: str  # "library", "municipality" or "regional"
    libraries: tuple[tuple[UUID, str], ...]  # (id, name)
    municipalities: tuple[tuple[str, str], ...]  # (CBS code, name) one may choose
    municipality: str | None = None  # the chosen CBS code; None: all of them

    @property
    def library_ids(self) -> list[UUID]:
        return [pk for pk, _ in self.libraries]

    @property
    def side_by_side(self) -> bool:
        """Regions compare their member libraries; the library is a dimension for them."""
        return self.kind == "regional"

    @property
    def internal(self) -> bool:
        """Library-internal figures (volunteers' VOG) are not for a municipality."""
        return self.kind != "municipality"


def _municipalities(organisations: list[Organisation]) -> tuple[tuple[str, str], ...]:
    found = Municipality.objects.filter(organisations__in=organisations).distinct()
    return tuple((m.code, m.name) for m in found.order_by("name"))


def _libraries(organisations: Any) -> tuple[tuple[UUID, str], ...]:
    found = Organisation.objects.filter(kind=Organisation.Kind.LIBRARY, pk__in=organisations)
    return tuple((o.pk, o.name) for o in found.order_by("name"))


def report_scope_for(user: User) -> ReportScope:
    """What ``user`` may read figures of; 404 for anyone who reads none."""
    organisation = user.organisation if user.organisation_id else None
    if organisation is None:
        raise Http404
    if can(user, Capability.READ_MUNICIPALITY_REPORTS):
        return _municipality_scope(organisation)
    if can(user, Capability.READ_REGIONAL_REPORTS):
        members = list(organisation.member_libraries.filter(kind=Organisation.Kind.LIBRARY))
        return ReportScope(
            "regional", _libraries([m.pk for m in members]), _municipalities(members)
        )
    if can(user, Capability.READ_REPORTS) and organisation.kind == Organisation.Kind.LIBRARY:
        return ReportScope(
            "library", _libraries([organisation.pk]), _municipalities([organisation])
        )
    raise Http404


def _municipality_scope(organisation: Organisation) -> ReportScope:
    own = list(organisation.municipalities.all()[:2])
    if organisation.kind != Organisation.Kind.MUNICIPALITY or len(own) != 1:
        raise Http404  # a municipality login is linked to exactly one CBS code
    serving = Organisation.objects.filter(kind=Organisation.Kind.LIBRARY, municipalities=own[0])
    code = own[0].code
    return ReportScope(
        "municipality", _libraries(serving.values("pk")), ((code, own[0].name),), code
    )


def scope_for_municipality(scope: ReportScope, code: str | None) -> ReportScope:
    """The scope narrowed to one municipality; 404 for one the user may not choose.

    A municipality login is always narrowed to its own, whatever it asks for.
    """
    if scope.kind == "municipality":
        if code not in (None, "", scope.municipality):
            raise Http404
        return scope
    if not code:
        return replace(scope, municipality=None)
    if code not in dict(scope.municipalities):
        raise Http404
    return replace(scope, municipality=code)
