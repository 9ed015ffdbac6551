"""Access-log lines for logging in, logging out and failed logins.

A failed login never stores the password, and names the account only when the attempted
address belongs to an existing user: a mistyped address is somebody else's personal data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models.audit import Action, ActorKind, Outcome

if TYPE_CHECKING:
    from accounts.models import PartnerClient


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


def client_login_failed(
    client: PartnerClient | None, *, endpoint: str, cooloff_started: bool
) -> None:
    """A partner API client failed to authenticate at the OAuth2 ``endpoint`` (token, revoke).

    As a failed login: never the secret, and the client is named only when the client id
    exists (``client`` is then that client, revoked or not). ``cooloff_started``: this failure
    reached a limit, so the client id or address is refused for a while.
    """
    details: access_log.Details = {"endpoint": endpoint, "cooloff": cooloff_started}
    common: dict[str, Any] = {
        "actor": None,
        "actor_kind": ActorKind.API_CLIENT,
        "action": Action.LOGIN_FAILED,
        "object_type": "api_client",
        "outcome": Outcome.FAILURE,
        "details": details,
    }
    if client is None:
        access_log.record(**common)
        return
    access_log.record(
        **common,
        object_id=client.pk,
        actor_label=client.log_label,
        organisation_id=client.library_id,
        on_behalf_of=client.organisation.name,
    )
