import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404

from accounts.models import Role
from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, BoekStartSession, Consent, Family, Voucher
from gezinsaanpak.models.boekstart import COUNT_FIELDS
from gezinsaanpak.privacy.fields import BlindIndexField, EncryptedCharField, EncryptedTextField
from gezinsaanpak.reports import boekstart as boekstart_figures
from gezinsaanpak.selectors import boekstart as selectors
from gezinsaanpak.services import boekstart as services
from gezinsaanpak.services.errors import ServiceError
from tests.factories import (
    CaregiverFactory,
    FamilyFactory,
    LocationFactory,
    MunicipalityFactory,
    UserFactory,
)

TODAY = datetime.date.today()
COUNTS = {
    "conversations": 9,
    "topic_reading_aloud": 6,
    "topic_multilingual": 3,
    "topic_media": 2,
    "topic_membership": 4,
    "topic_taalhuis": 1,
    "vouchers_handed_out": 3,
    "koffertjes": 2,
    "invited_to_library": 5,
}
PARENT = {
    "given_name": "Samira",
    "family_name": "El Idrissi",
    "relation": "mother",
    "phone": "+31612345678",
    "postcode": "6461AB",
    "house_number": "7",
    "languages": ["ar", "nl"],
    "child_given_name": "Yara",
    "child_date_of_birth": TODAY - datetime.timedelta(days=100),
}


@pytest.fixture
def location(library):
    return LocationFactory(organisation=library, name="Consultatiebureau Kerkrade-West")


def contact_data(library, **overrides):
    return {**PARENT, "municipality": library.municipalities.first(), **overrides}


def test_a_session_holds_no_personal_data(coach, location):
    session = services.session_log(
        actor=coach, location=location, date=TODAY, counts=COUNTS, voucher_numbers=["BS-1"]
    )
    fields = BoekStartSession._meta.get_fields()
    personal = (EncryptedCharField, EncryptedTextField, BlindIndexField)
    assert not [f.name for f in fields if isinstance(f, personal)]
    related = {f.related_model._meta.model_name for f in fields if f.is_relation}
    assert related <= {"organisation", "user", "location", "voucher", "contact"}
    stored_columns = {f.column for f in BoekStartSession._meta.concrete_fields}
    assert stored_columns == {
        "id",
        "organisation_id",
        "coach_id",
        "location_id",
        "date",
        "created_at",
        *COUNT_FIELDS,
    }
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT * FROM {BoekStartSession._meta.db_table} WHERE id = %s",  # noqa: S608
            [session.pk.hex if connection.vendor == "sqlite" else session.pk],
        )
        row = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
    for name in COUNT_FIELDS:
        assert row[name] == COUNTS[name]
    assert set(row) == stored_columns
    assert str(row["coach_id"]).replace("-", "") == coach.pk.hex
    assert str(row["location_id"]).replace("-", "") == location.pk.hex


def test_topics_cannot_exceed_conversations(coach, location):
    with pytest.raises(ValidationError) as error:
        services.session_log(
            actor=coach,
            location=location,
            date=TODAY,
            counts={**COUNTS, "conversations": 2, "topic_reading_aloud": 5},
        )
    assert "topic_reading_aloud" in error.value.message_dict
    assert not BoekStartSession.objects.exists()


def test_only_coaches_log_sessions_at_their_own_locations(coordinator, coach, outsider, location):
    with pytest.raises(Http404):
        services.session_log(actor=coordinator, location=location, date=TODAY, counts=COUNTS)
    foreign_coach = UserFactory(organisation=outsider.organisation, role=Role.COACH)
    with pytest.raises(Http404):
        services.session_log(actor=foreign_coach, location=location, date=TODAY, counts=COUNTS)


def test_voucher_numbers_must_be_new_and_not_more_than_handed_out(coach, location):
    services.session_log(
        actor=coach, location=location, date=TODAY, counts=COUNTS, voucher_numbers=["bs-1 ", "BS-2"]
    )
    with pytest.raises(ServiceError) as error:
        services.session_log(
            actor=coach, location=location, date=TODAY, counts=COUNTS, voucher_numbers=["BS-2"]
        )
    assert error.value.field == "voucher_numbers" and "BS-2" in error.value.message
    with pytest.raises(ServiceError):
        services.session_log(
            actor=coach,
            location=location,
            date=TODAY,
            counts=COUNTS,
            voucher_numbers=["A", "B", "C", "D"],
        )
    assert BoekStartSession.objects.count() == 1


def test_voucher_pickup_per_municipality_and_month(library, coordinator, coach):
    kerkrade = library.municipalities.first()
    brunssum = MunicipalityFactory(name="Brunssum")
    library.municipalities.add(brunssum)
    west = LocationFactory(organisation=library, municipality=kerkrade)
    noord = LocationFactory(organisation=library, municipality=brunssum)
    jan, feb, mar = datetime.date(2025, 1, 14), datetime.date(2025, 2, 3), datetime.date(2025, 3, 1)
    services.vouchers_issue(
        actor=coordinator, location=west, numbers=["K1", "K2", "K3", "K4"], issued_on=jan
    )
    services.vouchers_issue(actor=coordinator, location=west, numbers=["K5", "K6"], issued_on=feb)
    services.vouchers_issue(
        actor=coordinator, location=noord, numbers=["B1", "B2", "B3"], issued_on=jan
    )
    services.vouchers_issue(actor=coordinator, location=noord, numbers=["B4"], issued_on=mar)
    # Redeemed later still count for the month of issue.
    for number, day in [("K1", jan), ("K2", feb), ("K5", mar), ("B1", mar), ("b2", mar)]:
        services.voucher_redeem(actor=coach, number=number, redeemed_on=day)

    # March is outside the period: B4 (issued 1 March) is not counted.
    rows = boekstart_figures.voucher_pickup(coordinator, start=jan, end=mar)
    by_key = {(r.municipality, r.month): (r.issued, r.redeemed, r.rate) for r in rows}
    assert by_key == {
        ("Brunssum", datetime.date(2025, 1, 1)): (3, 2, 67),
        (kerkrade.name, datetime.date(2025, 1, 1)): (4, 2, 50),
        (kerkrade.name, datetime.date(2025, 2, 1)): (2, 1, 50),
    }
    assert len(rows) == 3
    with pytest.raises(Http404):
        boekstart_figures.voucher_pickup(coach, start=jan, end=mar)


def test_a_voucher_is_redeemed_once_and_not_before_issue(coordinator, location):
    services.vouchers_issue(
        actor=coordinator, location=location, numbers=["X1"], issued_on=datetime.date(2025, 5, 1)
    )
    with pytest.raises(ServiceError) as early:
        services.voucher_redeem(
            actor=coordinator, number="X1", redeemed_on=datetime.date(2025, 4, 1)
        )
    assert early.value.field == "redeemed_on"
    services.voucher_redeem(actor=coordinator, number="X1")
    with pytest.raises(ServiceError) as again:
        services.voucher_redeem(actor=coordinator, number="X1")
    assert again.value.field == "number"
    with pytest.raises(ServiceError):
        services.voucher_redeem(actor=coordinator, number="NOPE")


def test_a_follow_up_contact_creates_a_referred_family_with_consent(coach, library, location):
    session = services.session_log(actor=coach, location=location, date=TODAY, counts=COUNTS)
    contact = services.contact_register(actor=coach, data=contact_data(library), session=session)
    family = contact.family
    assert family.status == Family.Status.REFERRED
    assert family.case_owner is None
    parent = family.caregivers.get()
    assert (parent.given_name, parent.family_name, parent.legal_authority) == (
        "Samira",
        "El Idrissi",
        True,
    )
    assert family.children.get().given_name == "Yara"
    consent = Consent.objects.get(family=family)
    assert (consent.purpose, consent.given_by, consent.recorded_by) == (
        "follow_up_contact",
        parent,
        coach,
    )
    assert access.family_for(coach, family.pk) == family
    assert not access.may(coach, access.Capability.CHANGE_FAMILY, family)
    actions = set(
        AccessEvent.objects.filter(family_id=family.pk).values_list("object_type", "action")
    )
    assert {
        ("family", "create"),
        ("caregiver", "create"),
        ("consent", "create"),
        ("contact", "create"),
    } <= actions


def test_a_coach_sees_only_their_own_contacts_families(coach, library, location):
    other_coach = UserFactory(organisation=library, role=Role.COACH)
    mine = services.contact_register(actor=coach, data=contact_data(library))
    theirs = services.contact_register(
        actor=other_coach,
        data=contact_data(
            library,
            family_name="Jansen",
            postcode="6411AA",
            house_number="1",
            child_date_of_birth=TODAY - datetime.timedelta(days=40),
        ),
    )
    unrelated = FamilyFactory(organisation=library)
    assert set(access.families_visible_to(coach)) == {mine.family}
    assert [c.pk for c in selectors.contacts_of(coach).object_list] == [mine.pk]
    for family in (theirs.family, unrelated):
        with pytest.raises(Http404):
            access.family_for(coach, family.pk)
    with pytest.raises(Http404):
        selectors.contact_get(coach, theirs.pk)
    # Reading my contacts logs one line per family, fields by name only.
    line = AccessEvent.objects.filter(actor_id=coach.pk, action="list").get()
    assert line.family_id == mine.family_id and "caregiver.family_name" in line.fields
    # A granted family appears; a revoked grant hides it again on the next read.
    access.families.grant(coach, unrelated)
    assert unrelated in access.families_visible_to(coach)
    access.families.revoke(coach, mine.family)
    assert list(selectors.contacts_of(coach).object_list) == []


def test_duplicate_warning_then_confirm_or_link(coach, library):
    existing = FamilyFactory(organisation=library, postcode="6461AB", house_number="7")
    CaregiverFactory(family=existing, family_name="El Idrissi", given_name="Samira")
    with pytest.raises(services.PossibleDuplicateError) as warning:
        services.contact_register(actor=coach, data=contact_data(library))
    assert warning.value.field == "confirm_not_duplicate"
    assert [d.visible for d in warning.value.duplicates] == [False]
    # The coach cannot link a file they may not see: it is simply not found.
    with pytest.raises(Http404):
        services.contact_register(actor=coach, data=contact_data(library), family_id=existing.pk)
    assert Family.objects.count() == 1
    # Once granted, linking works and consent comes from the parent on the file.
    access.families.grant(coach, existing)
    contact = services.contact_register(
        actor=coach, data=contact_data(library), family_id=existing.pk
    )
    assert contact.family == existing and Family.objects.count() == 1
    assert Consent.objects.get(family=existing).given_by.family_name == "El Idrissi"
    confirmed = services.contact_register(
        actor=coach, data=contact_data(library), confirm_not_duplicate=True
    )
    assert confirmed.family != existing


def test_linking_needs_the_parent_on_the_file(coach, library):
    existing = FamilyFactory(organisation=library)
    CaregiverFactory(family=existing, family_name="Bakker")
    access.families.grant(coach, existing)
    with pytest.raises(ServiceError) as error:
        services.contact_register(actor=coach, data=contact_data(library), family_id=existing.pk)
    assert error.value.field == "family_name"
    assert not Consent.objects.exists()


def test_warm_handover_reaches_the_coordinator(coach, coordinator, library):
    contact = services.contact_register(actor=coach, data=contact_data(library))
    assert list(selectors.handovers_waiting(coordinator).object_list) == []
    services.contact_handover(actor=coach, contact=contact)
    assert [c.pk for c in selectors.handovers_waiting(coordinator).object_list] == [contact.pk]
    share = AccessEvent.objects.get(action="share", object_type="contact")
    assert share.family_id == contact.family_id and share.details == {"handover": "library"}
    assert share.fields == ["handed_over_at"]
    with pytest.raises(ServiceError):
        services.contact_handover(actor=coach, contact=contact)
    other_coach = UserFactory(organisation=library, role=Role.COACH)
    with pytest.raises(Http404):
        services.contact_handover(actor=other_coach, contact=contact)


def test_handover_needs_valid_consent(coach, library):
    contact = services.contact_register(actor=coach, data=contact_data(library))
    Consent.objects.filter(family=contact.family).update(withdrawn_at=contact.created_at)
    with pytest.raises(ServiceError):
        services.contact_handover(actor=coach, contact=contact)


def test_session_totals_per_location_and_month(coordinator, coach, location):
    for day in (datetime.date(2025, 3, 4), datetime.date(2025, 3, 11), datetime.date(2025, 4, 1)):
        services.session_log(actor=coach, location=location, date=day, counts=COUNTS)
    rows = boekstart_figures.session_totals(
        coordinator, start=datetime.date(2025, 1, 1), end=datetime.date(2026, 1, 1)
    )
    assert [(r["sessions"], r["conversations"], r["vouchers_handed_out"]) for r in rows] == [
        (2, 18, 6),
        (1, 9, 3),
    ]


def test_vouchers_of_another_organisation_are_not_found(coordinator, outsider, location):
    services.vouchers_issue(actor=coordinator, location=location, numbers=["Z9"], issued_on=TODAY)
    with pytest.raises(ServiceError) as error:
        services.voucher_redeem(actor=outsider, number="Z9")
    assert error.value.field == "number"
    assert Voucher.objects.get().redeemed_on is None
