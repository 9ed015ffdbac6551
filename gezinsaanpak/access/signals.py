"""Caches of this package that must not outlive the rows they point at."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_migrate

from .families import permission_id


def _forget_permission_ids(**kwargs: Any) -> None:
    # ``flush`` and ``migrate`` recreate permission rows, possibly under new ids.
    permission_id.cache_clear()


def connect() -> None:
    post_migrate.connect(_forget_permission_ids, dispatch_uid="access_forget_permission_ids")
