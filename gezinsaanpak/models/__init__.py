"""Domain models, one module per aggregate."""

from .audit import AccessEvent, AccessLogChain  # noqa: F401
from .consent import Consent  # noqa: F401
from .family import (  # noqa: F401
    Caregiver,
    Child,
    Family,
    FamilyGroupObjectPermission,
    FamilyUserObjectPermission,
)
from .referral import DeclineReason, ReasonCode, Referral  # noqa: F401
