"""django-axes hooks: count failures per normalised e-mail address."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_from_request(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(value).strip().lower()
