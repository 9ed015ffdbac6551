"""Reads of family files. Every read applies the access rules and writes the access log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.audit import log as access_log
from gezinsaanpak.models import AccessEvent, Caregiver, Child, Consent, Family
from gezinsaanpak.models.audit import Action
from gezinsaanpak.privacy.blind_index import blind_q

PAGE_SIZE = 50


@dataclass(frozen=True)
class FamilyFilters:
    status: str | None = None
    municipality_id: UUID | None = None
    case_owner_id: UUID | None = None


def _with_members(families: QuerySet[Family]) -> QuerySet[Family]:
    return families.select_related("municipality", "case_owner").prefetch_related(
        Prefetch("caregivers", queryset=Caregiver.objects.order_by("created_at", "id")),
        Prefetch("children", queryset=Child.objects.order_by("birth_month", "id")),
    )


def _filtered(user: User, filters: FamilyFilters) -> QuerySet[Family]:
    families = access.families_visible_to(user)
    if filters.status:
        families = families.filter(status=filters.status)
    if filters.municipality_id:
        families = families.filter(municipality_id=filters.municipality_id)
    if filters.case_owner_id:
        families = families.filter(case_owner_id=filters.case_owner_id)
    return families


def log_reads(user: User, families: Sequence[Family], *, action: str) -> None:
    """One access-log line per family shown, naming the fields the user's role shows."""
    fields = access.field_set(user).names()
    entries = [
        access_log.Entry(object_type="family", object_id=f.pk, family_id=f.pk, fields=fields)
        for f in families
    ]
    if entries:
        access_log.record_many(actor=user, action=action, entries=entries)


def family_page(
    user: User,
    *,
    filters: FamilyFilters | None = None,
    page: int | str = 1,
    page_size: int = PAGE_SIZE,
) -> Page[Family]:
    """One page of the families ``user`` may see, newest first; logs each family shown."""
    families = _with_members(_filtered(user, filters or FamilyFilters()))
    paginator = Paginator(families.order_by("-opened_on", "id"), page_size)
    result = paginator.get_page(page)
    with transaction.atomic():
        log_reads(user, list(result.object_list), action=Action.LIST)
    return result


def family_get(user: User, family_id: UUID | str) -> Family:
    """One family file, or 404 — the same for missing and forbidden. Logs the read."""
    family = access.family_for(user, family_id)
    family = _with_members(Family.objects.filter(pk=family.pk)).get()
    with transaction.atomic():
        log_reads(user, [family], action=Action.READ)
    return family


SEARCH_KINDS = ("postcode", "phone", "family_name")


def family_search(user: User, *, kind: str, term: str) -> list[Family]:
    """Exact-match search through the blind indexes; only families ``user`` may see."""
    visible = access.families_visible_to(user)
    if kind == "family_name":
        matching = Caregiver.objects.filter(blind_q(Caregiver, "family_name", term))
        visible = visible.filter(pk__in=matching.values("family_id"))
    elif kind in ("postcode", "phone"):
        visible = visible.filter(blind_q(Family, kind, term))
    else:
        raise ValueError(f"Unknown search kind {kind!r}")
    found = list(_with_members(visible).order_by("-opened_on", "id")[:PAGE_SIZE])
    with transaction.atomic():
        log_reads(user, found, action=Action.SEARCH)
    return found


def family_viewers(user: User, family: Family) -> list[AccessEvent]:
    """ "Who viewed this file", for those who may see the whole file."""
    if access.field_set(user) != access.FULL:
        return []
    return access_log.viewers_of_family(family.pk)


def consents_of(user: User, family: Family) -> list[Consent]:
    if access.field_set(user) != access.FULL:
        return []
    return list(family.consents.select_related("given_by", "partner").order_by("-given_at"))


def consent_get(user: User, family: Family, consent_id: UUID | str) -> Consent:
    try:
        return family.consents.get(pk=consent_id)
    except (Consent.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None


def caseload(user: User) -> dict[str, object]:
    """The coordinator's overview: open files per case owner and status, and unassigned ones."""
    if user.role != Role.COORDINATOR:
        raise Http404
    open_files = access.families_visible_to(user).exclude(status=Family.Status.CLOSED)
    rows = (
        open_files.values("case_owner_id", "case_owner__name", "status")
        .annotate(count=Count("id"))
        .order_by("case_owner__name", "status")
    )
    owners: dict[object, dict[str, object]] = {}
    for row in rows:
        owner = owners.setdefault(
            row["case_owner_id"],
            {"name": row["case_owner__name"], "counts": {}, "total": 0},
        )
        owner["counts"][row["status"]] = row["count"]  # type: ignore[index]
        owner["total"] = int(owner["total"]) + row["count"]  # type: ignore[call-overload]
    return {"owners": list(owners.values()), "statuses": Family.Status.choices[:3]}
