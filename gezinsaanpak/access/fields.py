"""Field sets: which fields of each entity a role may see (ARCHITECTURE.md §4).

One object drives three things: the fields an API serializer outputs, the values a
template's read model holds, and the field names the access log records. A field that is
not in the set never leaves the selector.

Special-category fields (a caregiver's literacy concern, a child's development or speech
concern) are not part of any role's set: :func:`family_fields` adds them only for a user
who holds a grant on the family, or is its case owner (§4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import Role


@dataclass(frozen=True)
class FieldSet:
    """The fields of one entity that a role may see."""

    entity: str
    names: frozenset[str]

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __bool__(self) -> bool:
        return bool(self.names)

    def qualified(self) -> list[str]:
        """Names for the access log, qualified by the entity: ``caregiver.given_name``."""
        return sorted(f"{self.entity}.{name}" for name in self.names)

    def plus(self, names: Iterable[str]) -> FieldSet:
        return FieldSet(self.entity, self.names | frozenset(names))

    def minus(self, names: Iterable[str]) -> FieldSet:
        return FieldSet(self.entity, self.names - frozenset(names))

    def only(self, names: Iterable[str]) -> FieldSet:
        return FieldSet(self.entity, self.names & frozenset(names))


def _set(entity: str, *names: str) -> FieldSet:
    return FieldSet(entity, frozenset(names))


@dataclass(frozen=True)
class FamilyFields:
    """A family file as one role sees it: the family and its caregivers and children."""

    family: FieldSet
    caregiver: FieldSet
    child: FieldSet

    @property
    def is_full(self) -> bool:
        """The whole file (minus, perhaps, the special categories): case workers' view."""
        return "notes" in self.family

    def qualified(self) -> list[str]:
        return sorted(self.family.qualified() + self.caregiver.qualified() + self.child.qualified())

    def names(self) -> list[str]:
        return self.qualified()

    def only(self, view: FamilyFields) -> FamilyFields:
        """What of ``view`` (the fields a page renders) this set permits."""
        return FamilyFields(
            self.family.only(view.family.names),
            self.caregiver.only(view.caregiver.names),
            self.child.only(view.child.names),
        )

    def with_special_categories(self) -> FamilyFields:
        return FamilyFields(
            self.family,
            self.caregiver.plus(SPECIAL_CATEGORY["caregiver"]),
            self.child.plus(SPECIAL_CATEGORY["child"]),
        )


# Special-category-like fields, per entity: only with a grant on the family (§4).
SPECIAL_CATEGORY = {"caregiver": ("literacy_concern",), "child": ("development_concern",)}

_ADDRESS = ("postcode", "house_number", "street", "city")
_CASE = ("status", "municipality", "opened_on", "closed_on", "close_reason", "case_owner")
_LANGUAGES = ("home_languages", "reading_languages")

FULL = FamilyFields(
    family=_set(
        "family",
        *_ADDRESS,
        *_CASE,
        *_LANGUAGES,
        "phone",
        "email",
        "notes",
        "second_participation",
        "restricted_processing",
    ),
    caregiver=_set(
        "caregiver", "given_name", "family_name", "relation", "legal_authority", "languages"
    ),
    child=_set("child", "given_name", "date_of_birth", "birth_month"),
)
CONTACT = FamilyFields(
    family=_set(
        "family",
        *_ADDRESS,
        *_LANGUAGES,
        "status",
        "municipality",
        "phone",
        "email",
        "restricted_processing",
    ),
    caregiver=_set("caregiver", "given_name", "family_name", "relation", "languages"),
    child=_set("child", "given_name", "birth_month"),
)
VISIT = FamilyFields(
    family=_set("family", *_ADDRESS, *_LANGUAGES, "phone"),
    caregiver=_set("caregiver", "given_name", "languages"),
    child=_set("child", "given_name"),
)
NOTHING = FamilyFields(_set("family"), _set("caregiver"), _set("child"))

FAMILY_FIELDS: dict[str, FamilyFields] = {
    Role.COORDINATOR: FULL,
    Role.SPECIALIST: FULL,
    Role.COACH: CONTACT,
    Role.VOLUNTEER: VISIT,
}

# A family as the coordinator's VoorleesExpress pages show it: the waiting list shows all
# of this, the placement list, the dashboard and the placement page a part (``.only``).
FAMILY_IN_LISTS = FamilyFields(
    family=_set("family", "home_languages", "second_participation"),
    caregiver=_set("caregiver", "given_name", "family_name"),
    child=_set("child", "birth_month"),
)
# A family as a placement shows it in the API, to anyone who may see the placement: what
# a visit needs, nothing more (the volunteer's own set).
FAMILY_ON_PLACEMENT = VISIT

# A family as the family list and search results show it (a row of the table).
FAMILY_TABLE = FamilyFields(
    family=_set("family", "postcode", "status", "case_owner"),
    caregiver=_set("caregiver", "given_name", "family_name"),
    child=_set("child", "given_name", "birth_month"),
)
# What a case worker enters on a file, in form order (forms, serializers and services
# share these); ``FAMILY_INPUT`` as a field set says what the edit form shows.
FAMILY_INPUT_FIELDS = (
    "municipality",
    "postcode",
    "house_number",
    "street",
    "city",
    "phone",
    "email",
    "home_languages",
    "reading_languages",
    "second_participation",
    "notes",
)
CAREGIVER_INPUT_FIELDS = (
    "given_name",
    "family_name",
    "relation",
    "legal_authority",
    "languages",
    "literacy_concern",
)
CHILD_INPUT_FIELDS = ("given_name", "date_of_birth", "development_concern")
FAMILY_INPUT = FamilyFields(
    _set("family", *FAMILY_INPUT_FIELDS),
    _set("caregiver", *CAREGIVER_INPUT_FIELDS),
    _set("child", *CHILD_INPUT_FIELDS),
)
# A consent as the case workers' consent page and the API show it.
CONSENT_FIELDS = _set(
    "consent",
    "purpose",
    "partner",
    "given_by",
    "legal_basis",
    "text_version",
    "method",
    "given_at",
    "expires_at",
    "withdrawn_at",
)

# VoorleesExpress ---------------------------------------------------------------------------

PLACEMENT_FIELDS: dict[str, FieldSet] = {
    Role.COORDINATOR: _set(
        "placement",
        "kind",
        "status",
        "sign_up_date",
        "referred_by",
        "weekday",
        "visit_time",
        "planned_visits",
        "interval_weeks",
        "start_date",
        "end_date",
        "stop_reason",
        "library_visit_on",
        "library_cards_on",
        "volunteer",
    ),
    Role.VOLUNTEER: _set(
        "placement", "kind", "status", "weekday", "visit_time", "planned_visits", "start_date"
    ),
}
VISIT_FIELDS: dict[str, FieldSet] = {
    Role.COORDINATOR: _set("visit", "date", "status", "minutes", "parent_present", "books", "note"),
    Role.VOLUNTEER: _set("visit", "date", "status", "minutes", "parent_present", "books", "note"),
}
CONCERN_FIELDS: dict[str, FieldSet] = {
    Role.COORDINATOR: _set("concern", "raised_by", "raised_at", "text", "handled_at"),
    Role.VOLUNTEER: _set("concern", "raised_at", "text"),
}
MEETING_FIELDS: dict[str, FieldSet] = {
    Role.COORDINATOR: _set("meeting", "moment", "due_on", "held_on", "note"),
}
ANSWER_FIELDS: dict[str, FieldSet] = {
    Role.COORDINATOR: _set("answer", "question", "value"),
}

# The caregivers a form offers to choose from (consent, referral), by name.
CAREGIVER_BY_NAME = _set("caregiver", "given_name", "family_name")

# Referrals -------------------------------------------------------------------------------

_REFERRAL_LIST = (
    "direction",
    "partner",
    "reason_code",
    "status",
    "created_at",
    "contact_check_due_on",
    "possible_duplicates",
)
REFERRAL_FIELDS: dict[str, FieldSet] = {
    Role.COORDINATOR: _set(
        "referral",
        *_REFERRAL_LIST,
        "via",
        "partner_reference",
        "decline_reason",
        "referrer_name",
        "referrer_role",
        "reason_text",
        "requested_programme",
        "feedback",
        "partner_feedback",
        "payload",
    ),
}
REFERRAL_FIELDS[Role.SPECIALIST] = REFERRAL_FIELDS[Role.COORDINATOR]
REFERRAL_IN_LISTS = _set("referral", *_REFERRAL_LIST)
# Beside a referral in a list: its family's name (the first caregiver's); on its page, the
# file's status.
REFERRAL_ROW_CAREGIVER = _set("caregiver", "family_name")
REFERRAL_FILE_STATUS = _set("family", "status")
# The minimal payloads a partner API client sees.
PARTNER_SENT_REFERRAL = _set(
    "referral",
    "status",
    "reason_code",
    "requested_programme",
    "partner_reference",
    "feedback",
    "decline_reason",
)
# A partner login's list of the referrals libraries sent to its organisation (the page of
# one shows PARTNER_RECEIVED_REFERRAL, with who to contact).
PARTNER_RECEIVED_IN_LISTS = _set(
    "referral", "status", "reason_code", "requested_programme", "contact_check_due_on"
)
PARTNER_RECEIVED_REFERRAL = _set(
    "referral",
    "status",
    "reason_code",
    "reason_text",
    "requested_programme",
    "referrer_name",
    "referrer_role",
    "payload",
    "partner_feedback",
)

# BoekStart -------------------------------------------------------------------------------

CONTACT_FIELDS: dict[str, FieldSet] = {
    Role.COACH: _set("contact", "session", "coach", "handed_over_at", "created_at"),
    Role.COORDINATOR: _set("contact", "session", "coach", "handed_over_at", "created_at"),
}

_NONE = {
    name: _set(name)
    for name in ("placement", "visit", "concern", "meeting", "answer", "referral", "contact")
}


def entity_fields(table: dict[str, FieldSet], role: str, entity: str) -> FieldSet:
    """The role's set from ``table``; nothing for a role the table does not name."""
    return table.get(role) or _NONE[entity]
