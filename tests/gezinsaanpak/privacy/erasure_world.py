"""A family with a canary value in every personal field, and all that hangs from it.

Every value is unusual enough that finding it anywhere in the database after an erasure
means the erasure missed it. ``sealed_values`` collects the family's ciphertexts and blind
index values before the erasure, for the raw scan afterwards.
"""

from __future__ import annotations

import base64
import datetime
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import timezone

from accounts.models import Role, User
from gezinsaanpak import access
from gezinsaanpak.models import (
    Answer,
    Caregiver,
    Child,
    Concern,
    Consent,
    Contact,
    CoordinatorMeeting,
    DataSubjectRequest,
    Family,
    Job,
    JobFile,
    Placement,
    PrivacyExport,
    ProcessingRestriction,
    QuestionnaireResponse,
    Referral,
    Visit,
)
from gezinsaanpak.models.questionnaire import Question, QuestionnaireTemplate
from gezinsaanpak.privacy.fields import encrypted_fields
from tests.factories import LocationFactory, UserFactory, active_placement

BIRTH = datetime.date(2021, 7, 23)
CANARIES = {
    "postcode": "9917ZQ",
    "house_number": "77-Kanarie",
    "street": "Kanariestraat",
    "city": "Kanariedorp",
    "phone": "+31699887766",
    "email": "kanarie.gezin@example.org",
    "notes": "Kanarie-aantekening",
    "mother": "Kanariemoeder",
    "father": "Kanarievader",
    "surname": "Kanarievogelaar",
    "literacy": "Kanarie-leesprobleem",
    "child": "Kanariekind",
    "development": "Kanarie-spraak",
    "birth": BIRTH.isoformat(),
    "visit_note": "Kanarie-bezoeknotitie",
    "meeting_note": "Kanarie-gesprek",
    "concern": "Kanarie-zorgmelding",
    "answer": "Kanarie-antwoord",
    "referrer": "Kanarie-verwijzer",
    "referrer_role": "Kanarie-verpleegkundige",
    "reason": "Kanarie-reden",
    "feedback": "Kanarie-terugkoppeling",
    "partner_feedback": "Kanarie-partnerbericht",
    "reference": "KNR-4711",
    "referred_by": "Kanarie-aanmelder",
    "export": "Kanarie-export",
    "export_reason": "Kanarie-exportreden",
    "restriction": "Kanarie-beperkingsreden",
    "lift": "Kanarie-opheffingsreden",
}


@dataclass
class CanaryWorld:
    family: Family
    officer: User
    coordinator: User
    volunteer: User
    coach: User
    owner: User
    request: DataSubjectRequest
    placement: Placement
    inbound: Referral
    outbound: Referral
    contact: Contact
    extra: dict[str, Any] = field(default_factory=dict)


def _family(library: Any, owner: User) -> Family:
    family = Family.objects.create(
        organisation=library,
        municipality=library.municipalities.first(),
        status=Family.Status.ACTIVE,
        case_owner=owner,
        postcode=CANARIES["postcode"],
        house_number=CANARIES["house_number"],
        street=CANARIES["street"],
        city=CANARIES["city"],
        phone=CANARIES["phone"],
        email=CANARIES["email"],
        notes=CANARIES["notes"],
        home_languages=["nl", "ti"],
        reading_languages=["ti"],
        opened_on=datetime.date(2024, 2, 1),
    )
    access.families.grant_case_owner(owner, family)
    return family


def _members(family: Family) -> Caregiver:
    mother = Caregiver.objects.create(
        family=family,
        given_name=CANARIES["mother"],
        family_name=CANARIES["surname"],
        literacy_concern=CANARIES["literacy"],
        languages=["ti"],
    )
    Caregiver.objects.create(
        family=family, given_name=CANARIES["father"], family_name=CANARIES["surname"]
    )
    Child.objects.create(
        family=family,
        given_name=CANARIES["child"],
        date_of_birth=BIRTH,
        development_concern=CANARIES["development"],
    )
    return mother


def _placement_records(placement: Placement, volunteer: User, coordinator: User) -> None:
    placement.referred_by = CANARIES["referred_by"]
    placement.save(update_fields=["referred_by"])
    Visit.objects.create(
        placement=placement,
        date=timezone.localdate(),
        status=Visit.Status.HELD,
        minutes=60,
        books=3,
        note=CANARIES["visit_note"],
        logged_by=volunteer,
    )
    meeting = placement.meetings.first()
    assert meeting is not None
    meeting.note = CANARIES["meeting_note"]
    meeting.save()
    Concern.objects.create(placement=placement, raised_by=volunteer, text=CANARIES["concern"])
    template = QuestionnaireTemplate.objects.create(organisation=placement.organisation, name="VE")
    question = Question.objects.create(template=template, text="Hoe gaat het?", kind="text")
    response = QuestionnaireResponse.objects.create(
        placement=placement, template=template, moment="start", filled_in_by=coordinator
    )
    Answer.objects.create(response=response, question=question, value=CANARIES["answer"])


def _referrals(
    family: Family, mother: Caregiver, partner: Any, owner: User
) -> tuple[Referral, Referral]:
    payload = json.dumps(
        {"caregivers": [{"family_name": CANARIES["surname"]}], "phone": CANARIES["phone"]}
    )
    inbound = Referral.objects.create(
        direction=Referral.Direction.IN,
        organisation=family.organisation,
        partner=partner,
        family=family,
        via=Referral.Via.API,
        referrer_name=CANARIES["referrer"],
        referrer_role=CANARIES["referrer_role"],
        reason_code="other",
        reason_text=CANARIES["reason"],
        partner_reference=CANARIES["reference"],
        feedback=CANARIES["feedback"],
        payload=payload,
        status=Referral.Status.ACCEPTED,
    )
    outbound = Referral.objects.create(
        direction=Referral.Direction.OUT,
        organisation=family.organisation,
        partner=partner,
        family=family,
        caregiver=mother,
        via=Referral.Via.WEB,
        reason_code="low_literacy_parent",
        reason_text=CANARIES["reason"],
        partner_feedback=CANARIES["partner_feedback"],
        payload=payload,
        created_by=owner,
    )
    return inbound, outbound


def _export(family: Family, officer: User) -> None:
    job = Job.objects.create(
        kind="verify_access_log",
        scope="personal",
        started_by=officer,
        params={"family": str(family.pk)},
        status="done",
    )
    content = base64.b64encode(CANARIES["export"].encode()).decode()
    JobFile.objects.create(
        job=job,
        name="export.json",
        content_type="application/json",
        size=10,
        content=content,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    PrivacyExport.objects.create(
        organisation=officer.organisation,
        family=family,
        reason=CANARIES["export_reason"],
        job=job,
        created_by=officer,
    )
    ProcessingRestriction.objects.create(
        organisation=officer.organisation,
        family=family,
        set_by=officer,
        reason=CANARIES["restriction"],
        lifted_at=timezone.now(),
        lifted_by=officer,
        lift_reason=CANARIES["lift"],
    )


def erasure_request(officer: User, family: Family) -> DataSubjectRequest:
    return DataSubjectRequest.objects.create(
        organisation=officer.organisation,
        family=family,
        kind=DataSubjectRequest.Kind.ERASURE,
        description="Verzoek om alles te wissen",
        identity_checked_by=officer,
        identity_checked_on=timezone.localdate(),
        identity_method=DataSubjectRequest.IdentityMethod.IN_PERSON,
    )


def canary_world(library: Any, partner: Any) -> CanaryWorld:
    """A family of ``library`` holding a canary in every personal field (see ``CANARIES``)."""
    people = {
        role: UserFactory(organisation=library, role=role)
        for role in (
            Role.COORDINATOR,
            Role.SPECIALIST,
            Role.VOLUNTEER,
            Role.COACH,
            Role.PRIVACY_OFFICER,
        )
    }
    owner, coordinator = people[Role.SPECIALIST], people[Role.COORDINATOR]
    family = _family(library, owner)
    mother = _members(family)
    Consent.objects.create(
        family=family, given_by=mother, purpose="registration", text_version="1", method="written"
    )
    placement = active_placement(coordinator, people[Role.VOLUNTEER], family)
    _placement_records(placement, people[Role.VOLUNTEER], coordinator)
    inbound, outbound = _referrals(family, mother, partner, owner)
    contact = Contact.objects.create(organisation=library, coach=people[Role.COACH], family=family)
    LocationFactory(organisation=library)
    access.families.grant(people[Role.COACH], family)
    _export(family, people[Role.PRIVACY_OFFICER])
    return CanaryWorld(
        family=family,
        officer=people[Role.PRIVACY_OFFICER],
        coordinator=coordinator,
        volunteer=people[Role.VOLUNTEER],
        coach=people[Role.COACH],
        owner=owner,
        request=erasure_request(people[Role.PRIVACY_OFFICER], family),
        placement=placement,
        inbound=inbound,
        outbound=outbound,
        contact=contact,
    )


# The family's rows, per model: every ciphertext and blind index value they hold.
def _family_rows(family: Family) -> list[Any]:
    placements = Placement.objects.filter(family=family)
    return [
        Family.objects.filter(pk=family.pk),
        Caregiver.objects.filter(family=family),
        Child.objects.filter(family=family),
        placements,
        Visit.objects.filter(placement__in=placements),
        CoordinatorMeeting.objects.filter(placement__in=placements),
        Concern.objects.filter(placement__in=placements),
        Answer.objects.filter(response__placement__in=placements),
        Referral.objects.filter(family=family),
        JobFile.objects.filter(job__params__family=str(family.pk)),
        PrivacyExport.objects.filter(family=family),
        ProcessingRestriction.objects.filter(family=family),
    ]


def sealed_values(family: Family) -> set[str]:
    """Every envelope and blind index value of the family's rows (taken before erasing)."""
    values: set[str] = set()
    for rows in _family_rows(family):
        model = rows.model
        names = [f.attname for f in encrypted_fields(model)]
        names += [f.attname for f in model._meta.concrete_fields if f.name.endswith("_index")]
        for row in rows.values_list(*names):
            values.update(str(v) for v in row if v)
    return values


def table_cells() -> list[tuple[str, str]]:
    """(table, cell text) of every live row of every table: what a raw scan would see."""
    cells = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - our own table names
            for row in cursor.fetchall():
                for cell in row:
                    if cell is None:
                        continue
                    if isinstance(cell, memoryview | bytes):
                        text = bytes(cell).decode("latin-1")
                    else:
                        text = str(cell)
                    cells.append((table, text))
    return cells


def leaks(needles: set[str]) -> list[tuple[str, str]]:
    """(table, needle) for every needle found in any cell (case-insensitive)."""
    lowered = {needle: needle.lower() for needle in needles if needle}
    found = set()
    for table, text in table_cells():
        low = text.lower()
        for needle, needle_low in lowered.items():
            if needle_low in low:
                found.add((table, needle))
    return sorted(found)
