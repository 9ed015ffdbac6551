"""Possible duplicates when a family is registered (ARCHITECTURE.md §5.2).

Same postcode and house number, or the same family name and a child's date of birth,
within the organisation. Found through the blind indexes; the few candidates are then
compared on their decrypted values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.models import Caregiver, Child, Family
from gezinsaanpak.privacy.blind_index import blind_q
from gezinsaanpak.privacy.normalize import normalize


@dataclass(frozen=True)
class PossibleDuplicate:
    family_id: UUID
    visible: bool  # may the user open it? Otherwise the warning names nothing.


def _same_address(organisation_id: UUID, postcode: str, house_number: str) -> set[UUID]:
    if not postcode or not house_number:
        return set()
    candidates = Family.objects.filter(organisation_id=organisation_id).filter(
        blind_q(Family, "postcode", postcode)
    )
    wanted = normalize("text", house_number)
    return {f.pk for f in candidates if normalize("text", f.house_number) == wanted}


def _same_name_and_birth_date(
    organisation_id: UUID, family_names: Iterable[str], birth_dates: Iterable[datetime.date]
) -> set[UUID]:
    dates = set(birth_dates)
    found: set[UUID] = set()
    for name in {n for n in family_names if n}:
        family_ids = Caregiver.objects.filter(
            blind_q(Caregiver, "family_name", name), family__organisation_id=organisation_id
        ).values("family_id")
        months = {d.replace(day=1) for d in dates}
        for child in Child.objects.filter(family_id__in=family_ids, birth_month__in=months):
            if child.date_of_birth in dates:
                found.add(child.family_id)
    return found


def duplicate_family_ids(
    *,
    organisation_id: UUID,
    postcode: str = "",
    house_number: str = "",
    family_names: Iterable[str] = (),
    birth_dates: Iterable[datetime.date] = (),
    exclude: UUID | None = None,
) -> set[UUID]:
    """Families of the organisation that may be the same family, whoever is asking."""
    birth_dates = list(birth_dates)
    ids = _same_address(organisation_id, postcode, house_number)
    ids |= _same_name_and_birth_date(organisation_id, family_names, birth_dates)
    ids.discard(exclude)
    return ids


def same_family_ids(
    *, organisation_id: UUID, postcode: str, house_number: str, family_name: str
) -> set[UUID]:
    """Families of the organisation at this address with a caregiver of this family name:
    the same family, for an import that must not create it twice."""
    at_address = _same_address(organisation_id, postcode, house_number)
    if not at_address or not family_name:
        return set()
    named = Caregiver.objects.filter(
        blind_q(Caregiver, "family_name", family_name), family_id__in=at_address
    )
    return set(named.values_list("family_id", flat=True))


def as_seen_by(user: User, ids: Iterable[UUID]) -> list[PossibleDuplicate]:
    """The warning for ``user``: which of the possible duplicates they may open."""
    ids = {UUID(str(pk)) for pk in ids}  # stored ids (on a referral) are strings
    if not ids:
        return []
    visible = set(access.families_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [PossibleDuplicate(pk, pk in visible) for pk in sorted(ids)]


def find_possible_duplicates(
    *,
    user: User,
    postcode: str = "",
    house_number: str = "",
    family_names: Iterable[str] = (),
    birth_dates: Iterable[datetime.date] = (),
    exclude: UUID | None = None,
) -> list[PossibleDuplicate]:
    if user.organisation_id is None:
        return []
    ids = duplicate_family_ids(
        organisation_id=user.organisation_id,
        postcode=postcode,
        house_number=house_number,
        family_names=family_names,
        birth_dates=birth_dates,
        exclude=exclude,
    )
    return as_seen_by(user, ids)
