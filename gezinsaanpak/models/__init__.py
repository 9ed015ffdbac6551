"""Domain models, one module per aggregate."""

from .audit import AccessEvent, AccessLogChain  # noqa: F401
