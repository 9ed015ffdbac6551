"""Access-log lines for logging in, logging out and failed logins.

A failed login never stores the password, and names the account only when the attempted
address belongs to an existing user: a mistyped address is somebody else's personal data.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import Action, ActorKind, Outcome


def on_logged_in(sender: Any, user: Any, **kwargs: Any) -> None:
    access_log.record(actor=user, action=Action.LOGIN, object_type="user", object_id=user.pk)


def on_logged_out(sender: Any, user: Any = None, **kwargs: Any) -> None:
    if user is None or not user.is_authenticated:
        return  # Logging out without a session touches nothing.
    access_log.record(actor=user, action=Action.LOGOUT, object_type="user", object_id=user.pk)


def on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    user = _existing_user(credentials)
    access_log.record(
        actor=user,
        actor_kind=ActorKind.USER,
        action=Action.LOGIN_FAILED,
        object_type="user",
        object_id=user.pk if user else None,
        outcome=Outcome.FAILURE,
    )


def _existing_user(credentials: dict[str, Any]) -> Any:
    model = get_user_model()
    attempted = credentials.get(model.USERNAME_FIELD) or credentials.get("username")
    if not isinstance(attempted, str) or not attempted.strip():
        return None
    lookup = {f"{model.USERNAME_FIELD}__iexact": attempted.strip()}
    return model._default_manager.filter(**lookup).first()


def connect() -> None:
    """Called from the app config's ``ready()``; dispatch uids keep it idempotent."""
    user_logged_in.connect(on_logged_in, dispatch_uid="access_log_login")
    user_logged_out.connect(on_logged_out, dispatch_uid="access_log_logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="access_log_login_failed")
