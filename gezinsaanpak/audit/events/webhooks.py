"""Access-log lines for a partner client's webhook: registered, changed, new secret, removed.

Never the address or the secret itself: the field names that changed, and the client.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gezinsaanpak.audit import log
from gezinsaanpak.models.audit import ActorKind

if TYPE_CHECKING:
    from accounts.models import PartnerClient, User
    from gezinsaanpak.models import WebhookEndpoint


def webhook_changed(
    client: PartnerClient,
    endpoint: WebhookEndpoint,
    *,
    action: str,
    fields: Sequence[str],
    by: User | None = None,
) -> None:
    """``by``: the administrator who did it; ``None``: the client itself, through the API."""
    details: log.Details = {"client": str(client.pk)}
    entry = log.Entry("webhook", endpoint.pk, None, sorted(fields), details)
    if by is not None:
        log.record_many(actor=by, action=action, entries=[entry])
        return
    log.record_many(
        actor=None,
        action=action,
        entries=[entry],
        actor_label=client.log_label,
        actor_kind=ActorKind.API_CLIENT,
        organisation_id=client.library_id,
        on_behalf_of=client.organisation.name,
    )
