"""Creating and revoking partner API clients (OAuth2 client credentials).

The secret is generated here, shown once to whoever created the client, and stored only as
a hash (django-oauth-toolkit hashes ``client_secret`` on save).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application

from .models import Organisation, PartnerClient


def _unique_client_id(organisation: Organisation) -> str:
    base = slugify(organisation.name)[:60] or "partner"
    candidate, number = base, 1
    while Application.objects.filter(client_id=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def partner_client_create(
    *,
    organisation: Organisation,
    library: Organisation,
    client_id: str | None = None,
    secret: str | None = None,
    contact_email: str = "",
) -> tuple[PartnerClient, str]:
    """A new client for ``organisation`` exchanging referrals with ``library``.

    Returns the client and its secret in plain text: show it once, it cannot be read back.
    """
    plain = secret or generate_client_secret()
    application = Application(
        name=f"{organisation.name} → {library.name}"[:255],
        client_id=client_id or _unique_client_id(organisation),
        client_secret=plain,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        hash_client_secret=True,
    )
    application.full_clean()
    application.save()
    client = PartnerClient(
        application=application,
        organisation=organisation,
        library=library,
        contact_email=contact_email,
    )
    client.full_clean()
    client.save()
    return client, plain


@transaction.atomic
def partner_client_revoke(*, client: PartnerClient) -> PartnerClient:
    """Stop a client at once: its tokens are deleted and no new ones are issued."""
    client.revoked_at = client.revoked_at or timezone.now()
    client.save(update_fields=["revoked_at"])
    for token in AccessToken.objects.filter(application_id=client.application_id):
        token.revoke()
    return client
