"""Reads of family files: access rules applied, read models returned, the reads logged.

Every page and response gets :class:`~gezinsaanpak.selectors.read_models.Record` objects
built with the user's :class:`~gezinsaanpak.access.fields.FamilyFields` (special
categories only where the user holds a grant or owns the case), and the access-log line
of each family shown is derived from its record's ``field_names()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.core.paginator import Page
from django.db import transaction
from django.db.models import Case, Count, Prefetch, QuerySet, When
from django.http import Http404

from accounts.models import User
from gezinsaanpak import access
from gezinsaanpak.access.fields import (
    FAMILY_INPUT,
    FAMILY_TABLE,
    FamilyFields,
)
from gezinsaanpak.audit.events import families as events
from gezinsaanpak.models import AccessEvent, Caregiver, Child, Family
from gezinsaanpak.models.audit import Action
from gezinsaanpak.privacy import normalize
from gezinsaanpak.privacy.blind_index import blind_q

from .paging import PAGE_SIZE, page_of
from .read_models import Record, record
from .referrals import family_referrals
from .sharing import consent_records_of, consents_of_families
from .timeline import TimelineItem, family_timeline

__all__ = ["NAME_SORT_MAX", "ORDERS", "PAGE_SIZE", "SEARCH_KINDS", "FamilyFilters"]


# How a list of families may be ordered; the first is the default.
ORDERS = ("newest", "oldest", "status", "family_name")
# Family names are encrypted, so the database cannot sort by them: up to this many files
# are sorted in Python (every name of the set is decrypted, none is shown or logged but
# those of the page); a larger set asks for a filter first.
NAME_SORT_MAX = 2000
_STATUS_ORDER = [Family.Status.REFERRED, Family.Status.INTAKE, Family.Status.ACTIVE]


class NameSortTooLargeError(ValueError):
    """More files than :data:`NAME_SORT_MAX` to sort by family name."""


@dataclass(frozen=True)
class FamilyFilters:
    status: str | None = None
    municipality_id: UUID | None = None
    case_owner_id: UUID | None = None
    no_case_owner: bool = False
    open_only: bool = False  # every status but closed (the caseload counts these)
    order: str = ORDERS[0]


def _with_members(families: QuerySet[Family], *, consents: bool = False) -> QuerySet[Family]:
    """The families with what a file shows; ``consents`` too for the API's whole files."""
    families = families.select_related("municipality", "case_owner").prefetch_related(
        Prefetch("caregivers", queryset=Caregiver.objects.order_by("created_at", "id")),
        Prefetch("children", queryset=Child.objects.order_by("birth_month", "id")),
    )
    if consents:
        families = families.prefetch_related(Prefetch("consents", queryset=consents_of_families()))
    return families


def _visible(user: User) -> QuerySet[Family]:
    """The families ``user`` may see; a role that sees no family gets a 404, not a list."""
    if not access.can(user, access.Capability.VIEW_FAMILY):
        raise Http404
    return access.families_visible_to(user)


def _filtered(user: User, filters: FamilyFilters) -> QuerySet[Family]:
    families = _visible(user)
    if filters.status:
        families = families.filter(status=filters.status)
    if filters.municipality_id:
        families = families.filter(municipality_id=filters.municipality_id)
    if filters.case_owner_id:
        families = families.filter(case_owner_id=filters.case_owner_id)
    if filters.no_case_owner:
        families = families.filter(case_owner__isnull=True)
    if filters.open_only:
        families = families.exclude(status=Family.Status.CLOSED)
    return families


def _ordered(families: QuerySet[Family], order: str) -> QuerySet[Family] | list[UUID]:
    """The families in ``order``: a query, or for the family name the ids in order."""
    if order == "oldest":
        return families.order_by("opened_on", "id")
    if order == "status":
        rank = Case(
            *(When(status=status, then=n) for n, status in enumerate(_STATUS_ORDER)),
            default=len(_STATUS_ORDER),
        )
        return families.order_by(rank, "-opened_on", "id")
    if order == "family_name":
        return _ids_by_family_name(families)
    return families.order_by("-opened_on", "id")


def _ids_by_family_name(families: QuerySet[Family]) -> list[UUID]:
    """Every id of ``families`` by the name the list shows (first caregiver's family name,
    else given name; files without a caregiver last), accents and case folded.

    Correct across pages because the whole set is sorted, so the set is bounded.
    """
    ids = list(families.order_by("id").values_list("pk", flat=True)[: NAME_SORT_MAX + 1])
    if len(ids) > NAME_SORT_MAX:
        raise NameSortTooLargeError
    caregivers = (
        Caregiver.objects.filter(family_id__in=families.values("pk"))
        .only("id", "family_id", "family_name", "given_name", "created_at")
        .order_by("family_id", "created_at", "id")
    )
    names: dict[UUID, str] = {}
    for caregiver in caregivers:
        if caregiver.family_id not in names:
            names[caregiver.family_id] = caregiver.family_name or caregiver.given_name
    return sorted(ids, key=lambda pk: (pk not in names, normalize.text(names.get(pk, "")), pk))


def family_record(family: Family, fields: FamilyFields, **extra: Any) -> Record:
    """The read model of one file: the family with its caregivers and children."""
    nested = {
        "caregivers": [
            record(c, fields.caregiver, family_id=family.pk) for c in _all(family, "caregivers")
        ],
        "children": [
            record(c, fields.child, family_id=family.pk) for c in _all(family, "children")
        ],
    }
    return record(family, fields.family, family_id=family.pk, extra={**nested, **extra})


def _all(family: Family, relation: str) -> list[Any]:
    return list(getattr(family, relation).all())


def _records(user: User, families: Sequence[Family], view: FamilyFields | None) -> list[Record]:
    """Records of a page of families (one query for the grants); ``view`` narrows them.

    Without ``view`` each record is the whole file as the role sees it, with its consents
    for case workers (prefetched: ``_with_members(..., consents=True)``), as the API's
    file shows it.
    """
    allowed = access.family_fields_many(user, families)
    if view is not None:
        return [family_record(f, allowed[f.pk].only(view)) for f in families]
    return [_whole_file(f, allowed[f.pk]) for f in families]


def _whole_file(family: Family, fields: FamilyFields) -> Record:
    if not fields.is_full:
        return family_record(family, fields)
    return family_record(family, fields, consents=consent_records_of(family.consents.all()))


def _shown(user: User, shown: list[Record], action: str) -> list[Record]:
    with transaction.atomic():
        events.families_viewed(user, shown, action=action)
    return shown


@dataclass(frozen=True)
class FamilyPage:
    """A page of families: Django's page for the pager, and the records shown on it."""

    page: Page[Any]  # of families, or of their ids when sorted by family name
    records: list[Record]


def family_page(
    user: User,
    *,
    filters: FamilyFilters | None = None,
    page: int | str | None = 1,
    size: int = PAGE_SIZE,
    strict: bool = False,
    table: bool = False,
) -> FamilyPage:
    """One page of the families ``user`` may see, newest first; logs each family shown.

    ``table``: only what the family table renders (the page); otherwise the whole file
    as the role sees it (the API).
    """
    filters = filters or FamilyFilters()
    families = _with_members(_filtered(user, filters), consents=not table)
    ordered = _ordered(families, filters.order)
    result = page_of(ordered, page, size=size, strict=strict)
    shown = _records(
        user, _page_families(families, result.object_list), FAMILY_TABLE if table else None
    )
    return FamilyPage(result, _shown(user, shown, Action.LIST))


def _page_families(families: QuerySet[Family], page: Iterable[Any]) -> list[Family]:
    """The families of a page; a page of ids (the name sort) is fetched in its order."""
    items = list(page)
    if not items or isinstance(items[0], Family):
        return items
    by_id = families.in_bulk(items)
    return [by_id[pk] for pk in items if pk in by_id]


SEARCH_KINDS = ("postcode", "phone", "family_name")


def family_search(
    user: User,
    *,
    kind: str,
    term: str,
    page: int | str | None = 1,
    strict: bool = False,
    table: bool = False,
) -> FamilyPage:
    """Exact-match search through the blind indexes; only families ``user`` may see."""
    visible = _visible(user)
    if kind == "family_name":
        matching = Caregiver.objects.filter(blind_q(Caregiver, "family_name", term))
        visible = visible.filter(pk__in=matching.values("family_id"))
    elif kind in ("postcode", "phone"):
        visible = visible.filter(blind_q(Family, kind, term))
    else:
        raise ValueError(f"Unknown search kind {kind!r}")
    families = _with_members(visible, consents=not table).order_by("-opened_on", "id")
    result = page_of(families, page, strict=strict)
    shown = _records(user, list(result.object_list), FAMILY_TABLE if table else None)
    return FamilyPage(result, _shown(user, shown, Action.SEARCH))


def _one(user: User, family_id: UUID | str, *, consents: bool = False) -> Family:
    """The visible family with its members, in one read of the row: 404 if not visible."""
    visible = access.families_visible_to(user)
    return access.families.visible_one_or_404(
        user, _with_members(visible, consents=consents), family_id
    )


@dataclass(frozen=True)
class FamilyFile:
    """The file page: the family's record, and for case workers its story and viewers."""

    family: Record
    may_change: bool
    may_assign_owner: bool = False
    timeline: list[TimelineItem] = field(default_factory=list)
    viewers: list[AccessEvent] = field(default_factory=list)
    referrals: list[Any] = field(default_factory=list)


def family_file_get(
    user: User, family_id: UUID | str, *, consents: bool = False, story: bool = True
) -> FamilyFile:
    """One family file, or 404 (the same for missing and forbidden). Logs the read.

    ``consents`` adds the file's consents to the record (the API shows them to case
    workers); the log line then names the consent fields too. ``story``: case workers'
    page also shows the timeline, the referrals and who viewed the file.
    """
    family = _one(user, family_id, consents=consents)
    fields = access.family_fields(user, family)
    shown = _whole_file(family, fields) if consents else family_record(family, fields)
    story = story and fields.is_full
    with transaction.atomic():
        events.family_file_viewed(user, shown, with_story=story)
    may_change = fields.is_full and access.may(user, access.Capability.CHANGE_FAMILY, family)
    if not story:
        return FamilyFile(shown, may_change=may_change)
    return FamilyFile(
        shown,
        may_change=may_change,
        may_assign_owner=access.may(user, access.Capability.ASSIGN_CASE_OWNER, family),
        timeline=family_timeline(family),
        viewers=events_of(family),
        referrals=family_referrals(user, family),
    )


VIEWERS_ON_FILE = 10


def events_of(family: Family) -> list[AccessEvent]:
    """ "Who viewed this file" on the file's page: the newest lines about it (staff, never
    the family's data); :func:`family_viewers_page` pages through all of them."""
    lines = AccessEvent.objects.filter(family_id=family.pk).order_by("-at", "-id")
    return list(lines[:VIEWERS_ON_FILE])


def family_for_edit(user: User, family_id: UUID | str) -> tuple[Family, FamilyFields]:
    """The file to fill the edit form with; logs a read of exactly the fields the form shows.

    The instance goes to the model forms only; the field set says which special-category
    fields the forms may show.
    """
    family = access.family_for_change(user, family_id)
    fields = access.family_fields(user, family)
    _shown(user, [family_record(family, fields.only(FAMILY_INPUT))], Action.READ)
    return family, fields


def caseload(user: User) -> dict[str, object]:
    """The coordinator's overview: open files per case owner and status, and unassigned ones."""
    if not access.can(user, access.Capability.VIEW_CASELOAD):
        raise Http404
    open_files = access.families_visible_to(user).exclude(status=Family.Status.CLOSED)
    rows = (
        open_files.values("case_owner_id", "case_owner__name", "status")
        .annotate(count=Count("id"))
        .order_by("case_owner__name", "status")
    )
    owners: dict[object, dict[str, Any]] = {}
    for row in rows:
        owner = owners.setdefault(
            row["case_owner_id"],
            {"id": row["case_owner_id"], "name": row["case_owner__name"], "counts": {}, "total": 0},
        )
        owner["counts"][row["status"]] = row["count"]
        owner["total"] += row["count"]
    return {"owners": list(owners.values()), "statuses": Family.Status.choices[:3]}


def family_after_write(user: User, family_id: UUID | str) -> Record:
    """The file as ``user`` sees it, for the response to their write: NOT logged.

    The write's own lines (CREATE, or one UPDATE per object changed) already say who
    touched the file and which fields; a response that echoes the result is not a
    second, separate read (ARCHITECTURE.md §5.3, "a write logs the write").
    """
    family = _one(user, family_id, consents=True)
    return _whole_file(family, access.family_fields(user, family))


def member_after_write(user: User, member: Caregiver | Child) -> Record:
    """A caregiver or child just saved, as ``user`` sees it: NOT logged (see above)."""
    fields = access.family_fields(user, member.family)
    allowed = fields.caregiver if isinstance(member, Caregiver) else fields.child
    return record(member, allowed, family_id=member.family_id)
