"""Admin registrations; each area keeps its own module."""

from . import admin_audit  # noqa: F401
