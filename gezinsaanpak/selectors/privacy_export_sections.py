"""What a family's data export holds: every record that hangs from the family, field by field.

One function per section, in the order of the export. Each names its fields explicitly (so
the JSON is documented in docs/privacy-export.md and never grows a field by accident); the
test ``test_every_encrypted_field_of_the_family_is_exported`` fails when a model that hangs
from the family gets an encrypted field that no section names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from gezinsaanpak.models import (
    Caregiver,
    Child,
    Consent,
    Contact,
    DataSubjectRequest,
    Family,
    ProcessingRestriction,
)

from .privacy_export import Item, Part, caregiver_name, item, text, titled, value
from .privacy_export_casework import placement_items, referral_items

FAMILY_FIELDS = (
    "id",
    "status",
    "municipality",
    "opened_on",
    "closed_on",
    "close_reason",
    "case_owner",
    "postcode",
    "house_number",
    "street",
    "city",
    "phone",
    "email",
    "home_languages",
    "reading_languages",
    "notes",
    "second_participation",
    "restricted_processing",
    "created_at",
    "updated_at",
)
CAREGIVER_FIELDS = (
    "id",
    "given_name",
    "family_name",
    "relation",
    "legal_authority",
    "languages",
    "literacy_concern",
    "created_at",
)
CHILD_FIELDS = (
    "id",
    "given_name",
    "date_of_birth",
    "birth_month",
    "development_concern",
    "created_at",
)
CONSENT_FIELDS = (
    "id",
    "purpose",
    "partner",
    "legal_basis",
    "text_version",
    "method",
    "given_at",
    "expires_at",
    "withdrawn_at",
    "recorded_by",
    "withdrawn_by",
)
CONTACT_FIELDS = ("id", "coach", "handed_over_at", "created_at")
REQUEST_FIELDS = (
    "id",
    "kind",
    "received_on",
    "description",
    "identity_checked_on",
    "identity_method",
    "deadline",
    "extended_until",
    "extension_reason",
    "status",
    "outcome",
    "outcome_note",
    "closed_on",
)
RESTRICTION_FIELDS = ("id", "set_at", "reason", "lifted_at", "lift_reason")


@dataclass(frozen=True)
class Section:
    key: str
    title: StrOrPromise
    empty_text: StrOrPromise
    build: Callable[[Family], list[Item]]

    def part(self, family: Family) -> Part:
        return Part(self.key, str(self.title), self.build(family), str(self.empty_text))


def family_items(family: Family) -> list[Item]:
    family = Family.objects.select_related("municipality", "case_owner").get(pk=family.pk)
    return [item(family, "family", FAMILY_FIELDS)]


def caregiver_items(family: Family) -> list[Item]:
    caregivers = Caregiver.objects.filter(family=family).order_by("created_at", "id")
    return [
        titled(item(caregiver, "caregiver", CAREGIVER_FIELDS), caregiver_name(caregiver))
        for caregiver in caregivers
    ]


def child_items(family: Family) -> list[Item]:
    children = Child.objects.filter(family=family).order_by("created_at", "id")
    return [titled(item(child, "child", CHILD_FIELDS), child.given_name) for child in children]


def consent_items(family: Family) -> list[Item]:
    consents = Consent.objects.filter(family=family).select_related(
        "given_by", "partner", "recorded_by", "withdrawn_by"
    )
    return [_consent(consent) for consent in consents.order_by("given_at", "id")]


def _consent(consent: Consent) -> Item:
    given_by = value("given_by", _("given by"), caregiver_name(consent.given_by))
    record = item(consent, "consent", CONSENT_FIELDS)
    record.values.insert(2, given_by)  # after the purpose and the partner: who agreed
    return titled(record, f"{consent.get_purpose_display()} ({text(consent.given_at)})")


def contact_items(family: Family) -> list[Item]:
    contacts = Contact.objects.filter(family=family).select_related("coach", "session__location")
    return [_contact(contact) for contact in contacts.order_by("created_at", "id")]


def _contact(contact: Contact) -> Item:
    session = contact.session
    where = session.location.name if session else ""
    when = session.date if session else None
    record = item(
        contact,
        "contact",
        CONTACT_FIELDS,
        extra=[
            value("location", _("consultatiebureau"), where),
            value("session_date", _("date of the conversation"), when),
        ],
    )
    return titled(record, f"{_('Conversation')} {text(contact.created_at)}")


def request_items(family: Family) -> list[Item]:
    requests = DataSubjectRequest.objects.filter(
        family=family, organisation_id=family.organisation_id
    )
    return [
        titled(item(r, "data_subject_request", REQUEST_FIELDS), r.get_kind_display())
        for r in requests.order_by("received_on", "id")
    ]


def restriction_items(family: Family) -> list[Item]:
    restrictions = ProcessingRestriction.objects.filter(family=family).order_by("set_at", "id")
    return [
        titled(
            item(r, "processing_restriction", RESTRICTION_FIELDS),
            f"{_('Processing restricted')} {text(r.set_at)}",
        )
        for r in restrictions
    ]


SECTIONS: tuple[Section, ...] = (
    Section("family", gettext_lazy("The family file"), "", family_items),
    Section(
        "caregivers", gettext_lazy("Parents and caregivers"), gettext_lazy("None."), caregiver_items
    ),
    Section("children", gettext_lazy("Children"), gettext_lazy("None."), child_items),
    Section(
        "consents", gettext_lazy("Consent"), gettext_lazy("No consent recorded."), consent_items
    ),
    Section(
        "placements",
        gettext_lazy("VoorleesExpress: placements and visits"),
        gettext_lazy("The family did not take part in the VoorleesExpress."),
        placement_items,
    ),
    Section(
        "boekstart_contacts",
        gettext_lazy("BoekStart contacts"),
        gettext_lazy("No BoekStart contacts."),
        contact_items,
    ),
    Section(
        "referrals",
        gettext_lazy("Referrals to and from partners"),
        gettext_lazy("No referrals."),
        referral_items,
    ),
    Section(
        "data_subject_requests",
        gettext_lazy("Your requests about your data"),
        gettext_lazy("No requests."),
        request_items,
    ),
    Section(
        "restrictions",
        gettext_lazy("Restriction of processing"),
        gettext_lazy("Processing of your data was never restricted."),
        restriction_items,
    ),
)
