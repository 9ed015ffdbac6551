"""Names the callers used before the access package; removed when no caller is left."""

from __future__ import annotations

from accounts.models import Role, User

from .fields import FAMILY_FIELDS, NOTHING, FamilyFields

GRANTED_ROLES = frozenset({Role.SPECIALIST, Role.COACH, Role.VOLUNTEER})
CASE_WORKERS = frozenset({Role.COORDINATOR, Role.SPECIALIST})


def field_set(user: User) -> FamilyFields:
    return FAMILY_FIELDS.get(user.role, NOTHING)
