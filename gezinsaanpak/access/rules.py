"""``may(user, capability, obj)``: the one question every service asks before a write."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .roles import Capability, can

if TYPE_CHECKING:
    from accounts.models import User

ObjectRule = Callable[["User", Capability, Any], bool]
_OBJECT_RULES: dict[type, ObjectRule] = {}


def object_rule(model: type) -> Callable[[ObjectRule], ObjectRule]:
    """Register the rule that decides capabilities on one object of ``model``."""

    def register(rule: ObjectRule) -> ObjectRule:
        _OBJECT_RULES[model] = rule
        return rule

    return register


def may(user: User, capability: Capability, obj: object = None) -> bool:
    """Whether ``user`` may do ``capability`` (on ``obj``, when given). Default deny.

    The role must hold the capability; with an object, the object's aggregate decides
    too (organisation boundary, grants, ownership). An object of a kind no aggregate
    has a rule for is refused.
    """
    if not can(user, capability):
        return False
    if obj is None:
        return True
    rule = _OBJECT_RULES.get(type(obj))
    return rule is not None and rule(user, capability, obj)
