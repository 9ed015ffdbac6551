"""Demo data-subject requests in several states, made through the services.

One overdue (access, in progress), one due this week (rectification, just received), one
extended (erasure), one closed (access, granted), one restriction with its file restricted,
and one objection to the VoorleesExpress waiting to be applied. Dates are relative to
today, so the start page and the daily e-mail always have something to show.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from gezinsaanpak.access.subject_requests import request_organisation_of
from gezinsaanpak.models import DataSubjectRequest, Family, Placement
from gezinsaanpak.services import subject_requests as services
from gezinsaanpak.services.restriction import family_restrict


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def _quiet_families(organisation_id: Any) -> list[Family]:
    """Files without placements or referrals, so a restriction does not block the demo."""
    return list(
        Family.objects.filter(
            organisation_id=organisation_id,
            status=Family.Status.ACTIVE,
            placements__isnull=True,
            referrals__isnull=True,
        ).order_by("opened_on", "id")[:4]
    )


def _placed_family(organisation_id: Any) -> Family | None:
    open_placements = Placement.objects.filter(
        organisation_id=organisation_id, status=Placement.Status.WAITING
    )
    placement = open_placements.order_by("sign_up_date", "id").first()
    return placement.family if placement else None


def _request(officer: User, kind: str, days_ago: int, text: str, **extra: Any) -> Any:
    data = {"kind": kind, "received_on": _days_ago(days_ago), "description": text, **extra}
    return services.subject_request_create(actor=officer, data=data)


def _checked(officer: User, request: Any, method: str, days_ago: int) -> None:
    services.subject_request_check_identity(
        actor=officer, request=request, method=method, checked_on=_days_ago(days_ago)
    )


def seed_subject_requests(users: dict[str, User]) -> int:
    """Create the demo requests once; how many were made this run."""
    officer = users["privacy@demo.nl"]
    organisation_id = request_organisation_of(officer)
    if DataSubjectRequest.objects.filter(organisation_id=organisation_id).exists():
        return 0
    families = _quiet_families(organisation_id)
    if len(families) < 4:
        return 0
    made = [_overdue(officer, families[0]), _due_soon(officer, families[1])]
    made += [_extended(officer, families[2]), _closed(officer, families[3])]
    made.append(_restriction(officer, families[1]))
    placed = _placed_family(organisation_id)
    if placed is not None:
        made.append(_objection(officer, placed))
    return len(made)


def _overdue(officer: User, family: Family) -> Any:
    request = _request(
        officer, "access", 40, "Moeder vraagt per brief welke gegevens de bibliotheek heeft."
    )
    _checked(officer, request, "in_person", 35)
    services.subject_request_link_family(actor=officer, request=request, family_id=family.pk)
    return services.subject_request_take(actor=officer, request=request)


def _due_soon(officer: User, family: Family) -> Any:
    request = _request(
        officer, "rectification", 26, "Vader meldt dat het telefoonnummer niet meer klopt."
    )
    services.subject_request_link_family(actor=officer, request=request, family_id=family.pk)
    return request


def _extended(officer: User, family: Family) -> Any:
    request = _request(
        officer, "erasure", 20, "Ouders willen dat alle gegevens worden gewist na verhuizing."
    )
    _checked(officer, request, "known_contact", 18)
    services.subject_request_link_family(actor=officer, request=request, family_id=family.pk)
    services.subject_request_take(actor=officer, request=request)
    return services.subject_request_extend(
        actor=officer,
        request=request,
        until=request.original_deadline + datetime.timedelta(days=45),
        reason="Gegevens liggen ook bij twee partners; die vragen we eerst om te wissen.",
    )


def _closed(officer: User, family: Family) -> Any:
    request = _request(officer, "access", 60, "Moeder wil een kopie van haar gegevens.")
    _checked(officer, request, "in_person", 58)
    services.subject_request_link_family(actor=officer, request=request, family_id=family.pk)
    return services.subject_request_close(
        actor=officer,
        request=request,
        outcome="granted",
        note="Overzicht op papier meegegeven in de bibliotheek.",
        closed_on=_days_ago(45),
    )


def _restriction(officer: User, family: Family) -> Any:
    request = _request(
        officer,
        "restriction",
        3,
        "Vader betwist het adres in het dossier; tot het is nagekeken niets verwerken.",
    )
    _checked(officer, request, "known_contact", 2)
    services.subject_request_link_family(actor=officer, request=request, family_id=family.pk)
    services.subject_request_take(actor=officer, request=request)
    family_restrict(
        actor=officer,
        family=family,
        reason="Het adres wordt betwist (art. 18 lid 1 a).",
        request=request,
    )
    return request


def _objection(officer: User, family: Family) -> Any:
    request = _request(
        officer,
        "objection",
        5,
        "Moeder wil niet meer deelnemen aan de VoorleesExpress.",
        objected_purposes=["ve_participation"],
    )
    _checked(officer, request, "in_person", 4)
    services.subject_request_link_family(actor=officer, request=request, family_id=family.pk)
    return request
