"""The processing register (AVG art. 30) of one organisation, as a document, CSV or JSON.

Built every time from ``gezinsaanpak.processing_register.REGISTER`` (what the code does)
and the organisation's own settings (controller, data protection officer), so there is no
hand-kept copy that can drift. It holds no personal data of families.
"""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import Organisation
from gezinsaanpak.access.audit import may_read_processing_register
from gezinsaanpak.processing_register import REGISTER, LegalBasis, Purpose

if TYPE_CHECKING:
    from accounts.models import User

VERSION = 1

CSV_COLUMNS = (
    "purpose",
    "purpose_label",
    "legal_basis",
    "legal_basis_label",
    "data_subjects",
    "categories_of_data",
    "special_categories",
    "recipients",
    "recipient_partner_types",
    "transfers_outside_eu",
    "retention",
    "security_measures",
    "controller_name",
    "controller_contact",
    "dpo_name",
    "dpo_email",
)


def processing_register_for_user(user: User) -> dict[str, Any]:
    """The register of the user's own organisation; 404 for anyone but its privacy officer."""
    if not user.is_authenticated or not may_read_processing_register(user):
        raise Http404
    organisation = user.organisation
    if organisation is None:
        raise Http404
    return processing_register_document(organisation)


def processing_register_document(organisation: Organisation) -> dict[str, Any]:
    """The register as plain data, in the active language."""
    partner_labels = dict(Organisation.PartnerType.choices)
    activities = []
    for entry in REGISTER:
        activities.append(
            {
                "purpose": str(entry.purpose),
                "purpose_label": str(Purpose(entry.purpose).label),
                "legal_basis": str(entry.legal_basis),
                "legal_basis_label": str(LegalBasis(entry.legal_basis).label),
                "data_subjects": [_(subject) for subject in entry.data_subjects],
                "categories_of_data": [
                    {"name": _(category.name), "special_category": category.sensitive}
                    for category in entry.categories_of_data
                ],
                "recipients": [_(recipient) for recipient in entry.recipients],
                "recipient_partner_types": [
                    {"type": kind, "name": str(partner_labels[kind])}
                    for kind in entry.partner_types
                ],
                "transfers_outside_eu": _(entry.transfers_outside_eu),
                "retention": _(entry.retention),
                "security_measures": [_(measure) for measure in entry.security_measures],
            }
        )
    return {
        "version": VERSION,
        "organisation": organisation.name,
        "controller": {
            "name": organisation.controller_name or organisation.name,
            "contact": organisation.controller_contact,
        },
        "data_protection_officer": {
            "name": organisation.dpo_name,
            "email": organisation.dpo_email,
        },
        "activities": activities,
    }


def register_as_json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def register_as_csv(document: dict[str, Any]) -> str:
    """One row per processing activity; lists joined with "; ", special categories marked."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    controller, dpo = document["controller"], document["data_protection_officer"]
    special = _("special category")
    for activity in document["activities"]:
        categories = activity["categories_of_data"]
        writer.writerow(
            [
                activity["purpose"],
                activity["purpose_label"],
                activity["legal_basis"],
                activity["legal_basis_label"],
                "; ".join(activity["data_subjects"]),
                "; ".join(
                    f"{c['name']} ({special})" if c["special_category"] else c["name"]
                    for c in categories
                ),
                "; ".join(c["name"] for c in categories if c["special_category"]),
                "; ".join(activity["recipients"]),
                "; ".join(p["name"] for p in activity["recipient_partner_types"]),
                activity["transfers_outside_eu"],
                activity["retention"],
                "; ".join(activity["security_measures"]),
                controller["name"],
                controller["contact"],
                dpo["name"],
                dpo["email"],
            ]
        )
    return out.getvalue()


def organisation_named(name: str | None) -> Organisation:
    """For the management command: the named organisation, or the only library."""
    if name:
        return Organisation.objects.get(name=name)
    return Organisation.objects.get(kind=Organisation.Kind.LIBRARY)
