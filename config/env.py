"""Strict reading of settings from the environment.

Every helper names the variable it could not use, so a misconfigured deployment fails at
start-up with a message an operator can act on. ``NAME_FILE`` variants read a secret from a
file (Docker/Kubernetes secrets, systemd credentials), so secrets need not live in the
environment itself.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import cast

from django.core.exceptions import ImproperlyConfigured

_MISSING = object()
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        if name in os.environ:
            raise ImproperlyConfigured(f"Set either {name} or {name}_FILE, not both.")
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name)


def string(name: str, default: str | object = _MISSING) -> str:
    """A required string unless a default is given; empty counts as missing."""
    value = _raw(name)
    if value:
        return value
    if default is _MISSING:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return cast(str, default)


def boolean(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    normalised = value.strip().lower()
    if normalised in _TRUE:
        return True
    if normalised in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be a boolean (true/false, 1/0, yes/no, on/off), "
        f"not {value!r}."
    )


def integer(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be a whole number, not {value!r}."
        ) from None


def string_list(name: str, default: list[str] | object = _MISSING) -> list[str]:
    """A comma-separated list; required unless a default is given."""
    value = _raw(name)
    if value:
        items = [item.strip() for item in value.split(",") if item.strip()]
        if items:
            return items
    if default is _MISSING:
        raise ImproperlyConfigured(f"The environment variable {name} is required.")
    return cast(list[str], default)


def dev_secret(path: Path, generate: Callable[[], str] | None = None) -> str:
    """Read a development secret from ``path``, creating it on first use.

    Only the local settings call this; production reads every secret from the environment
    and has no fallback.
    """
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = generate() if generate else secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process created it first
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def new_field_key_entry(key_id: str = "dev1") -> str:
    """One ``<key-id>:<base64 of 32 random bytes>`` entry for FIELD_ENCRYPTION_KEYS."""
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def new_blind_index_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()
