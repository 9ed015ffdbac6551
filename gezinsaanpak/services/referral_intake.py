"""Inbound referrals: a partner refers a family to the library.

The sender is a partner's software (the partner API: its client names the library) or a
partner's own login on the web form (``/partner/referrals/new/``). The rules are the same
for both; only the library is found differently: for the web form it is the library
organisation that serves the family's municipality (:func:`library_for_partner`).

The family lands in the library's intake queue as a pending file (status ``referred``),
with the possible-duplicate warning stored on the referral for whoever handles it.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, Organisation, PartnerClient, User
from gezinsaanpak import access
from gezinsaanpak.audit.events import referrals as events
from gezinsaanpak.models import Caregiver, Child, Family, Referral
from gezinsaanpak.models.programme import Programme, age_range
from gezinsaanpak.selectors.duplicates import duplicate_family_ids

from . import referral_notifications as notifications
from .errors import ServiceError

FAMILY_FIELDS = ("postcode", "house_number", "street", "city", "phone", "email", "home_languages")
CAREGIVER_FIELDS = ("given_name", "family_name", "relation", "legal_authority", "languages")
CHILD_FIELDS = ("given_name", "date_of_birth")
REFERRAL_FIELDS = (
    "referrer_name",
    "referrer_role",
    "reason_code",
    "reason_text",
    "requested_programme",
    "partner_reference",
)


@dataclass(frozen=True)
class _Sender:
    """Who refers: the partner organisation, the library it refers to, and through what."""

    partner: Organisation
    library: Organisation
    client: PartnerClient | None = None
    user: User | None = None

    @property
    def actor(self) -> PartnerClient | User:
        actor = self.client or self.user
        assert actor is not None  # noqa: S101 - built with one of the two
        return actor

    @property
    def via(self) -> str:
        return Referral.Via.API if self.client is not None else Referral.Via.WEB


def library_for_partner(partner: Organisation, municipality: Municipality) -> Organisation:
    """The library a partner's web referral goes to: the one serving the municipality.

    Where more than one library serves it, the one the partner exchanges referrals with
    (an active API client) decides; if that does not settle it, the referral is refused
    with a message rather than guessed.
    """
    serving = Organisation.objects.filter(
        kind=Organisation.Kind.LIBRARY, municipalities=municipality
    ).order_by("name", "id")
    libraries = list(serving[:2])
    if len(libraries) > 1:
        agreed = serving.filter(
            partner_api_clients__organisation=partner,
            partner_api_clients__revoked_at__isnull=True,
        ).distinct()
        libraries = list(agreed[:2])
    if len(libraries) != 1:
        raise ServiceError(
            _("No library takes referrals for this municipality here. Call the library."),
            field="municipality",
        )
    return libraries[0]


def _sender(client: PartnerClient | None, user: User | None, data: Mapping[str, Any]) -> _Sender:
    if (client is None) == (user is None):
        raise TypeError("referral_receive takes a client or a user, not both or neither.")
    if client is not None:
        if not client.is_active:
            raise ServiceError(_("This API client is revoked."))
        return _Sender(partner=client.organisation, library=client.library, client=client)
    assert user is not None  # noqa: S101 - checked above
    if not access.can(user, access.Capability.REFER_TO_LIBRARY) or user.organisation is None:
        raise Http404
    library = library_for_partner(user.organisation, data["municipality"])
    return _Sender(partner=user.organisation, library=library, user=user)


def _check_rules(sender: _Sender, data: Mapping[str, Any]) -> None:
    if data.get("parent_consent") is not True:
        raise ServiceError(
            _("Send a referral only when the parents agreed to sharing it with the library."),
            field="parent_consent",
        )
    municipality: Municipality = data["municipality"]
    if not sender.library.municipalities.filter(pk=municipality.pk).exists():
        raise ServiceError(_("The library does not serve this municipality."), field="municipality")
    check_ages(
        sender.library.pk,
        data["requested_programme"],
        [c["date_of_birth"] for c in data["children"]],
    )


def check_ages(organisation_id: UUID, programme: str, birth_dates: Sequence[datetime.date]) -> None:
    """Every child must be of an age the programme is for, as the library has set it."""
    if programme not in Programme.values:
        raise ServiceError(_("Choose one of the programmes."), field="requested_programme")
    ages = age_range(organisation_id, programme)
    today = timezone.localdate()
    for born in birth_dates:
        if born > today:
            raise ServiceError(_("The date of birth is in the future."), field="children")
        if not ages.admits(born, today):
            raise ServiceError(
                _("%(programme)s is for children from %(low)s up to %(high)s years old.")
                % {
                    "programme": Programme(programme).label,
                    "low": ages.minimum,
                    "high": ages.maximum,
                },
                field="children",
            )


def _received_details(data: Mapping[str, Any]) -> str:
    """The contact details and birth dates as sent, kept (encrypted) until intake."""
    details = {name: data.get(name, "") for name in FAMILY_FIELDS if name != "home_languages"}
    details["caregivers"] = [
        {"given_name": c["given_name"], "family_name": c["family_name"]} for c in data["caregivers"]
    ]
    details["children"] = [
        {"given_name": c["given_name"], "date_of_birth": c["date_of_birth"].isoformat()}
        for c in data["children"]
    ]
    return json.dumps(details, ensure_ascii=False)


def _pending_family(library: Organisation, data: Mapping[str, Any]) -> Family:
    family = Family(
        organisation=library,
        municipality=data["municipality"],
        status=Family.Status.REFERRED,
        **{name: data[name] for name in FAMILY_FIELDS if name in data},
    )
    family.full_clean()
    family.save()
    for caregiver_data in data["caregivers"]:
        caregiver = Caregiver(
            family=family, **{n: caregiver_data[n] for n in CAREGIVER_FIELDS if n in caregiver_data}
        )
        caregiver.full_clean()
        caregiver.save()
    for child_data in data["children"]:
        child = Child(family=family, **{n: child_data[n] for n in CHILD_FIELDS})
        child.full_clean()
        child.save()
    return family


def _log_creation(
    sender: PartnerClient | User, family: Family, referral: Referral, data: Any
) -> None:
    events.referral_received(
        sender,
        referral,
        family,
        referral_fields=[*REFERRAL_FIELDS, "parent_consent"],
        family_fields=sorted(n for n in FAMILY_FIELDS if n in data),
        caregiver_fields=sorted(CAREGIVER_FIELDS),
        child_fields=sorted(CHILD_FIELDS),
    )


@transaction.atomic
def referral_receive(
    *, client: PartnerClient | None = None, user: User | None = None, data: Mapping[str, Any]
) -> Referral:
    """Store a partner's referral and open a pending family file in the intake queue.

    The sender is either the partner's API ``client`` (``via`` api, its library) or a
    partner's own login ``user`` (``via`` web, the library serving the municipality).

    ``data`` is the validated payload: municipality, contact details, ``caregivers`` and
    ``children`` (lists of dicts), reason, requested programme, referrer and the partner's
    word that the parents agreed (``parent_consent``).
    """
    sender = _sender(client, user, data)
    _check_rules(sender, data)
    family = _pending_family(sender.library, data)
    duplicates = duplicate_family_ids(
        organisation_id=sender.library.pk,
        postcode=data.get("postcode", ""),
        house_number=data.get("house_number", ""),
        family_names=[c["family_name"] for c in data["caregivers"]],
        birth_dates=[c["date_of_birth"] for c in data["children"]],
        exclude=family.pk,
    )
    referral = Referral(
        direction=Referral.Direction.IN,
        organisation=sender.library,
        partner=sender.partner,
        family=family,
        client=sender.client,
        created_by=sender.user,
        via=sender.via,
        partner_has_consent=True,
        payload=_received_details(data),
        possible_duplicates=sorted(str(pk) for pk in duplicates),
        **{name: data.get(name, "") for name in REFERRAL_FIELDS},
    )
    referral.full_clean()
    referral.save()
    _log_creation(sender.actor, family, referral, data)
    notifications.referral_received(referral)
    return referral
