"""Admin registrations; each area keeps its own module."""

from . import (
    admin_audit,  # noqa: F401
    admin_placements,  # noqa: F401
    admin_retention,  # noqa: F401
    admin_webhooks,  # noqa: F401
)
