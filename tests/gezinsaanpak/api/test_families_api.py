import pytest

from gezinsaanpak import access
from gezinsaanpak.models import AccessEvent, Consent, Family
from tests.conftest import client_for
from tests.factories import CaregiverFactory, ChildFactory, FamilyFactory


def payload(municipality, **overrides):
    body = {
        "municipality": str(municipality.pk),
        "postcode": "6461ab",
        "house_number": "3",
        "street": "Markt",
        "city": "Kerkrade",
        "phone": "0612345678",
        "home_languages": ["tr"],
        "caregivers": [{"given_name": "Ayşe", "family_name": "Yılmaz", "relation": "mother"}],
        "children": [{"given_name": "Elif", "date_of_birth": "2023-05-02"}],
    }
    body.update(overrides)
    return body


@pytest.fixture
def owned(library, specialist):
    family = FamilyFactory(organisation=library, case_owner=specialist)
    CaregiverFactory(family=family)
    ChildFactory(family=family)
    access.families.grant(specialist, family, change=True)
    return family


@pytest.mark.django_db
def test_specialist_creates_a_family_with_members(specialist, library):
    response = client_for(specialist).post(
        "/api/v1/families/",
        payload(library.municipalities.first()),
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["postcode"] == "6461 AB"
    assert body["caregivers"][0]["family_name"] == "Yılmaz"
    assert body["children"][0]["birth_month"] == "2023-05-01"
    assert Family.objects.get().case_owner == specialist


def _caregiver(**fields: object) -> dict[str, object]:
    return {"given_name": "Ayla", "family_name": "Yılmaz", **fields}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "attr", "status"),
    [
        # What the schema refuses: a 400.
        ({"postcode": "12345"}, "postcode", 400),
        ({"home_languages": ["klingon"]}, "home_languages.0", 400),
        ({"home_languages": ["nl"] * 11}, "home_languages", 400),
        (
            {"children": [{"given_name": "X", "date_of_birth": "2999-01-01"}]},
            "children.0.date_of_birth",
            400,
        ),
        ({"caregivers": []}, "caregivers", 400),
        ({"caregivers": [_caregiver() for _ in range(5)]}, "caregivers", 400),
        ({"children": [{"given_name": "X"} for _ in range(9)]}, "children", 400),
        ({"caregivers": [_caregiver(given_name="   ")]}, "caregivers.0.given_name", 400),
        ({"caregivers": [_caregiver(family_name=12)]}, "caregivers.0.family_name", 400),
        ({"caregivers": [_caregiver(legal_authority="yes")]}, "caregivers.0.legal_authority", 400),
        ({"street": "x" * 201}, "street", 400),
        ({"city": 6461}, "city", 400),
        ({"notes": "x" * 5001}, "notes", 400),
        ({"second_participation": 1}, "second_participation", 400),
        # Right form, refused by a rule: a 422.
        ({"phone": "12"}, "phone", 422),
        (
            {"children": [{"given_name": "X", "date_of_birth": "2099-01-01"}]},
            "children.0.date_of_birth",
            422,
        ),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_stores_nothing(
    specialist, library, change, attr, status
):
    response = client_for(specialist).post(
        "/api/v1/families/",
        payload(library.municipalities.first(), **change),
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    body = response.json()
    assert body["type"] == "validation_error"
    assert any(error["attr"].startswith(attr) for error in body["errors"]), body
    assert Family.objects.count() == 0


@pytest.mark.django_db
def test_schema_errors_come_before_rule_errors(specialist, library):
    """A malformed field and a refused rule at once: the 400 names the malformed field only."""
    response = client_for(specialist).post(
        "/api/v1/families/",
        payload(library.municipalities.first(), phone="12", street=12),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert [error["attr"] for error in response.json()["errors"]] == ["street"]


@pytest.mark.django_db
def test_wrong_content_type_is_a_json_415(specialist):
    response = client_for(specialist).post(
        "/api/v1/families/", "postcode=1", content_type="text/plain"
    )
    assert response.status_code == 415
    assert response.json()["type"] == "client_error"


@pytest.mark.django_db
def test_list_logs_exactly_the_families_returned(coordinator, library):
    FamilyFactory.create_batch(4, organisation=library)
    body = client_for(coordinator).get("/api/v1/families/").json()
    shown = sorted(item["id"] for item in body["results"])
    logged = sorted(str(e.family_id) for e in AccessEvent.objects.filter(action="list"))
    assert body["count"] == 4
    assert shown == logged


@pytest.mark.django_db
def test_list_filters_by_status_and_rejects_unknown_status(coordinator, library):
    FamilyFactory(organisation=library, status="intake")
    FamilyFactory(organisation=library, status="active")
    client = client_for(coordinator)
    assert client.get("/api/v1/families/?status=intake").json()["count"] == 1
    bad = client.get("/api/v1/families/?status=weg")
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["attr"] == "status"


@pytest.mark.django_db
def test_volunteer_gets_only_the_visit_fields(volunteer, owned):
    access.families.grant(volunteer, owned)
    body = client_for(volunteer).get(f"/api/v1/families/{owned.pk}/").json()
    assert set(body) == {
        "id",
        "postcode",
        "house_number",
        "street",
        "city",
        "phone",
        "home_languages",
        "reading_languages",
        "caregivers",
        "children",
    }
    assert set(body["caregivers"][0]) == {"id", "given_name", "languages"}
    assert set(body["children"][0]) == {"id", "given_name"}
    line = AccessEvent.objects.filter(actor_id=volunteer.pk, action="read").get()
    assert "family.notes" not in line.fields
    assert "family.postcode" in line.fields


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["other_specialist", "outsider", "volunteer", "privacy_officer", "partner_user"]
)
def test_the_wrong_people_get_404(request, persona, owned):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/api/v1/families/{owned.pk}/").status_code == 404
    patch = client.patch(
        f"/api/v1/families/{owned.pk}/", {"notes": "x"}, content_type="application/json"
    )
    assert patch.status_code == 404


@pytest.mark.django_db
def test_search_by_post_finds_by_postcode(specialist, owned):
    owned.postcode = "6461 AB"
    owned.save()
    response = client_for(specialist).post(
        "/api/v1/families/search/",
        {"kind": "postcode", "term": " 6461ab "},
        content_type="application/json",
    )
    body = response.json()
    assert body["count"] == 1
    assert [item["id"] for item in body["results"]] == [str(owned.pk)]


@pytest.mark.django_db
def test_partial_update_changes_and_logs(specialist, owned):
    response = client_for(specialist).patch(
        f"/api/v1/families/{owned.pk}/", {"city": "Brunssum"}, content_type="application/json"
    )
    assert response.status_code == 200
    owned.refresh_from_db()
    assert owned.city == "Brunssum"
    assert AccessEvent.objects.filter(action="update", family_id=owned.pk).exists()


@pytest.mark.django_db
def test_restricted_file_cannot_be_changed(specialist, owned):
    owned.restricted_processing = True
    owned.save()
    response = client_for(specialist).patch(
        f"/api/v1/families/{owned.pk}/", {"city": "Brunssum"}, content_type="application/json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["type"] == "client_error"
    assert body["errors"][0]["code"] == "processing_restricted"
    assert "beperkt" in body["errors"][0]["detail"]
    owned.refresh_from_db()
    assert owned.city != "Brunssum"


@pytest.mark.django_db
def test_consent_sub_resource(specialist, owned, partner_org):
    parent = owned.caregivers.get()
    client = client_for(specialist)
    response = client.post(
        f"/api/v1/families/{owned.pk}/consents/",
        {
            "given_by": str(parent.pk),
            "purpose": "share_with_partner",
            "partner": str(partner_org.pk),
            "text_version": "v3",
            "method": "digital",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    consent = Consent.objects.get()
    withdrawn = client.post(f"/api/v1/families/{owned.pk}/consents/{consent.pk}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None


@pytest.mark.django_db
def test_every_answer_with_a_whole_file_holds_its_consents(specialist, owned, partner_org):
    """List, search, read and PATCH answer the same file, consents included (the schema's)."""
    client = client_for(specialist)
    parent = owned.caregivers.get()
    consent = {
        "given_by": str(parent.pk),
        "purpose": "share_with_partner",
        "partner": str(partner_org.pk),
        "text_version": "v3",
        "method": "digital",
    }
    recorded = client.post(
        f"/api/v1/families/{owned.pk}/consents/", consent, content_type="application/json"
    )
    assert recorded.status_code == 201, recorded.content
    answers = {
        "list": client.get("/api/v1/families/").json()["results"][0],
        "search": client.post(
            "/api/v1/families/search/",
            {"kind": "postcode", "term": owned.postcode},
            content_type="application/json",
        ).json()["results"][0],
        "read": client.get(f"/api/v1/families/{owned.pk}/").json(),
        "patch": client.patch(
            f"/api/v1/families/{owned.pk}/", {"city": "Brunssum"}, content_type="application/json"
        ).json(),
    }
    for name, body in answers.items():
        assert [c["purpose"] for c in body["consents"]] == ["share_with_partner"], name
    # The list page logs the consent fields it returned.
    line = AccessEvent.objects.filter(actor_id=specialist.pk, action="list").get()
    assert "consent.purpose" in line.fields


@pytest.mark.django_db
def test_a_volunteers_file_has_no_consents(volunteer, owned):
    access.families.grant(volunteer, owned)
    body = client_for(volunteer).get(f"/api/v1/families/{owned.pk}/").json()
    assert "consents" not in body


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["status=", "status=gone", "municipality_id=12", "page=0"])
def test_a_bad_filter_on_the_list_is_a_400(specialist, query):
    response = client_for(specialist).get(f"/api/v1/families/?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["type"] == "validation_error"
