import datetime

import pytest
from django.db import connection

from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Consent, Family
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory


def registration(municipality, **overrides):
    data = {
        "municipality": str(municipality.pk),
        "postcode": "1234 ab",
        "house_number": "12a",
        "street": "Kanaalstraat",
        "city": "Kerkrade",
        "phone": "06 12345678",
        "email": "fam.jansen@example.org",
        "home_languages": ["ar", "nl"],
        "reading_languages": ["ar"],
        "notes": "Moeder wil graag meer voorlezen.",
        "cg-TOTAL_FORMS": "1",
        "cg-INITIAL_FORMS": "0",
        "cg-MIN_NUM_FORMS": "1",
        "cg-MAX_NUM_FORMS": "6",
        "cg-0-given_name": "Fatima",
        "cg-0-family_name": "Jansen",
        "cg-0-relation": "mother",
        "cg-0-legal_authority": "on",
        "cg-0-languages": ["ar"],
        "ch-TOTAL_FORMS": "1",
        "ch-INITIAL_FORMS": "0",
        "ch-MIN_NUM_FORMS": "1",
        "ch-MAX_NUM_FORMS": "10",
        "ch-0-given_name": "Noor",
        "ch-0-date_of_birth": "2024-03-15",
    }
    data.update(overrides)
    return data


@pytest.fixture
def municipality(library):
    return library.municipalities.first()


@pytest.mark.django_db
def test_specialist_registers_a_family_and_owns_it(specialist, municipality):
    client = client_for(specialist)
    response = client.post("/families/new/", registration(municipality))
    assert response.status_code == 302, response.content.decode()[:3000]
    family = Family.objects.get()
    assert response.url == f"/families/{family.pk}/"
    assert family.case_owner == specialist
    assert family.caregivers.get().family_name == "Jansen"
    assert family.children.get().birth_month == datetime.date(2024, 3, 1)
    assert access.family_for(specialist, family.pk) == family
    assert AccessEvent.objects.filter(family_id=family.pk, action="create").count() == 3


@pytest.mark.django_db
def test_registration_stores_no_plaintext(specialist, municipality):
    client_for(specialist).post("/families/new/", registration(municipality))
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM gezinsaanpak_family")
        family_row = " ".join(str(v) for v in cursor.fetchone())
        cursor.execute("SELECT * FROM gezinsaanpak_caregiver")
        caregiver_row = " ".join(str(v) for v in cursor.fetchone())
    for canary in ("Kanaalstraat", "12345678", "fam.jansen", "Moeder wil"):
        assert canary not in family_row
    assert "Fatima" not in caregiver_row
    assert "Jansen" not in caregiver_row
    assert "v1:" in family_row


@pytest.mark.django_db
def test_bad_registration_shows_dutch_errors_and_stores_nothing(specialist, municipality):
    data = registration(municipality, postcode="12345", **{"ch-0-date_of_birth": "2099-01-01"})
    response = client_for(specialist).post("/families/new/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Vul een Nederlandse postcode in" in content
    assert "De geboortedatum ligt in de toekomst." in content
    assert Family.objects.count() == 0


@pytest.mark.django_db
def test_duplicate_warning_names_a_visible_match(specialist, municipality):
    client = client_for(specialist)
    client.post("/families/new/", registration(municipality))
    first = Family.objects.get()
    response = client.post("/families/new/", registration(municipality, postcode="1234AB"))
    content = response.content.decode()
    assert response.status_code == 200
    assert f"/families/{first.pk}/" in content
    assert Family.objects.count() == 1
    confirmed = registration(municipality, confirm_not_duplicate="on")
    assert client.post("/families/new/", confirmed).status_code == 302
    assert Family.objects.count() == 2


@pytest.mark.django_db
def test_duplicate_warning_hides_a_match_the_user_may_not_see(
    specialist, other_specialist, municipality
):
    client_for(other_specialist).post("/families/new/", registration(municipality))
    hidden = Family.objects.get()
    data = registration(municipality, postcode="9999 ZZ", **{"cg-0-family_name": "jansen "})
    response = client_for(specialist).post("/families/new/", data)
    content = response.content.decode()
    assert "Vraag uw coördinator" in content
    assert str(hidden.pk) not in content


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["1234 ab", " 1234AB ", "1234ab"])
def test_search_by_postcode_through_the_blind_index(specialist, municipality, term):
    client = client_for(specialist)
    client.post("/families/new/", registration(municipality))
    family = Family.objects.get()
    response = client.post("/families/", {"kind": "postcode", "term": term})
    assert f"/families/{family.pk}/" in response.content.decode()
    assert AccessEvent.objects.filter(action="search", family_id=family.pk).count() == 1


@pytest.mark.django_db
def test_search_by_family_name_and_phone(specialist, municipality):
    client = client_for(specialist)
    client.post("/families/new/", registration(municipality))
    family = Family.objects.get()
    for kind, term in (("family_name", "JANSEN"), ("phone", "+31612345678")):
        content = client.post("/families/", {"kind": kind, "term": term}).content.decode()
        assert f"/families/{family.pk}/" in content, kind


@pytest.mark.django_db
def test_search_does_not_find_families_the_user_may_not_see(
    specialist, other_specialist, municipality
):
    client_for(other_specialist).post("/families/new/", registration(municipality))
    content = (
        client_for(specialist)
        .post("/families/", {"kind": "postcode", "term": "1234AB"})
        .content.decode()
    )
    assert "Geen gezin gevonden" in content


@pytest.mark.django_db
def test_list_logs_one_line_per_family_shown(coordinator, library):
    families = FamilyFactory.create_batch(7, organisation=library)
    FamilyFactory(organisation=FamilyFactory().organisation)  # another organisation
    AccessEvent.objects.all()  # nothing to clear: the table is append-only
    before = AccessEvent.objects.count()
    response = client_for(coordinator).get("/families/")
    assert response.status_code == 200
    lines = AccessEvent.objects.filter(action="list").order_by("sequence")[before:]
    assert sorted(str(line.family_id) for line in lines) == sorted(str(f.pk) for f in families)
    assert all(line.action == "list" for line in lines)


@pytest.mark.django_db
def test_detail_shows_the_file_and_who_viewed_it(specialist, library):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family, given_name="Samira", family_name="El Amrani")
    ChildFactory(family=family, given_name="Yara")
    access.families.grant(specialist, family, change=True)
    client = client_for(specialist)
    client.get(f"/families/{family.pk}/")
    content = client.get(f"/families/{family.pk}/").content.decode()
    assert "El Amrani" in content
    assert "Yara" in content
    assert "Wie heeft dit dossier bekeken" in content
    assert specialist.email in content


@pytest.mark.django_db
def test_edit_changes_the_file_and_logs_field_names(specialist, library):
    family = FamilyFactory(organisation=library, case_owner=specialist, postcode="1234 AB")
    caregiver = CaregiverFactory(family=family)
    child = ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    data = registration(
        library.municipalities.first(),
        postcode="6461 AA",
        **{
            "cg-TOTAL_FORMS": "1",
            "cg-INITIAL_FORMS": "1",
            "cg-0-id": str(caregiver.pk),
            "ch-TOTAL_FORMS": "1",
            "ch-INITIAL_FORMS": "1",
            "ch-0-id": str(child.pk),
        },
    )
    response = client_for(specialist).post(f"/families/{family.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    family.refresh_from_db()
    assert family.postcode == "6461 AA"
    update = AccessEvent.objects.filter(
        family_id=family.pk, action="update", object_type="family"
    ).get()
    assert "postcode" in update.fields
    assert "6461" not in str(update.fields)


@pytest.mark.django_db
def test_closing_needs_a_reason(specialist, library):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, family, change=True)
    client = client_for(specialist)
    client.post(f"/families/{family.pk}/status/", {"status": "closed"})
    family.refresh_from_db()
    assert family.status == "active"
    client.post(
        f"/families/{family.pk}/status/",
        {"status": "closed", "close_reason": "moved", "confirmed": "yes"},
    )
    family.refresh_from_db()
    assert family.status == "closed"
    assert family.closed_on is not None


@pytest.mark.django_db
def test_consent_is_recorded_and_withdrawn(specialist, library, partner_org):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    parent = CaregiverFactory(family=family, legal_authority=True)
    access.families.grant(specialist, family, change=True)
    client = client_for(specialist)
    response = client.post(
        f"/families/{family.pk}/consent/",
        {
            "given_by": str(parent.pk),
            "purpose": "share_with_partner",
            "partner": str(partner_org.pk),
            "text_version": "2026-1",
            "method": "written",
        },
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    assert consent.partner == partner_org
    client.post(f"/families/{family.pk}/consent/{consent.pk}/withdraw/", {"confirmed": "yes"})
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None


@pytest.mark.django_db
def test_consent_for_sharing_needs_a_partner(specialist, library):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    parent = CaregiverFactory(family=family)
    access.families.grant(specialist, family, change=True)
    response = client_for(specialist).post(
        f"/families/{family.pk}/consent/",
        {
            "given_by": str(parent.pk),
            "purpose": "share_with_partner",
            "text_version": "2026-1",
            "method": "written",
        },
    )
    assert response.status_code == 200
    assert "Noem de partner" in response.content.decode()
    assert Consent.objects.count() == 0


@pytest.mark.django_db
def test_specialist_gives_a_colleague_access_and_takes_it_away(
    specialist, other_specialist, library
):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, family, change=True)
    client = client_for(specialist)
    colleague = client_for(other_specialist)
    assert colleague.get(f"/families/{family.pk}/").status_code == 404
    client.post(f"/families/{family.pk}/access/", {"colleague": str(other_specialist.pk)})
    assert colleague.get(f"/families/{family.pk}/").status_code == 200
    client.post(f"/families/{family.pk}/access/{other_specialist.pk}/revoke/", {"confirmed": "yes"})
    assert colleague.get(f"/families/{family.pk}/").status_code == 404


@pytest.mark.django_db
def test_a_colleague_of_another_organisation_cannot_be_given_access(specialist, outsider, library):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    access.families.grant(specialist, family, change=True)
    response = client_for(specialist).post(
        f"/families/{family.pk}/access/", {"colleague": str(outsider.pk)}
    )
    assert response.status_code == 200
    assert client_for(outsider).get(f"/families/{family.pk}/").status_code == 404


@pytest.mark.django_db
def test_caseload_counts_open_files_per_owner(coordinator, specialist, library):
    FamilyFactory.create_batch(3, organisation=library, case_owner=specialist, status="active")
    FamilyFactory(
        organisation=library,
        case_owner=specialist,
        status="closed",
        closed_on=datetime.date.today(),
        close_reason="moved",
    )
    content = client_for(coordinator).get("/caseload/").content.decode()
    assert specialist.name in content
    assert ">3<" in content
